"""Words that change with the person's answers or with the easy-read version.

The forms hold the standard words. This module returns only what differs, so both versions
share one set of questions and one set of rules.
"""
from flask_babel import lazy_gettext as _l

from . import police
from ..content.contacts import number

HEADING = "_heading"  # words for the page's own heading (a Step with a heading of its own)

EASY = {
    "who": {"role": {
        "label": _l("Who are you?"),
        "choices": {
            "victim": _l("It happened to me."),
            "witness": _l("I saw it happen to someone else."),
            "behalf": _l("I am telling you for someone else."),
            "centre": _l("I work at a reporting centre. I am helping someone."),
        }}},
    "centre": {"centre_code": {"label": _l("What is your centre code?"), "hint": _l("It is in your centre pack.")}},
    "what": {"description": {
        "label": _l("What happened?"),
        "hint": _l("Tell us in your own words. Say what they said or did. Say what they looked like."),
    }},
    "why": {
        "strands": {
            "label": _l("Why do you think it happened?"),
            "hint": _l("You can choose more than one."),
            "choices": {
                "race": _l("Skin colour or where someone comes from"),
                "religion": _l("Religion or faith"),
                "sexual-orientation": _l("Being gay, lesbian or bisexual"),
                "disability": _l("Disability"),
                "transgender": _l("Being trans"),
                "gender": _l("Being a woman or girl"),
                "age": _l("Age"),
                "subculture": _l("The way someone dresses or looks"),
                "other": _l("Something else"),
                "not-sure": _l("I am not sure"),
            },
        },
        "strand_other": {"label": _l("Tell us the other reason.")},
    },
    "where": {"location": {
        "label": _l("Where did it happen?"),
        "choices": {
            "street": _l("In the street or a public place"),
            "home": _l("At home or near home"),
            "bus": _l("On a bus or at a bus stop"),
            "train": _l("On a train or at a station"),
            "taxi": _l("In a taxi"),
            "online": _l("Online, on a phone or computer"),
            "work": _l("At work"),
            "school": _l("At school or college"),
            "night-time": _l("At a pub, club or takeaway"),
            "other": _l("Somewhere else"),
        }}},
    "platform": {"platform": {"label": _l("Where online did it happen?"), "hint": _l("Choose the main one.")}},
    "area": {
        "district": {"label": _l("Which area did it happen in?"), "hint": _l("If it was online, choose where you live.")},
        "town": {"label": _l("Which town or place? You do not have to say."), "hint": ""},
    },
    "when": {
        "when": {
            "label": _l("When did it happen?"),
            "choices": {"date": _l("I know the date."), "ongoing": _l("It is still happening."),
                        "not-sure": _l("I am not sure.")},
        },
        "time_of_day": {
            "label": _l("What time was it? You do not have to say."),
            "choices": {"exact": _l("I know the time."), "not-sure": _l("I am not sure.")},
        },
    },
    "disability": {"disabilities": {
        "label": _l("What kind of disability?"), "hint": _l("You can choose more than one. You do not have to answer."),
    }},
    "person": {
        "age_band": {"label": _l("How old are you? You do not have to say.")},
        "hurt": {"label": _l("Were you hurt?")},
    },
    "outcome": {
        "reported": {"label": _l("Have the police been told already?"),
                     "choices": {"not-sure": _l("I am not sure.")}},
        "crime_reference": {"label": _l("The police number for it, if you have one")},
        "outcomes": {
            "label": _l("What do you want to happen?"), "hint": _l("You can choose more than one."),
            "choices": {"police-action": _l("The police do something"), "advice": _l("Advice"),
                        "recorded": _l("Just write it down"), "restorative": _l("A meeting to put things right"),
                        "support-only": _l("Only help and support")},
        },
    },
    "offender": {
        "offender_known": {"label": _l("Do you know who did it?"), "choices": {"not-sure": _l("I am not sure.")}},
        "offender_count": {"label": _l("How many people did it?"), "choices": {"not-sure": _l("I am not sure.")}},
        "offender_description": {"label": _l("What did they look like? You do not have to say."), "hint": ""},
    },
    "witnesses": {
        "witnesses": {"label": _l("Did anyone else see it?"), "choices": {"not-sure": _l("I am not sure.")}},
        "witness_contact": {"label": _l("How can the police reach them?"), "hint": ""},
    },
    "before": {"repeat": {
        "label": _l("Has this happened to you before?"),
        "choices": {"first": _l("No. This is the first time."), "few": _l("Yes. A few times."),
                    "many": _l("Yes. Many times."), "not-sure": _l("I am not sure.")},
    }},
    "evidence": {"files": {
        "label": _l("Choose photos or screenshots"),
        "hint": _l("You can add up to 5. Each one can be up to 10 MB."),
    }},
    "support": {"support": {
        "label": _l("Do you want help from Beacon?"),
        "hint": _l("Beacon helps people after a crime. It is free. "
                   "If you say yes, we tell Beacon your name and how to contact you. "
                   "We tell them a little about what happened."),
        "choices": {"yes": _l("Yes, please."), "no": _l("No, thank you.")},
    }},
    "police": {"police": {
        "label": _l("Do you want us to tell the police?"),
        "choices": police.EASY_CHOICES,
        "choice_hints": police.EASY_MEANING,
    }},
    "contact": {"contact": {
        "label": _l("Can we contact you?"),
        "hint": _l("You do not have to tell us your name."),
        "choices": {"anonymous": _l("No. Do not contact me."), "contact": _l("Yes. I will tell you how.")},
        "choice_hints": {
            "anonymous": _l("We cannot ask you questions. You can read our messages with your code."),
            "contact": _l("You can give us an email or a phone number."),
        },
    }},
    "contact-details": {
        "name": {"label": _l("Your name. You do not have to give it."), "hint": ""},
        "email": {"label": _l("Your email address")},
        "phone": {"label": _l("Your phone number")},
        "voicemail": {"label": _l("Can we leave you a message?")},
        "safe_times": {"label": _l("When is it safe to call you?"), "hint": ""},
    },
    "contact-needs": {
        "language": {"label": _l("Which language do you speak?"), "hint": ""},
        "interpreter": {"label": _l("Do you want someone to help with language?")},
        "access_needs": {"label": _l("Do you need any other help to talk to us?"), "hint": ""},
    },
    "heard": {"heard": {"label": _l("How did you find this website?"), "hint": _l("You do not have to answer.")}},
}

