"""The campaign form in the staff area. Rules live in editing.validate_campaign, not here."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField

from ..forms import DateInputField, SubmitInput, TextInput, clean_text
from . import channels


class CampaignForm(FlaskForm):
    code = StringField(_l("Short link code"), description=_l("2 to 24 small letters, numbers and hyphens. It becomes the link /c/code, so keep it short, like bus321."), filters=[clean_text], widget=TextInput())
    name = StringField(_l("Name"), description=_l("For staff only, like Spring bus campaign 2027."), filters=[clean_text], widget=TextInput())
    channel = SelectField(_l("Channel"), choices=[("", "")] + list(channels.CHANNELS), validate_choice=False)
    placement = StringField(_l("Placement"), description=_l("Where exactly it appears, like Route 321 bus rear panel."), filters=[clean_text], widget=TextInput())
    landing_path = StringField(_l("Landing page"), description=_l("The page of this site the link opens, like /how-to-report."), filters=[clean_text], widget=TextInput())
    starts_on = DateInputField(_l("Starts on"))
    ends_on = DateInputField(_l("Ends on"))
    submit = SubmitField(_l("Save campaign"), widget=SubmitInput())

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in
                ("code", "name", "channel", "placement", "landing_path", "starts_on", "ends_on")}
