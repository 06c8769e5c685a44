"""One small form per question. Labels here are the standard words; easy-read words live in words.py.

Validation is the same for both versions: one set of rules, in this file only.
"""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import MultipleFileField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Optional, StopValidation, ValidationError

from .. import messages
from ..core import clock
from ..centres import services as centres
from ..content.contacts import number
from ..forms import EMAIL, CharacterCount, CheckboxesInput, FileUpload, RadioInput, TextInput, clean_text
from ..geography import DISTRICTS, EXTRA_CHOICES
from . import choices, police

DESCRIPTION_MAX = 10_000
SHORT_MAX = 200


class MaxLength:
    def __init__(self, maximum: int, message=messages.REPORT_TOO_LONG):
        self.maximum, self.message = maximum, message

    def __call__(self, form, field):
        if field.data and len(field.data) > self.maximum:
            # The police number comes from the one table (app/content/contacts.py).
            raise ValidationError(str(self.message) % {"max": self.maximum, "non_emergency": number("police-non-emergency")})


class Required:
    """InputRequired that also refuses text made only of spaces."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if not field.data or (isinstance(field.data, str) and not field.data.strip()):
            field.errors[:] = []
            raise StopValidation(str(self.message))


def _text(label, *validators, description=None, max_length=SHORT_MAX, widget=None):
    return StringField(
        label,
        description=description,
        validators=[*validators, MaxLength(max_length)],
        filters=[clean_text],
        widget=widget or TextInput(),
    )


class StepForm(FlaskForm):
    """A question's form. The hooks below fit a question whose answers are its fields; a form whose
    answers differ from what was typed overrides them."""

    class Meta:
        locales = False

    # A choice that reveals more fields beneath it: choice value -> the field's name, or a tuple of
    # names for a date input (shown as GOV.UK's conditional reveal).
    revealed: dict = {}
    # A question that takes files (a multipart form); see routes._uploads.
    uploads = False

    def answers(self, keys: tuple[str, ...]) -> dict:
        """What to store in the draft, once the form is valid."""
        return {key: self[key].data for key in keys if key in self}

    @classmethod
    def prefill(cls, answers: dict, keys: tuple[str, ...]) -> dict:
        """The form's data for a question answered before."""
        return {key: answers[key] for key in keys if key in answers}


def _radio_field(label, choice_list, message=None, description=None, optional=False):
    """Radios whose every error says what to do, including for a value that is not one of the choices."""

    class Field(RadioField):
        def pre_validate(self, form):
            if optional and not self.data:
                self.data = None
                return
            if self.data not in {value for value, _label in self.choices}:
                raise StopValidation(str(message or messages.REPORT_CHOICE))

    return Field(
        label, description=description, choices=choice_list,
        validators=[Optional()] if optional else [], widget=RadioInput(),
    )


class WhoForm(StepForm):
    role = _radio_field(_l("Who is making this report?"), choices.ROLES, messages.REPORT_WHO)


class CentreForm(StepForm):
    centre_code = _text(
        _l("What is your reporting centre's code?"),
        Required(messages.REPORT_CENTRE_CODE),
        description=_l("You can find it in the reporting centre pack, for example HC42."),
        max_length=40,
        widget=TextInput(),
    )

    def validate_centre_code(self, field):
        self.centre = centres.find_active_by_code(field.data)
        if self.centre is None:
            raise ValidationError(str(messages.REPORT_CENTRE_CODE_UNKNOWN))

    def answers(self, keys):
        return {"centre_code": self.centre.code, "centre_id": self.centre.id}


class WhatForm(StepForm):
    description = TextAreaField(
        _l("What happened?"),
        description=_l(
            "Tell us in your own words. It helps to know the words that were used, what was done, "
            "and what the people involved looked like. You can write as much or as little as you like."
        ),
        validators=[Required(messages.REPORT_WHAT), MaxLength(DESCRIPTION_MAX, messages.REPORT_WHAT_TOO_LONG)],
        filters=[clean_text],
        widget=CharacterCount(),
    )


