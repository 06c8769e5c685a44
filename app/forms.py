"""Form widgets shared by every feature: GOV.UK Frontend markup, translated, with no empty parts.

govuk-frontend-wtf does the mapping; these subclasses fix what it leaves in English or empty:
the visually hidden "Error:" prefix, a legend that disappears when legend classes are passed,
and an empty hint element when a field has no description.
"""
import re
from dataclasses import dataclass, field as dataclass_field
from datetime import date

from flask_babel import gettext as _
from govuk_frontend_wtf import wtforms_widgets as gov
from wtforms import Field
from wtforms.utils import unset_value

from . import messages

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


class NotSaved(ValueError):
    """Nothing was saved. `errors` maps each field (or a file's row) to a message saying what to do,
    in the person's language. Each feature names its own kind (CampaignInvalid, CentreInvalid, ...)."""

    def __init__(self, errors: dict):
        super().__init__(f"{type(self).__name__}: not saved, check: " + ", ".join(str(k) for k in errors))
        self.errors = errors


# Dates in the staff area: the GOV.UK date input (day, month and year boxes), read by one helper
# for forms (DateInputField) and GET filters (read_date), shown by one macro (components/date_input.html).
DATE_PARTS = ("day", "month", "year")


def parse_date(day: str, month: str, year: str) -> tuple[date | None, object | None]:
    """(the date, None); (None, None) when all three are empty; (None, message) otherwise.
    31 February, a two-digit year or a huge number is "not a real date"."""
    parts = [(p or "").strip() for p in (day, month, year)]
    if not any(parts):
        return None, None
    if not all(parts):
        return None, messages.DATE_PART
    if not all(p.isascii() and p.isdigit() for p in parts) or len(parts[2]) != 4:
        return None, messages.DATE_REAL
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0])), None
    except ValueError:
        return None, messages.DATE_REAL


def date_parts(value: date | None) -> dict[str, str]:
    if value is None:
        return {part: "" for part in DATE_PARTS}
    return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}


@dataclass
class DateAnswer:
    value: date | None
    parts: dict = dataclass_field(default_factory=lambda: date_parts(None))
    problem: object | None = None


def read_date(source, name: str) -> DateAnswer:
    """A date from query or form arguments: `name-day`, `name-month`, `name-year`, or (for links and
    bookmarks made before) `name` as 2026-11-28."""
    if any(f"{name}-{part}" in source for part in DATE_PARTS):
        parts = {part: clean_text(source.get(f"{name}-{part}") or "")[:10] for part in DATE_PARTS}
        value, problem = parse_date(parts["day"], parts["month"], parts["year"])
        return DateAnswer(value, parts, problem)
    text = clean_text(source.get(name) or "")[:20]
    if not text:
        return DateAnswer(None)
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return DateAnswer(None, date_parts(None), messages.DATE_REAL)
    return DateAnswer(value, date_parts(value))


class DateInputField(Field):
    """A date typed in three boxes. `data` is a date, or None when empty or wrong; a wrong date is a
    field error (31 February). Whether a date is needed, and how it relates to others, is the
    service's rule. Shown with the date_input macro; its id is the day box, where the error summary links."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.id = f"{self.name}-day"
        self.parts = date_parts(None)

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data if isinstance(data, date) else None
        self.parts = date_parts(self.data)
        if formdata is not None and (self.name in formdata or any(f"{self.name}-{p}" in formdata for p in DATE_PARTS)):
            answer = read_date(formdata, self.name)
            self.data, self.parts = answer.value, answer.parts
            if answer.problem is not None:
                self.process_errors.append(answer.problem)
