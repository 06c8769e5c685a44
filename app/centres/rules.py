"""The one set of rules for a centre's details, used by the CSV import and the staff pages alike.

`check` takes the details as text (a CSV row, or a form's fields) and returns the clean values or
every problem. Each problem carries two wordings of the same rule: `text` for a file (English,
naming the column and the value as written, like the rest of the import's report) and `message`
for a form, in the person's language, shown beside the field.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime

from .. import geography, messages
from ..forms import EMAIL, clean_text
from . import gazetteer
from .services import normalise_code, slugify, split_list

FIELDS = [
    "code", "name", "address", "town", "postcode", "district", "latitude", "longitude",
    "opening_hours", "phone", "email", "website", "languages", "step_free", "access_notes",
    "services", "active", "checked_on", "slug",
]
REQUIRED = ["code", "name", "district"]
CODE = re.compile(r"^[A-Z0-9-]{3,12}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
# A generous box around Hertfordshire: catches swapped or mistyped coordinates.
LAT_RANGE = (51.3, 52.3)
LNG_RANGE = (-1.0, 0.5)
EXAMPLES = {"latitude": "51.75", "longitude": "-0.34"}
MAX_LENGTHS = {
    "name": 200, "address": 300, "town": 100, "postcode": 10, "phone": 40, "email": 200,
    "website": 300, "languages": 300, "slug": 100,
    "opening_hours": 1000, "access_notes": 1000, "services": 1000,
}


@dataclass(frozen=True)
class Problem:
    field: str
    text: str  # for a file
    message: object  # for a form (lazy, translated when shown)


class _Problems(list):
    def add(self, field: str, text: str, message) -> None:
        self.append(Problem(field, text, message))


class _Formatted:
    """A lazy message with its values, translated when shown."""

    def __init__(self, message, **values):
        self.message, self.values = message, values

    def __str__(self) -> str:
        return str(self.message) % self.values

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


def _bool(value: str, default: bool, column: str, problems: _Problems) -> bool:
    text = value.strip().lower()
    if not text:
        return default
    if text in YES:
        return True
    if text in NO:
        return False
    problems.add(column, f"{column} '{value}' should be yes or no.", messages.CENTRE_YES_NO)
    return default


def _date(value: str, problems: _Problems) -> date | None:
    text = value.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    problems.add("checked_on", f"checked_on '{value}' is not a date. Write it as 2026-03-31 or 31/03/2026.",
                 messages.CENTRE_DATE)
    return None


def district_slug(value: str) -> str | None:
    """A district given by its slug or its name, in any case; None when it is not one of the ten."""
    text = gazetteer.normalise_name(value)
    for district in geography.DISTRICTS:
        if text in (gazetteer.normalise_name(district.slug), gazetteer.normalise_name(district.name)):
            return district.slug
    return None


def _coordinate(value: str, column: str, bounds: tuple[float, float], problems: _Problems) -> float | None:
    text = value.strip()
    if not text:
        return None
    message = _Formatted(messages.CENTRE_COORDINATE, low=bounds[0], high=bounds[1], example=EXAMPLES[column])
    try:
        number = float(text)
    except ValueError:
        problems.add(column, f"{column} '{value}' is not a number.", message)
        return None
    if not bounds[0] <= number <= bounds[1]:
        problems.add(column, f"{column} {number} is outside Hertfordshire (expected {bounds[0]} to {bounds[1]}).",
                     message)
        return None
    return number


def check(raw: dict[str, str]) -> tuple[dict | None, list[Problem]]:
    """Check a centre's details; return (clean values, []) when sound, else (None, every problem)."""
    problems = _Problems()
    values = {key: clean_text(raw.get(key) or "") for key in FIELDS}
    for column in REQUIRED:
        if not values[column]:
            problems.add(column, f"{column} is empty. Every centre needs a {column}.", messages.CENTRE_REQUIRED[column])
    code = normalise_code(values["code"])
    if code and not CODE.match(code):
        problems.add("code", f"code '{values['code']}' should be 3 to 12 letters, numbers or hyphens.",
                     messages.CENTRE_CODE)
    for column, limit in MAX_LENGTHS.items():
        if len(values[column]) > limit and column != "postcode":  # a postcode's own check is clearer
            problems.add(column, f"{column} is {len(values[column])} characters long; the most is {limit}.",
                         _Formatted(messages.CENTRE_TOO_LONG, max=limit))
    district = None
    if values["district"]:
        district = district_slug(values["district"])
        if district is None:
            names = ", ".join(d.name for d in geography.DISTRICTS)
            problems.add("district", f"district '{values['district']}' is not one of {names}.",
                         messages.CENTRES_DISTRICT_UNKNOWN)
    postcode = ""
    if values["postcode"]:
        postcode = gazetteer.format_postcode(values["postcode"]) or ""
        if not postcode:
            problems.add("postcode", f"postcode '{values['postcode']}' is not a full UK postcode such as AL1 3JX.",
                         messages.CENTRE_POSTCODE)
    latitude = _coordinate(values["latitude"], "latitude", LAT_RANGE, problems)
    longitude = _coordinate(values["longitude"], "longitude", LNG_RANGE, problems)
    if bool(values["latitude"]) != bool(values["longitude"]):
        missing = "longitude" if values["latitude"] else "latitude"
        problems.add(missing, "give both latitude and longitude, or leave both empty.", messages.CENTRE_COORDINATES_BOTH)
    elif not values["latitude"] and not problems:
        # The postcode's place in the gazetteer puts the centre on the map.
        place = gazetteer.by_outward(gazetteer.outward_code(postcode) or "") if postcode else None
        if place is None:
            if postcode:
                problems.add("postcode", f"postcode {postcode} is not in the Hertfordshire postcode list, "
                             "so add latitude and longitude.",
                             _Formatted(messages.CENTRE_POSTCODE_OUTSIDE, postcode=postcode))
            else:
                problems.add("postcode", "add a postcode, or latitude and longitude, so the centre can go on the map.",
                             messages.CENTRE_NO_PLACE)
        else:
            latitude, longitude = place.latitude, place.longitude
    if values["email"] and not EMAIL.match(values["email"]):
        problems.add("email", f"email '{values['email']}' is not an email address.", messages.CENTRE_EMAIL)
    if values["website"] and not values["website"].startswith(("https://", "http://")):
        problems.add("website", f"website '{values['website']}' should start with https://.", messages.CENTRE_WEBSITE)
    if values["slug"] and not SLUG.match(values["slug"]):
        problems.add("slug", f"slug '{values['slug']}' may only have lower-case letters, numbers and hyphens.",
                     messages.CENTRE_SLUG)
    step_free = _bool(values["step_free"], False, "step_free", problems)
    active = _bool(values["active"], True, "active", problems)
    checked_on = _date(values["checked_on"], problems)
    if problems:
        return None, list(problems)
    return {
        "code": code,
        "name": values["name"],
        "address": values["address"],
        "town": values["town"],
        "postcode": postcode,
        "district": district,
        "latitude": latitude,
        "longitude": longitude,
        "opening_hours": values["opening_hours"],
        "phone": values["phone"],
        "email": values["email"],
        "website": values["website"],
        "languages": "; ".join(split_list(values["languages"])),
        "step_free": step_free,
        "access_notes": values["access_notes"],
        "services": "; ".join(split_list(values["services"])),
        "active": active,
        "checked_on": checked_on,
        "slug": values["slug"] or slugify(values["name"]),
    }, []