# Before choosing, what each answer leads to (the same words as the confirmation and content pages).
STANDARD = {
    "police": {"police": {"choice_hints": police.MEANING}},
    "contact": {"contact": {"choice_hints": {
        "anonymous": _l("We still read and count your report. We cannot ask you questions, offer you support "
                        "or tell you what happens, except in messages you read with your reference and "
                        "follow-up code. The police may not be able to investigate without talking to you. "
                        "What you write may still show who you are to someone who knows what happened."),
        "contact": _l("A case worker can talk to you about what you would like to happen. We contact you "
                      "only in the way and at the times you say are safe."),
    }}},
}

# Who the questions speak of, by who is reporting (the "who" step). The person it happened to is "you"
# when they report themselves, "the person" for a witness or someone reporting on their behalf, and
# "the person you are helping" for reporting centre staff. Support and contact are asked about the
# person it happened to when someone reports on their behalf or helps them at a centre; a witness is
# asked about themselves, since they may not know the person at all.
OTHER_PERSON = {
    "area": {"district": {"hint": _l("If it happened online, choose the area where the person lives.")}},
    "before": {"repeat": {"label": _l("Has this happened to them before?")}},
    "person": {
        HEADING: {"label": _l("About the person it happened to")},
        "age_band": {"label": _l("How old is the person it happened to? (optional)")},
        "hurt": {"label": _l("Was the person hurt? (optional)")},
    },
    "offender": {"offender_known": {"label": _l("Was it someone the person knows? (optional)")}},
}
EASY_OTHER_PERSON = {
    "area": {"district": {"hint": _l("If it was online, choose where they live.")}},
    "before": {"repeat": {"label": _l("Has this happened to them before?")}},
    "person": {
        HEADING: {"label": _l("About the person it happened to")},
        "age_band": {"label": _l("How old are they? You do not have to say.")},
        "hurt": {"label": _l("Were they hurt?")},
    },
    "offender": {"offender_known": {"label": _l("Do they know who did it?")}},
}
HELPED_PERSON = {
    "area": {"district": {"hint": _l("If it happened online, choose the area where the person you are helping "
                                     "lives.")}},
    "before": {"repeat": {"label": _l("Has this happened to the person you are helping before?")}},
    "person": {
        HEADING: {"label": _l("About the person you are helping")},
        "age_band": {"label": _l("How old is the person you are helping? (optional)")},
        "hurt": {"label": _l("Was the person you are helping hurt? (optional)")},
    },
    "offender": {"offender_known": {"label": _l("Was it someone the person you are helping knows? (optional)")}},
}
EASY_HELPED_PERSON = {
    "area": {"district": {"hint": _l("If it was online, choose where the person you are helping lives.")}},
    "before": {"repeat": {"label": _l("Has this happened to the person you are helping before?")}},
    "person": {
        HEADING: {"label": _l("About the person you are helping")},
        "age_band": {"label": _l("How old is the person you are helping? You do not have to say.")},
        "hurt": {"label": _l("Was the person you are helping hurt?")},
    },
    "offender": {"offender_known": {"label": _l("Does the person you are helping know who did it?")}},
}

