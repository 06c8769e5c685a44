"""Staff forms. Password managers and paste are welcome: the autocomplete hints help them."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf import wtforms_widgets as gov
from wtforms import HiddenField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, Regexp

from .. import messages
from ..forms import RadioInput, SubmitInput, TextInput
from .models import ADMINISTRATOR, CAMPAIGN_STAFF, CASE_WORKER

# Something@something.something, with no spaces or control characters (no mail is sent yet).
_PART = r"[^@\s\x00-\x1f\x7f]+"
EMAIL_PATTERN = rf"^{_PART}@{_PART}\.{_PART}$"

ROLE_LABELS = {
    ADMINISTRATOR: _l("Administrator"),
    CASE_WORKER: _l("Case worker"),
    CAMPAIGN_STAFF: _l("Campaign staff"),
}
ROLE_HINTS = {
    ADMINISTRATOR: _l("Manages staff accounts, reporting centres and campaigns"),
    CASE_WORKER: _l("Reads and deals with reports"),
    CAMPAIGN_STAFF: _l("Sees campaigns and overall figures, never a single report"),
}


class PasswordInput(gov.GovPasswordInput):
    """GOV.UK password input with its show/hide button in the person's language."""

    def map_gov_params(self, field, **kwargs):
        from flask_babel import gettext as _

        params = super().map_gov_params(field, **kwargs)
        hint = params.get("hint")
        if hint is not None and not hint.get("text") and not hint.get("html"):
            params.pop("hint")
        if "errorMessage" in params:
            params["errorMessage"]["visuallyHiddenText"] = _("Error")
        params.update(
            {
                "showPasswordText": _("Show"),
                "hidePasswordText": _("Hide"),
                "showPasswordAriaLabelText": _("Show password"),
                "hidePasswordAriaLabelText": _("Hide password"),
                "passwordShownAnnouncementText": _("Your password is visible"),
                "passwordHiddenAnnouncementText": _("Your password is hidden"),
            }
        )
        return params


def _email_field(label):
    return StringField(
        label,
        validators=[
            InputRequired(message=messages.STAFF_EMAIL),
            Length(max=254, message=messages.STAFF_EMAIL_FORMAT),
            Regexp(EMAIL_PATTERN, message=messages.STAFF_EMAIL_FORMAT),
        ],
        widget=TextInput(),
    )


class LoginForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        validators=[InputRequired(message=messages.STAFF_EMAIL), Length(max=254, message=messages.STAFF_EMAIL_FORMAT)],
        widget=TextInput(),
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=messages.STAFF_PASSWORD), Length(max=1024, message=messages.STAFF_PASSWORD)],
        widget=PasswordInput(),
    )
    submit = SubmitField(_l("Sign in"), widget=SubmitInput())


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        description=_l("The 6-digit code from your authenticator app, or one of your recovery codes"),
        validators=[InputRequired(message=messages.STAFF_CODE), Length(max=40, message=messages.STAFF_CODE)],
        widget=TextInput(),
    )
    submit = SubmitField(_l("Continue"), widget=SubmitInput())


class TotpSetUpForm(FlaskForm):
    code = StringField(
        _l("Enter the 6-digit code from the app"),
        validators=[
            InputRequired(message=messages.STAFF_CODE), Length(max=40, message=messages.STAFF_SET_UP_CODE_WRONG),
        ],
        widget=TextInput(),
    )
    submit = SubmitField(_l("Finish setting up"), widget=SubmitInput())


class PasswordSetUpForm(FlaskForm):
    username = HiddenField()  # lets password managers save the new password against the email
    password = PasswordField(
        _l("Create a password"),
        description=_l("At least 12 characters. A long phrase is easier to remember and harder to guess."),
        validators=[
            InputRequired(message=messages.STAFF_NEW_PASSWORD),
            Length(min=12, message=messages.STAFF_PASSWORD_LENGTH),
            Length(max=256, message=messages.STAFF_PASSWORD_TOO_LONG),
        ],
        widget=PasswordInput(),
    )
    confirm = PasswordField(
        _l("Enter the password again"),
        validators=[
            InputRequired(message=messages.STAFF_PASSWORD_REPEAT),
            EqualTo("password", message=messages.STAFF_PASSWORD_REPEAT),
        ],
        widget=PasswordInput(),
    )
    submit = SubmitField(_l("Save password"), widget=SubmitInput())


def _role_choices():
    return [(code, label) for code, label in ROLE_LABELS.items()]


class InviteForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        validators=[Length(max=200, message=messages.STAFF_NAME_LENGTH)],
        widget=TextInput(),
    )
    email = _email_field(_l("Email address"))
    role = RadioField(
        _l("Role"),
        choices=_role_choices(),
        validators=[InputRequired(message=messages.STAFF_ROLE)],
        widget=RadioInput(),
    )
    submit = SubmitField(_l("Create the set-up link"), widget=SubmitInput())


class RoleForm(FlaskForm):
    role = RadioField(
        _l("Role"),
        choices=_role_choices(),
        validators=[InputRequired(message=messages.STAFF_ROLE)],
        widget=RadioInput(),
    )
    submit = SubmitField(_l("Change role"), widget=SubmitInput())


class ActionForm(FlaskForm):
    """A button-only form (sign out, disable, enable, new link): only the CSRF token matters."""
