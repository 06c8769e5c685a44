"""The finder's two GET forms (no CSRF token: they change nothing and their answers are in the URL), and
the staff form for a centre's details."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, RadioField, SelectField, StringField, SubmitField, TextAreaField

from .. import geography
from ..forms import RadioInput, SelectInput, SubmitInput, TextArea, TextInput, clean_text


class NearForm(Form):
    near = StringField(
        _l("Town, village or postcode"),
        description=_l("For example, Hitchin, WD17 or AL1 3JX"),
        widget=TextInput(),
    )
    find = SubmitField(_l("Find the nearest"), widget=SubmitInput())


class DistrictForm(Form):
    district = SelectField(
        _l("District"),
        choices=[("", _l("All districts"))] + [(d.slug, d.name) for d in geography.DISTRICTS],
        validate_choice=False,
        widget=SelectInput(),
    )
    show = SubmitField(_l("Show centres"), widget=SubmitInput())


class CentreForm(FlaskForm):
    """A centre's details in the staff area. Every rule is in app/centres/rules.py (as for the CSV import):
    this form only collects the text."""

    code = StringField(_l("Centre code"), description=_l("3 to 12 letters, numbers or hyphens, like WAT01. Centre staff type it into a report, so it cannot change later."), filters=[clean_text], widget=TextInput())
    name = StringField(_l("Name"), filters=[clean_text], widget=TextInput())
    address = StringField(_l("Address"), description=_l("Building and street"), filters=[clean_text], widget=TextInput())
    town = StringField(_l("Town"), filters=[clean_text], widget=TextInput())
    postcode = StringField(_l("Postcode"), description=_l("A Hertfordshire postcode, like AL1 3JX. It puts the centre on the map."), filters=[clean_text], widget=TextInput())
    district = SelectField(_l("District"), choices=[("", "")] + [(d.slug, d.name) for d in geography.DISTRICTS],
                           validate_choice=False)
    latitude = StringField(_l("Latitude (optional)"), description=_l("Only when the postcode does not place the centre well, like 51.75"), filters=[clean_text], widget=TextInput())
    longitude = StringField(_l("Longitude (optional)"), description=_l("Like -0.34"), filters=[clean_text], widget=TextInput())
    opening_hours = TextAreaField(_l("Opening hours"), filters=[clean_text], widget=TextArea())
    phone = StringField(_l("Phone"), filters=[clean_text], widget=TextInput())
    email = StringField(_l("Email"), filters=[clean_text], widget=TextInput())
    website = StringField(_l("Website"), description=_l("Starting with https://"), filters=[clean_text], widget=TextInput())
    languages = StringField(_l("Languages spoken"), description=_l("Separate them with a semicolon, like English; Polish; Urdu"), filters=[clean_text], widget=TextInput())
    step_free = RadioField(_l("Is there step-free access?"), choices=[("yes", _l("Yes")), ("no", _l("No"))],
                           default="no", validate_choice=False, widget=RadioInput())
    access_notes = TextAreaField(_l("Access notes"), filters=[clean_text], widget=TextArea())
    services = StringField(_l("Services"), description=_l("Separate them with a semicolon"), filters=[clean_text], widget=TextInput())
    checked = BooleanField(_l("I have checked these details with the centre today"))
    submit = SubmitField(_l("Save centre"), widget=SubmitInput())

    def values(self) -> dict[str, str]:
        return {name: getattr(self, name).data or "" for name in
                ("code", "name", "address", "town", "postcode", "district", "latitude", "longitude",
                 "opening_hours", "phone", "email", "website", "languages", "step_free", "access_notes", "services")}