# Support and contact for the person it happened to (on their behalf, or at a centre): after the
# question names them, the rest says "they".
THEIR_CONTACT = {
    "support": {"support": {"hint": _l(
        "Beacon's help is free, and the person does not need to have told the police. If you say yes, we give "
        "Beacon their name, how to contact them and a short summary of what happened, so Beacon can offer "
        "them help. We share nothing else. They can say no to Beacon's help at any time.")}},
    "contact": {"contact": {
        "hint": _l("You can give an email address or a phone number for them without giving their name."),
        "choices": {"anonymous": _l("No, do not contact them"),
                    "contact": _l("Yes, I will give you their email address or phone number")},
    }},
    "contact-details": {
        "name": {"label": _l("Their name (optional)")},
        "voicemail": {"label": _l("Is it safe to leave them a message?")},
        "safe_times": {"label": _l("When is it safe to contact them? (optional)")},
    },
    "contact-needs": {
        "language": {"label": _l("Which language would they like us to use? (optional)")},
        "interpreter": {"label": _l("Would they like an interpreter?")},
        "access_needs": {"label": _l("Is there anything that would make it easier for them to talk to us? "
                                     "(optional)")},
    },
}
EASY_THEIR_CONTACT = {
    "support": {"support": {"hint": _l(
        "Beacon helps people after a crime. It is free. If you say yes, we tell Beacon their name and how to "
        "contact them. We tell Beacon a little about what happened.")}},
    "contact": {"contact": {
        "hint": _l("You do not have to tell us their name."),
        "choices": {"anonymous": _l("No. Do not contact them.")},
        "choice_hints": {
            "anonymous": _l("We cannot ask them questions. You can read our messages with your code."),
            "contact": _l("You can give us their email or phone number."),
        },
    }},
    "contact-details": {
        "name": {"label": _l("Their name. You do not have to give it.")},
        "email": {"label": _l("Their email address")},
        "phone": {"label": _l("Their phone number")},
        "voicemail": {"label": _l("Can we leave them a message?")},
        "safe_times": {"label": _l("When is it safe to call them?")},
    },
    "contact-needs": {
        "language": {"label": _l("Which language do they speak?")},
        "interpreter": {"label": _l("Do they want someone to help with language?")},
        "access_needs": {"label": _l("Do they need any other help to talk to us?")},
    },
}
BEHALF_CONTACT = {
    "support": {"support": {"label": _l(
        "Would you like us to put the person in touch with Beacon, Hertfordshire's victim care service?")}},
    "contact": {"contact": {"label": _l("Do you want us to be able to contact the person?")}},
    "contact-details": {HEADING: {"label": _l("How can we contact the person?")}},
    "contact-needs": {HEADING: {"label": _l("The person's language and access needs")}},
}
EASY_BEHALF_CONTACT = {
    "support": {"support": {"label": _l("Does the person want help from Beacon?")}},
    "contact": {"contact": {"label": _l("Can we contact the person?")}},
    "contact-details": {HEADING: {"label": _l("How can we contact the person?")}},
    "contact-needs": {HEADING: {"label": _l("What help does the person need to talk to us?")}},
}
CENTRE_CONTACT = {
    "support": {"support": {"label": _l(
        "Would the person you are helping like us to put them in touch with Beacon, Hertfordshire's victim "
        "care service?")}},
    "contact": {"contact": {"label": _l("Do you want us to be able to contact the person you are helping?")}},
    "contact-details": {HEADING: {"label": _l("How can we contact the person you are helping?")}},
    "contact-needs": {HEADING: {"label": _l("Language and access needs of the person you are helping")}},
}
EASY_CENTRE_CONTACT = {
    "support": {"support": {"label": _l("Does the person you are helping want help from Beacon?")}},
    "contact": {"contact": {"label": _l("Can we contact the person you are helping?")}},
    "contact-details": {HEADING: {"label": _l("How can we contact the person you are helping?")}},
    "contact-needs": {HEADING: {"label": _l("What help does the person you are helping need to talk to us?")}},
}

