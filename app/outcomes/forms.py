"""The outcome form. Its rules live in app.outcomes.services.validate, not here."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField

from .. import i18n
from ..forms import RadioInput, SelectInput, TextArea, TextInput, clean_text
from .models import STORY, YOU_SAID

KIND_LABELS = {
    STORY: _l("Story: what reporting led to"),
    YOU_SAID: _l("You said, we did: what people told us, and what changed"),
}


class OutcomeForm(FlaskForm):
    title = StringField(_l("Title"), description=_l("Short and plain, up to 120 characters."),
                        filters=[clean_text], widget=TextInput())
    kind = RadioField(_l("What it is"), choices=list(KIND_LABELS.items()), validate_choice=False,
                      widget=RadioInput())
    lang = SelectField(_l("Language it is written in"), validate_choice=False, widget=SelectInput(),
                       description=_l("It is shown to people reading the site in this language."),
                       choices=[("", "")] + [(lang.code, f"{lang.native_name} ({lang.english_name})")
                                             for lang in i18n.LANGUAGES])
    body = TextAreaField(
        _l("Text"), filters=[clean_text], widget=TextArea(),
        description=_l("Up to 5,000 characters. Leave a blank line between paragraphs. Start a line with ## "
                       "for a heading or - for a list; a link is [words](https://address). Choose ‘Preview’ "
                       "to see it as the public will."))

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in ("kind", "lang", "title", "body")}