class WhyForm(StepForm):
    strands = SelectMultipleField(
        _l("Why do you think it happened?"),
        description=_l("Select all that apply."),
        choices=choices.STRANDS,
        validate_choice=False,
        widget=CheckboxesInput(),
    )
    strand_other = _text(_l("Tell us the other reason"))
    revealed = {"other": "strand_other"}

    def answers(self, keys):
        values = super().answers(keys)
        if "other" not in values["strands"]:
            values["strand_other"] = ""
        return values

    def validate_strands(self, field):
        picked = [v for v in (field.data or [])]
        valid = {v for v, _l in choices.STRANDS}
        field.data = [v for v in picked if v in valid]
        if not field.data:
            raise StopValidation(str(messages.REPORT_WHY))
        if "not-sure" in field.data and len(field.data) > 1:
            raise StopValidation(str(messages.REPORT_WHY_EXCLUSIVE))

    def validate_strand_other(self, field):
        if "other" in (self.strands.data or []) and not field.data:
            raise StopValidation(str(messages.REPORT_WHY_OTHER))


class WhereForm(StepForm):
    location = _radio_field(_l("Where did it happen?"), choices.LOCATIONS, messages.REPORT_WHERE)


class PlatformForm(StepForm):
    platform = _radio_field(
        _l("Which website or app was it on?"), choices.PLATFORMS, messages.REPORT_PLATFORM,
        description=_l("If it happened in more than one place, choose the main one."),
    )


class AreaForm(StepForm):
    district = _radio_field(
        _l("Which area did it happen in?"),
        [(d.slug, d.name) for d in DISTRICTS] + list(EXTRA_CHOICES),
        messages.REPORT_DISTRICT,
        description=_l("If it happened online, choose the area where you live."),
    )
    town = _text(
        _l("Town, village or place (optional)"),
        Optional(),
        description=_l("For example Hemel Hempstead, or the name of a park or street."),
    )
    # The words change with where it happened (words.BY_LOCATION).
    place = _text(
        _l("Where exactly did it happen? (optional)"), Optional(),
        description=_l("For example the street, the bus route, the name of a shop or a web address."),
    )


TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]?([0-5][0-9])")


class WhenForm(StepForm):
    when = _radio_field(_l("When did it happen?"), choices.WHEN, messages.REPORT_WHEN)
    day = StringField(_l("Day"), filters=[clean_text])
    month = StringField(_l("Month"), filters=[clean_text])
    year = StringField(_l("Year"), filters=[clean_text])
    time_of_day = _radio_field(_l("What time of day was it? (optional)"), choices.TIMES, optional=True)
    time = _text(_l("Time"), description=_l("Use the 24-hour clock, for example 14:30."))
    # Which part of the date input the error summary should link to.
    date_error_field = "day"
    parsed_date = None
    revealed = {"date": ("day", "month", "year"), "exact": "time"}

    def answers(self, keys):
        exact = self.time_of_day.data == "exact"
        return {"when": self.when.data, "date": self.parsed_date.isoformat() if self.when.data == "date" else None,
                "time_of_day": self.time_of_day.data, "time": self.time.data if exact else None}

    def validate_time(self, field):
        """Read kindly (9:30, 09.30, 0930) and keep as HH:MM; asked only for "At a time I can give"."""
        if self.time_of_day.data != "exact":
            return
        found = TIME.fullmatch(field.data or "")
        if not found:
            raise StopValidation(str(messages.REPORT_TIME))
        field.data = f"{int(found.group(1)):02d}:{found.group(2)}"

    @classmethod
    def prefill(cls, answers, keys):
        data = super().prefill(answers, keys)
        if answers.get("date"):
            year, month, day = answers["date"].split("-")
            data.update(day=str(int(day)), month=str(int(month)), year=year)
        return data

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.date_error_field != "day" and self.day.errors:
            self[self.date_error_field].errors = list(self.day.errors)
            self.day.errors = []
        return valid

    def validate_day(self, field):
        if self.when.data != "date":
            return
        parts = {"day": self.day.data, "month": self.month.data, "year": self.year.data}
        empty = [name for name, value in parts.items() if not value]
        if len(empty) == 3:
            raise StopValidation(str(messages.REPORT_DATE_MISSING))
        if empty:
            self.date_error_field = empty[0]
            raise StopValidation(str(messages.REPORT_DATE_PART))
        try:
            numbers = {name: int(value) for name, value in parts.items()}
            if numbers["year"] < 100:
                raise ValueError
            if numbers["year"] < 1900:
                self.date_error_field = "year"
                raise StopValidation(str(messages.REPORT_DATE_OLD))
            when = date(numbers["year"], numbers["month"], numbers["day"])
        except (ValueError, OverflowError):
            raise StopValidation(str(messages.REPORT_DATE_REAL)) from None
        if when > clock.today():
            raise StopValidation(str(messages.REPORT_DATE_FUTURE))
        self.parsed_date = when