# role -> (standard, easy) word tables, applied in order.
BY_ROLE = {
    "witness": ((OTHER_PERSON,), (EASY_OTHER_PERSON,)),
    "behalf": ((OTHER_PERSON, THEIR_CONTACT, BEHALF_CONTACT), (EASY_OTHER_PERSON, EASY_THEIR_CONTACT,
                                                               EASY_BEHALF_CONTACT)),
    "centre": ((HELPED_PERSON, THEIR_CONTACT, CENTRE_CONTACT), (EASY_HELPED_PERSON, EASY_THEIR_CONTACT,
                                                                EASY_CENTRE_CONTACT)),
}
# Roles whose support and contact questions are about the person it happened to.
CONTACT_THEM = ("behalf", "centre")

# The exact place, in the words that fit where it happened (both versions).
_PLACE_HINT = {
    "street": (_l("Which street or place? (optional)"), _l("For example the street name, a park or a shop.")),
    "home": (_l("Which street? (optional)"), ""),
    "bus": (_l("Which bus route or number? (optional)"), _l("For example the 301, and the stop if you know it.")),
    "train": (_l("Which train or station? (optional)"),
              _l("For example the 08:15 from Watford Junction to London Euston.")),
    "taxi": (_l("Which taxi or private hire company? (optional)"), ""),
    "online": (_l("Web address or username (optional)"),
               _l("For example the link to the post, or the name of the account.")),
    "work": (_l("Name of the workplace (optional)"), ""),
    "school": (_l("Name of the school, college or university (optional)"), ""),
    "night-time": (_l("Name of the pub, club, bar or takeaway (optional)"), ""),
}
BY_LOCATION = {
    location: {"area": {"place": {"label": label, "hint": hint}}} for location, (label, hint) in _PLACE_HINT.items()
}


