"""'Is this a hate crime?': five short questions that point to reporting or support. Nothing is stored."""
from dataclasses import dataclass
from enum import Enum

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from ..forms import RadioInput, SubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from .. import messages

ANSWERS = [("yes", _l("Yes")), ("no", _l("No")), ("not-sure", _l("I'm not sure"))]


def _question(label, required, description="") -> RadioField:
    """One self-check question: yes, no or not sure, and an answer is needed."""
    return RadioField(label, description=description, choices=ANSWERS,
                      validators=[InputRequired(message=required)], widget=RadioInput())


class SelfCheckForm(FlaskForm):
    happened = _question(_l("Did someone say or do something that hurt, frightened or upset you or someone else?"),
                         messages.SELF_CHECK_HAPPENED)
    because = _question(
        _l("Do you think it happened because of who you are, or who they thought you were?"),
        messages.SELF_CHECK_BECAUSE,
        description=_l(
            "For example your race, religion, sexuality, disability or being trans, "
            "or something else such as being a woman or the way you dress."
        ),
    )
    harm = _question(_l("Were you hurt or threatened, or was something damaged or taken?"), messages.SELF_CHECK_HARM)
    # Words alone can be a crime: abuse or threats because of race or religion ("harassment, alarm or
    # distress" by words or writing) was the hate offence Hertfordshire's police recorded most often (strategy, 2015-16).
    words = _question(
        _l("Did they shout abuse, swear at you, call you names or threaten you, in person, in writing or online?"),
        messages.SELF_CHECK_WORDS)
    # A course of conduct (twice or more) can be harassment, a crime, even when each time seems small.
    again = _question(_l("Has it happened more than once, from the same person or people?"), messages.SELF_CHECK_AGAIN)
    submit = SubmitField(_l("See what you can do"), widget=SubmitInput())


class Outcome(Enum):
    HATE_CRIME = "hate-crime"
    HATE_INCIDENT = "hate-incident"
    OTHER_CRIME = "other-crime"
    NOTHING_YET = "nothing-yet"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    # Why it could be a crime, in the order the questions were asked: "harm", "words", "again".
    reasons: tuple[str, ...] = ()


def outcome(happened: str, because: str, harm: str, words: str, again: str) -> Result:
    """The rule behind the self-check. "Not sure" always leans towards reporting: the case team decides."""
    if happened == "no":
        return Result(Outcome.NOTHING_YET)
    if because == "no":
        return Result(Outcome.OTHER_CRIME)
    answers = {"harm": harm, "words": words, "again": again}
    reasons = tuple(name for name, answer in answers.items() if answer in ("yes", "not-sure"))
    return Result(Outcome.HATE_CRIME if reasons else Outcome.HATE_INCIDENT, reasons)