class BeforeForm(StepForm):
    repeat = _radio_field(_l("Has this happened to you before?"), choices.REPEAT, messages.REPORT_BEFORE)


class EvidenceForm(StepForm):
    """Photos and screenshots. The files themselves are checked and kept by evidence.py, with the
    draft; the step's answer is only that it was seen."""

    files = MultipleFileField(
        _l("Upload photos or screenshots"),
        description=_l("You can add up to 5 images: JPEG, PNG, WebP, GIF or HEIC, each up to 10 MB."),
        widget=FileUpload(),
    )
    uploads = True  # sent as a multipart form


def _checkboxes(label, choice_list, description=None):
    """Optional checkboxes: values that are not choices are dropped, "I'm not sure" stands alone."""

    class Field(SelectMultipleField):
        def pre_validate(self, form):
            valid = {value for value, _label in self.choices}
            self.data = [value for value in (self.data or []) if value in valid]
            if "not-sure" in self.data and len(self.data) > 1:
                raise StopValidation(str(messages.REPORT_WHY_EXCLUSIVE))

    return Field(label, description=description, choices=choice_list, widget=CheckboxesInput())


def _long_text(label, description=None):
    return TextAreaField(label, description=description, validators=[Optional(), MaxLength(1000)],
                         filters=[clean_text], widget=CharacterCount())


class DisabilityForm(StepForm):
    disabilities = _checkboxes(_l("What kind of disability? (optional)"), choices.DISABILITIES,
                               description=_l("Select all that apply."))


class PersonForm(StepForm):
    age_band = _radio_field(_l("How old are you? (optional)"), choices.AGE_BANDS, optional=True)
    hurt = _radio_field(_l("Were you hurt? (optional)"), choices.YES_NO, optional=True)


CRIME_REFERENCE = re.compile(r"[A-Za-z0-9 /-]+")
CRIME_REFERENCE_MAX = 30


class OutcomeForm(StepForm):
    reported = _radio_field(_l("Has this already been reported to the police? (optional)"),
                            choices.YES_NO_NOT_SURE, optional=True)
    crime_reference = _text(_l("Crime reference number (optional)"), Optional(),
                            description=_l("If you have one, for example 41/12345/25."))
    outcomes = _checkboxes(_l("What would you like to happen? (optional)"), choices.OUTCOMES,
                           description=_l("Select all that apply."))
    revealed = {"yes": "crime_reference"}

    def answers(self, keys):
        values = super().answers(keys)
        if values["reported"] != "yes":
            values["crime_reference"] = ""
        return values

    def validate_crime_reference(self, field):
        """Loose on purpose: forces write them differently. Only checked when it is asked for."""
        if self.reported.data != "yes" or not field.data:
            return
        if len(field.data) > CRIME_REFERENCE_MAX:
            raise StopValidation(str(messages.REPORT_TOO_LONG) % {"max": CRIME_REFERENCE_MAX})
        if not CRIME_REFERENCE.fullmatch(field.data):
            raise StopValidation(str(messages.REPORT_CRIME_REFERENCE))