WANTS_SUPPORT = {
    "contact": {"contact": {"hint": _l(
        "You asked to be put in touch with Beacon. To do that, we need a way to contact you. "
        "If you stay anonymous, you can still call Beacon yourself on %(beacon)s.",
        beacon=number("beacon"),
    )}},
}
THEY_WANT_SUPPORT = {
    "contact": {"contact": {"hint": _l(
        "You asked for the person to be put in touch with Beacon. To do that, we need a way to contact them. "
        "If they stay anonymous, they can still call Beacon themselves on %(beacon)s.",
        beacon=number("beacon"),
    )}},
}
EASY_THEY_WANT_SUPPORT = {
    "contact": {"contact": {"hint": _l(
        "You asked for help from Beacon for the person. Beacon needs to know how to contact them. "
        "Or they can call Beacon on %(beacon)s.",
        beacon=number("beacon"),
    )}},
}
EASY_WANTS_SUPPORT = {
    "contact": {"contact": {"hint": _l(
        "You asked for help from Beacon. Beacon needs to know how to contact you. "
        "Or you can call Beacon on %(beacon)s.",
        beacon=number("beacon"),
    )}},
}


POLICE_NEEDS_CONTACT = {
    "contact": {"contact": {"hint": _l(
        "You asked us to give the police your name and contact details, or to talk to you first. "
        "To do that, we need a way to contact you."
    )}},
}
POLICE_NEEDS_THEIR_CONTACT = {
    "contact": {"contact": {"hint": _l(
        "You asked us to give the police a name and contact details, or to talk first. "
        "To do that, we need a way to contact the person."
    )}},
}
EASY_POLICE_NEEDS_THEIR_CONTACT = {
    "contact": {"contact": {"hint": _l("You asked us to talk first or to tell the police a name. "
                                       "We need to know how to contact the person.")}},
}
EASY_POLICE_NEEDS_CONTACT = {
    "contact": {"contact": {"hint": _l("You asked us to talk to you or to tell the police your name. "
                                       "We need to know how to contact you.")}},
}


def for_step(step: str, answers: dict, easy: bool) -> dict:
    """Field name -> {"label", "hint", "choices"} overrides for this step and this person."""
    merged: dict = {}
    sources = [EASY.get(step, {})] if easy else [STANDARD.get(step, {})]
    role = answers.get("role")
    for table in BY_ROLE.get(role, ((), ()))[easy]:
        sources.append(table.get(step, {}))
    them = role in CONTACT_THEM
    if answers.get("police") in (police.WITH_DETAILS, police.TALK_FIRST):
        table = ((EASY_POLICE_NEEDS_THEIR_CONTACT if them else EASY_POLICE_NEEDS_CONTACT) if easy
                 else (POLICE_NEEDS_THEIR_CONTACT if them else POLICE_NEEDS_CONTACT))
        sources.append(table.get(step, {}))
    if answers.get("support") == "yes":
        table = ((EASY_THEY_WANT_SUPPORT if them else EASY_WANTS_SUPPORT) if easy
                 else (THEY_WANT_SUPPORT if them else WANTS_SUPPORT))
        sources.append(table.get(step, {}))
    sources.append(BY_LOCATION.get(answers.get("location"), {}).get(step, {}))
    for source in sources:
        for name, parts in source.items():
            merged.setdefault(name, {}).update(parts)
    return merged



# Said at once on the page after the person says they were hurt or are under 18. Words only: they
# never stop the report. (pictogram, words) for each idea, for the easy-read version.
HURT_NOW = [
    ("phone", _l("If anyone is hurt and needs help now, call %(emergency)s.", emergency=number("police-emergency"))),
    ("plaster", _l("For advice about an injury, call NHS %(nhs)s.", nhs=number("nhs-111"))),
]
UNDER_18 = [
    ("thumbs-up", _l("You can still send this report.")),
    ("phone", _l(
        "Childline is free and private for young people. Call %(childline)s at any time.",
        childline=number("childline"),
    )),
    ("people", _l("You can also talk to an adult you trust, like a teacher or family member.")),
    ("warning", _l("If someone is in danger, we may need to share what you tell us.")),
]
SAFETY_AFTER = "person"  # the step whose answers these follow


def safety(after: str | None, answers: dict) -> list[tuple]:
    """What to say at once, on the page shown just after the "about you" answers."""
    if after != SAFETY_AFTER:
        return []
    said = []
    if answers.get("hurt") == "yes":
        said += HURT_NOW
    if answers.get("age_band") == "under-18":
        said += UNDER_18
    return said
