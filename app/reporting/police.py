"""The person's decision about the police: the choices, what each one means, and what it allows.

One place for the rule and for its words. The report's question, the check page, the confirmation,
the content pages (through the snippet "police-choices") and the case team's tools all read from
here, so what a person is told is what the site enforces.
"""
from flask_babel import lazy_gettext as _l

WITH_DETAILS = "with-details"
FACTS_ONLY = "facts-only"
TALK_FIRST = "talk-first"
NO = "no"

CHOICES = [
    (WITH_DETAILS, _l("Yes, and you can give them my name and contact details")),
    (FACTS_ONLY, _l("Yes, but without my name or contact details")),
    (TALK_FIRST, _l("Not yet: talk to me first")),
    (NO, _l("No")),
]
EASY_CHOICES = {
    WITH_DETAILS: _l("Yes. You can tell them my name."),
    FACTS_ONLY: _l("Yes. But do not tell them my name."),
    TALK_FIRST: _l("Not yet. Talk to me first."),
    NO: _l("No. Do not tell the police."),
}
# What happens next for each answer, in the words the person reads before choosing and after sending.
MEANING = {
    WITH_DETAILS: _l("We pass your report to Hertfordshire Constabulary with your name and how to contact you, "
                     "so that an officer can talk to you and investigate."),
    FACTS_ONLY: _l("We tell the police what happened, where and when, but not who you are. It helps them see "
                   "where hate happens, but without talking to you they may not be able to investigate."),
    TALK_FIRST: _l("We pass nothing to the police until a case worker has talked to you and you have decided. "
                   "We can only talk to you if you give us a way to contact you, or come back with your "
                   "follow-up code."),
    NO: _l("We do not pass your report to the police. We still read it, count it and can offer you support."),
}
EASY_MEANING = {
    WITH_DETAILS: _l("A police officer can talk to you about it."),
    FACTS_ONLY: _l("The police will know what happened. They will not know who you are."),
    TALK_FIRST: _l("We will not tell the police yet. We will ask you first."),
    NO: _l("We will not tell the police."),
}
NOT_THE_POLICE = _l("This website is not the police. In an emergency, call 999.")
EASY_NOT_THE_POLICE = _l("This website is not the police. If you are in danger now, call 999.")
# The working days the site promises for a first response: the number in WORKING_DAYS, and the
# rule that marks a report overdue in the case queue (cases/queue.py).
RESPONSE_DAYS = 3
WORKING_DAYS = _l("The case team reads reports on working days, usually within 3 working days.")
SERIOUS_RISK = _l("Whatever you choose, if we believe someone is at serious risk of harm we may have to tell the "
                  "police or other services, to keep people safe. We will tell you first if we can.")
EASY_SERIOUS_RISK = _l("If someone may get badly hurt, we may have to tell the police. We will try to tell you first.")
# A decision the case team recorded after talking to the person, or because of serious risk.
CHANGE_REASONS = [
    ("person-decided", _l("The person told us their decision")),
    ("serious-risk", _l("Someone is at serious risk of harm")),
]

VALUES = tuple(value for value, _words in CHOICES)


def decision(value: str | None) -> str:
    """A report's decision; a report from before the question was asked counts as 'talk to me first'."""
    return value if value in VALUES else TALK_FIRST


def may_pass_to_police(value: str | None) -> bool:
    return decision(value) in (WITH_DETAILS, FACTS_ONLY)


def may_give_police_contact(value: str | None, wants_contact: bool) -> bool:
    return decision(value) == WITH_DETAILS and wants_contact


def words(value: str | None, easy: bool = False) -> str:
    """The answer as the person chose it."""
    chosen = decision(value)
    return str(EASY_CHOICES[chosen] if easy else dict(CHOICES)[chosen])


def meaning(value: str | None, easy: bool = False) -> str:
    chosen = decision(value)
    return str((EASY_MEANING if easy else MEANING)[chosen])
