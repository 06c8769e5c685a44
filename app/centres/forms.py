"""The finder's two GET forms. No CSRF token: they change nothing and their answers are in the URL."""
from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectField, StringField, SubmitField

from .. import geography
from ..forms import SelectInput, SubmitInput, TextInput


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
