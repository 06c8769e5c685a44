"""Reading and writing the centres list as CSV (docs/centres-csv.md describes the columns).

An import is all or nothing: every row is checked first and any problem, reported with its
spreadsheet row number, means nothing is changed. Rows are matched on `code`, so importing an
updated file again changes the centres in place instead of adding copies.
"""
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from .. import csvsafe
from ..extensions import db
from . import editing, rules
from .models import Centre
from .services import unique_slug

# The columns are the rules' fields, in the same order (docs/centres-csv.md).
COLUMNS = rules.FIELDS
REQUIRED = rules.REQUIRED


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    codes: list[str] = field(default_factory=list)


def parse_row(raw: dict[str, str], row: int, errors: list[str]) -> dict | None:
    """Check one row with the centres' rules; append problems to `errors`; return the values when sound."""
    values, problems = rules.check(raw)
    errors.extend(f"Row {row}: {problem.text}" for problem in problems)
    return values


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
            before = editing.as_text(centre) if centre is not None else None
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
            editing.record_import(centre, before)
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
