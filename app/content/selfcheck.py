"""'Is this a hate crime?': three questions that point to reporting or support. Nothing is stored."""
from enum import Enum

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from ..forms import RadioInput, SubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from .. import messages

ANSWERS = [("yes", _l("Yes")), ("no", _l("No")), ("not-sure", _l("I'm not sure"))]


class SelfCheckForm(FlaskForm):
    happened = RadioField(
        _l("Did someone say or do something that hurt, frightened or upset you or someone else?"),
        choices=ANSWERS,
        validators=[InputRequired(message=messages.SELF_CHECK_HAPPENED)],
        widget=RadioInput(),
    )
    because = RadioField(
        _l("Do you think it happened because of who you are, or who they thought you were?"),
        description=_l(
            "For example your race, religion, sexuality, disability or being trans, "
            "or something else such as being a woman or the way you dress."
        ),
        choices=ANSWERS,
        validators=[InputRequired(message=messages.SELF_CHECK_BECAUSE)],
        widget=RadioInput(),
    )
    harm = RadioField(
        _l("Were you hurt or threatened, or was something damaged or taken?"),
        choices=ANSWERS,
        validators=[InputRequired(message=messages.SELF_CHECK_HARM)],
        widget=RadioInput(),
    )
    submit = SubmitField(_l("See what you can do"), widget=SubmitInput())


class Outcome(Enum):
    HATE_CRIME = "hate-crime"
    HATE_INCIDENT = "hate-incident"
    OTHER_CRIME = "other-crime"
    NOTHING_YET = "nothing-yet"


def outcome(happened: str, because: str, harm: str) -> Outcome:
    """The rule behind the self-check. "Not sure" always leans towards reporting: the case team decides."""
    if happened == "no":
        return Outcome.NOTHING_YET
    if because == "no":
        return Outcome.OTHER_CRIME
    if harm in ("yes", "not-sure"):
        return Outcome.HATE_CRIME
    return Outcome.HATE_INCIDENT