class OffenderForm(StepForm):
    offender_known = _radio_field(_l("Was it someone you know? (optional)"), choices.OFFENDER_KNOWN, optional=True)
    offender_count = _radio_field(_l("How many people did it? (optional)"), choices.OFFENDER_COUNT, optional=True)
    offender_description = _long_text(
        _l("What did they look like? (optional)"),
        description=_l("For example their age, height, clothes or anything else you remember. "
                       "For an online account, its name."),
    )


class WitnessForm(StepForm):
    witnesses = _radio_field(_l("Did anyone else see or hear it? (optional)"), choices.YES_NO_NOT_SURE,
                             optional=True)
    witness_contact = _long_text(_l("How can the police reach them? (optional)"),
                                 description=_l("For example a name and a phone number, if you know them."))
    revealed = {"yes": "witness_contact"}

    def answers(self, keys):
        values = super().answers(keys)
        if values["witnesses"] != "yes":
            values["witness_contact"] = ""
        return values


class SupportForm(StepForm):
    support = _radio_field(
        _l("Would you like us to put you in touch with Beacon, Hertfordshire's victim care service?"),
        choices.YES_NO,
        messages.REPORT_SUPPORT,
        description=_l(
            "Beacon's help is free, and you do not need to have told the police. If you say yes, we give Beacon "
            "your name, how to contact you and a short summary of what happened, so they can offer you help. "
            "We share nothing else. You can say no to their help at any time."
        ),
    )


class PoliceForm(StepForm):
    police = _radio_field(_l("Do you want us to pass this report to the police?"), police.CHOICES,
                          messages.REPORT_POLICE)


class ContactForm(StepForm):
    contact = _radio_field(
        _l("Do you want us to be able to contact you?"), choices.CONTACT, messages.REPORT_CONTACT,
        description=_l("You can give an email address or a phone number without giving your name."),
    )


PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")


class ContactDetailsForm(StepForm):
    name = _text(_l("Your name (optional)"), Optional(), description=_l("You can give just a first name."))
    email = _text(_l("Email address (optional)"), Optional(), max_length=254)
    phone = _text(_l("Phone number (optional)"), Optional(), max_length=30)
    voicemail = _radio_field(_l("Is it safe to leave you a message?"), choices.YES_NO, optional=True)
    safe_times = _text(
        _l("When is it safe to contact you? (optional)"), Optional(),
        description=_l("For example, weekdays after 6pm."),
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.email.data and not self.phone.data:
            self.email.errors = [str(messages.REPORT_CONTACT_HOW)]
            return False
        return valid

    def validate_email(self, field):
        if field.data and not EMAIL.match(field.data):
            raise StopValidation(str(messages.REPORT_EMAIL))

    def validate_phone(self, field):
        if field.data and not PHONE.match(field.data):
            raise StopValidation(str(messages.REPORT_PHONE))


class ContactNeedsForm(StepForm):
    language = _text(
        _l("Which language would you like us to use? (optional)"), Optional(),
        description=_l("For example English, Polish, Urdu or British Sign Language."),
    )
    interpreter = _radio_field(_l("Would you like an interpreter?"), choices.YES_NO, optional=True)
    access_needs = TextAreaField(
        _l("Is there anything that would make it easier for you to talk to us? (optional)"),
        description=_l("For example, large print, easy read, a text relay service or a carer being there."),
        validators=[Optional(), MaxLength(1000)],
        filters=[clean_text],
        widget=CharacterCount(),
    )

class HeardForm(StepForm):
    heard = _radio_field(
        _l("How did you hear about this website? (optional)"), choices.HEARD, optional=True,
        description=_l("This helps us know which of our messages reach people."),
    )

class CheckForm(StepForm):
    submission_key = StringField()
    website = StringField(_l("Leave this empty"))  # the honeypot
