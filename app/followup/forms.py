"""The follow-up forms: a reference and a code, then a message."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from .. import messages
from ..forms import CharacterCount, SubmitInput, TextInput, clean_text
from .services import MAX_MESSAGE


class SignInForm(FlaskForm):
    reference = StringField(
        _l("Your reference"), description=_l("For example, HC-7K3M-9QXA"),
        validators=[DataRequired(message=messages.FOLLOW_UP_REFERENCE), Length(max=40, message=messages.FOLLOW_UP_REFERENCE)],
        filters=[clean_text], widget=TextInput(),
    )
    code = StringField(
        _l("Your follow-up code"), description=_l("12 numbers in groups of 4, for example 4821 0937 5562. "
                                                "A code of 26 letters and numbers from before still works."),
        validators=[DataRequired(message=messages.FOLLOW_UP_CODE), Length(max=80, message=messages.FOLLOW_UP_CODE)],
        filters=[clean_text], widget=TextInput(),
    )
    submit = SubmitField(_l("Continue"), widget=SubmitInput())


class MessageForm(FlaskForm):
    message = TextAreaField(
        _l("What do you want to tell us?"),
        description=_l("For example, something that has happened since, an answer to our question, or anything you forgot."),
        validators=[DataRequired(message=messages.FOLLOW_UP_MESSAGE),
                    Length(max=MAX_MESSAGE, message=messages.FOLLOW_UP_MESSAGE_TOO_LONG)],
        filters=[clean_text], widget=CharacterCount(),
    )
    submit = SubmitField(_l("Send"), widget=SubmitInput())
