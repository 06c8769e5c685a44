"""Form widgets shared by every feature: GOV.UK Frontend markup, translated, with no empty parts.

govuk-frontend-wtf does the mapping; these subclasses fix what it leaves in English or empty:
the visually hidden "Error:" prefix, a legend that disappears when legend classes are passed,
and an empty hint element when a field has no description.
"""
import re

from flask_babel import gettext as _
from govuk_frontend_wtf import wtforms_widgets as gov

# An email address as a person or a spreadsheet gives it: something@somewhere.tld, no spaces.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def clean_text(value):
    """Drop null bytes and other control characters a browser never sends on purpose (keep new lines)."""
    if not isinstance(value, str):
        return value
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", value).strip()


def _tidy(field, params: dict) -> dict:
    hint = params.get("hint")
    if hint is not None and not hint.get("text") and not hint.get("html"):
        params.pop("hint")
    if "errorMessage" in params:
        params["errorMessage"]["visuallyHiddenText"] = _("Error")
    return params


class _Grouped:
    """Radios and checkboxes: the field's label is always the fieldset's legend."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        legend = params.setdefault("fieldset", {}).setdefault("legend", {})
        if not legend.get("text") and not legend.get("html"):
            legend["text"] = field.label.text
        return _tidy(field, params)


class RadioInput(_Grouped, gov.GovRadioInput):
    pass


class CheckboxesInput(_Grouped, gov.GovCheckboxesInput):
    pass


class TextInput(gov.GovTextInput):
    def map_gov_params(self, field, **kwargs):
        return _tidy(field, super().map_gov_params(field, **kwargs))


class TextArea(gov.GovTextArea):
    def map_gov_params(self, field, **kwargs):
        return _tidy(field, super().map_gov_params(field, **kwargs))


class CharacterCount(gov.GovCharacterCount):
    def map_gov_params(self, field, **kwargs):
        return _tidy(field, super().map_gov_params(field, **kwargs))


class SelectInput(gov.GovSelect):
    def map_gov_params(self, field, **kwargs):
        return _tidy(field, super().map_gov_params(field, **kwargs))


class SubmitInput(gov.GovSubmitInput):
    pass


class FileUpload(gov.GovFileInput):
    """A plain file input (works without JavaScript) that may take several files."""

    def __init__(self):
        super().__init__(multiple=True)

    def map_gov_params(self, field, **kwargs):
        return _tidy(field, super().map_gov_params(field, **kwargs))
