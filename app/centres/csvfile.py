"""Reading and writing the centres list as CSV (docs/centres-csv.md describes the columns).

An import is all or nothing: every row is checked first and any problem, reported with its
spreadsheet row number, means nothing is changed. Rows are matched on `code`, so importing an
updated file again changes the centres in place instead of adding copies.
"""
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from .. import csvsafe, geography
from ..extensions import db
from ..forms import EMAIL
from . import gazetteer
from .models import Centre
from .services import normalise_code, slugify, split_list, unique_slug

COLUMNS = [
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
MAX_LENGTHS = {
    "name": 200, "address": 300, "town": 100, "postcode": 10, "phone": 40, "email": 200,
    "website": 300, "languages": 300, "slug": 100,
}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    codes: list[str] = field(default_factory=list)


def _bool(value: str, default: bool, column: str, row: int, errors: list[str]) -> bool:
    text = value.strip().lower()
    if not text:
        return default
    if text in YES:
        return True
    if text in NO:
        return False
    errors.append(f"Row {row}: {column} '{value}' should be yes or no.")
    return default


def _date(value: str, row: int, errors: list[str]) -> date | None:
    text = value.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(f"Row {row}: checked_on '{value}' is not a date. Write it as 2026-03-31 or 31/03/2026.")
    return None


def _district(value: str) -> str | None:
    text = gazetteer.normalise_name(value)
    for district in geography.DISTRICTS:
        if text in (gazetteer.normalise_name(district.slug), gazetteer.normalise_name(district.name)):
            return district.slug
    return None


def _coordinate(value: str, column: str, bounds: tuple[float, float], row: int, errors: list[str]) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        errors.append(f"Row {row}: {column} '{value}' is not a number.")
        return None
    if not bounds[0] <= number <= bounds[1]:
        errors.append(f"Row {row}: {column} {number} is outside Hertfordshire (expected {bounds[0]} to {bounds[1]}).")
        return None
    return number


def parse_row(raw: dict[str, str], row: int, errors: list[str]) -> dict | None:
    """Check one row; append problems to `errors`; return the centre's values when it is sound."""
    before = len(errors)
    values = {key: (raw.get(key) or "").strip() for key in COLUMNS}
    for column in REQUIRED:
        if not values[column]:
            errors.append(f"Row {row}: {column} is empty. Every centre needs a {column}.")
    code = normalise_code(values["code"])
    if code and not CODE.match(code):
        errors.append(f"Row {row}: code '{values['code']}' should be 3 to 12 letters, numbers or hyphens.")
    for column, limit in MAX_LENGTHS.items():
        if len(values[column]) > limit:
            errors.append(f"Row {row}: {column} is {len(values[column])} characters long; the most is {limit}.")
    district = None
    if values["district"]:
        district = _district(values["district"])
        if district is None:
            names = ", ".join(d.name for d in geography.DISTRICTS)
            errors.append(f"Row {row}: district '{values['district']}' is not one of {names}.")
    postcode = ""
    if values["postcode"]:
        postcode = gazetteer.format_postcode(values["postcode"]) or ""
        if not postcode:
            errors.append(f"Row {row}: postcode '{values['postcode']}' is not a full UK postcode such as AL1 3JX.")
    latitude = _coordinate(values["latitude"], "latitude", LAT_RANGE, row, errors)
    longitude = _coordinate(values["longitude"], "longitude", LNG_RANGE, row, errors)
    if bool(values["latitude"]) != bool(values["longitude"]):
        errors.append(f"Row {row}: give both latitude and longitude, or leave both empty.")
    elif not values["latitude"] and len(errors) == before:
        place = gazetteer.by_outward(gazetteer.outward_code(postcode) or "") if postcode else None
        if place is None:
            if postcode:
                errors.append(
                    f"Row {row}: postcode {postcode} is not in the Hertfordshire postcode list, "
                    "so add latitude and longitude."
                )
            else:
                errors.append(f"Row {row}: add a postcode, or latitude and longitude, so the centre can go on the map.")
        else:
            latitude, longitude = place.latitude, place.longitude
    if values["email"] and not EMAIL.match(values["email"]):
        errors.append(f"Row {row}: email '{values['email']}' is not an email address.")
    if values["website"] and not values["website"].startswith(("https://", "http://")):
        errors.append(f"Row {row}: website '{values['website']}' should start with https://.")
    if values["slug"] and not SLUG.match(values["slug"]):
        errors.append(f"Row {row}: slug '{values['slug']}' may only have lower-case letters, numbers and hyphens.")
    step_free = _bool(values["step_free"], False, "step_free", row, errors)
    active = _bool(values["active"], True, "active", row, errors)
    checked_on = _date(values["checked_on"], row, errors)
    if len(errors) > before:
        return None
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
    }


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """Rows with their spreadsheet row numbers (the header is row 1); blank rows are skipped.

    Counting records rather than lines keeps the numbers right when a cell holds a line break.
    Cells come back as they were before export guarded them against spreadsheet formulas.
    """
    records = csvsafe.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(records, [])
    headers = [h.strip().lower() for h in header]
    problems = []
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        problems.append("Row 1: the header has no " + ", ".join(missing) + " column. "
                        "The first row must name the columns, as in docs/centres-csv.md.")
    unknown = [h for h in headers if h and h not in COLUMNS]
    if unknown:
        problems.append("Row 1: unknown column " + ", ".join(repr(h) for h in unknown)
                        + ". The columns are: " + ", ".join(COLUMNS) + ".")
    if problems:
        raise ImportFailed(problems)
    rows = []
    for number, cells in enumerate(records, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        extra = cells[len(headers):]
        raw = dict(zip(headers, cells))
        if any(cell.strip() for cell in extra):
            raw["__extra__"] = "1"
        rows.append((number, raw))
    return rows


def import_csv(text: str, progress: Callable[[Iterable], Iterable] | None = None) -> ImportResult:
    """Check every row, then create or update centres in one transaction. Raises ImportFailed."""
    rows = read_rows(text)
    errors: list[str] = []
    parsed: list[dict] = []
    seen: dict[str, int] = {}
    iterate = progress or (lambda items: items)
    for row, raw in iterate(rows):
        if "__extra__" in raw:
            errors.append(f"Row {row}: has more cells than the header has columns (check for a stray comma).")
            continue
        values = parse_row(raw, row, errors)
        if values is None:
            continue
        if values["code"] in seen:
            errors.append(f"Row {row}: code {values['code']} is already used on row {seen[values['code']]}.")
            continue
        seen[values["code"]] = row
        parsed.append(values)
    if not rows:
        errors.append("The file has no centres in it.")
    if errors:
        raise ImportFailed(errors)

    result = ImportResult()
    try:
        existing = {c.code: c for c in db.session.scalars(select(Centre).where(Centre.code.in_(seen)))}
        slugs_in_file: set[str] = set()
        for values in parsed:
            code = values["code"]
            wanted_slug = values.pop("slug")
            slug = unique_slug(wanted_slug, code)
            if slug in slugs_in_file:
                slug = f"{wanted_slug[:100]}-{code.lower()}"
            slugs_in_file.add(slug)
            centre = existing.get(code)
            if centre is None:
                centre = Centre(code=code, is_sample=False)
                db.session.add(centre)
                result.created += 1
            else:
                result.updated += 1
            for key, value in values.items():
                setattr(centre, key, value)
            centre.slug = slug
            result.codes.append(code)
            db.session.flush()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export_csv() -> str:
    """Every centre, active or not, in code order, in the columns import reads (formula-safe)."""
    out = io.StringIO()
    writer = csvsafe.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for centre in db.session.scalars(select(Centre).order_by(Centre.code)):
        writer.writerow([_cell(getattr(centre, column)) for column in COLUMNS])
    return out.getvalue()
