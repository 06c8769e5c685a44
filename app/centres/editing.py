"""Keeping centres true from the staff area: add, change, close, re-open, confirm the details.

Every change goes through `rules.check` (the same rules as the CSV import), is saved whole or not
at all, and leaves a CentreEdit row (what changed) and an audit event (who, when).
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import messages
from ..forms import NotSaved
from ..core import clock
from ..extensions import db
from ..staff import audit
from . import rules
from .models import Centre, CentreEdit
from .services import normalise_code, unique_slug

# The details a person edits in the form; code is fixed once the centre exists (it is printed and typed).
EDITABLE = [
    "name", "address", "town", "postcode", "district", "latitude", "longitude", "opening_hours", "phone",
    "email", "website", "languages", "step_free", "access_notes", "services",
]
CREATED = audit.register("centre.create", _l("Centre added"))
CHANGED = audit.register("centre.edit", _l("Centre changed"))
CLOSED = audit.register("centre.close", _l("Centre closed"))
REOPENED = audit.register("centre.reopen", _l("Centre re-opened"))
CHECKED = audit.register("centre.checked", _l("Centre details confirmed"))


class CentreInvalid(NotSaved):
    """The centre cannot be saved."""


def as_text(centre: Centre) -> dict[str, str]:
    """A centre's details as the form and the rules read them."""
    values = {}
    for name in rules.FIELDS:
        value = getattr(centre, name)
        if value is None:
            values[name] = ""
        elif isinstance(value, bool):
            values[name] = "yes" if value else "no"
        elif isinstance(value, float):
            values[name] = f"{value:.6f}".rstrip("0").rstrip(".")
        elif hasattr(value, "isoformat"):
            values[name] = value.isoformat()
        else:
            values[name] = str(value)
    return values


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _history(centre: Centre, action: str, changes: dict) -> None:
    from flask import g, has_request_context

    actor = g.get("staff_user") if has_request_context() else None
    db.session.add(CentreEdit(centre_id=centre.id, at=clock.now(), actor_id=actor.id if actor else None,
                              action=action, changes=changes))


def record_import(centre: Centre, before: dict | None) -> None:
    """The CSV import's change to one centre, in the same history (no audit: no one is signed in)."""
    after = as_text(centre)
    changes = {k: [(before or {}).get(k, ""), after[k]] for k in rules.FIELDS if (before or {}).get(k, "") != after[k]}
    if changes:
        _history(centre, "imported", changes)


def _commit_or_fail() -> None:
    try:
        db.session.commit()
    except IntegrityError:  # the same code saved by someone else a moment ago
        db.session.rollback()
        raise CentreInvalid({"code": messages.CENTRE_CODE_TAKEN}) from None


def save(centre: Centre | None, fields: dict[str, str], *, checked: bool = False) -> Centre:
    """Add a centre (centre=None) or change one; `checked` means the person confirmed the details
    today. Raises CentreInvalid with every problem, and then nothing is saved."""
    raw = as_text(centre) if centre is not None else {"active": "yes", "checked_on": "", "slug": ""}
    raw.update({name: fields.get(name) or "" for name in EDITABLE})
    if centre is None:
        raw["code"] = fields.get("code") or ""
    values, problems = rules.check(raw)
    errors: dict = {}
    for problem in problems:
        errors.setdefault(problem.field, problem.message)
    if centre is None and "code" not in errors:
        code = normalise_code(raw["code"])
        if db.session.scalar(select(Centre.id).where(Centre.code == code)) is not None:
            errors["code"] = messages.CENTRE_CODE_TAKEN
    if errors:
        raise CentreInvalid(errors)
    if checked:
        values["checked_on"] = clock.today()
    before = as_text(centre) if centre is not None else {}
    if centre is None:
        values["slug"] = unique_slug(values["slug"], values["code"])
        centre = Centre(is_sample=False, **values)
        db.session.add(centre)
    else:
        values.pop("slug")  # a centre keeps its public address when renamed
        for key, value in values.items():
            setattr(centre, key, value)
    db.session.flush()
    after = as_text(centre)
    changes = {k: [before.get(k, ""), after[k]] for k in rules.FIELDS if before.get(k, "") != after[k]}
    if before:
        changed = {k: v for k, v in changes.items() if k != "checked_on"}
        if changed:
            _history(centre, "changed", changed)
            audit.record(CHANGED, ("centre", centre.code), fields=len(changed))
        if "checked_on" in changes:
            _history(centre, "checked", {"checked_on": changes["checked_on"]})
            audit.record(CHECKED, ("centre", centre.code))
    else:
        _history(centre, "created", changes)
        audit.record(CREATED, ("centre", centre.code))
    _commit_or_fail()
    return centre


def set_open(centre: Centre, active: bool) -> None:
    """Close a centre (it leaves the public list and the report's code check) or open it again."""
    if centre.active == active:
        return
    centre.active = active
    db.session.flush()
    _history(centre, "reopened" if active else "closed", {"active": ["no" if active else "yes", "yes" if active else "no"]})
    audit.record(REOPENED if active else CLOSED, ("centre", centre.code))
    db.session.commit()


def confirm_checked(centre: Centre) -> None:
    """The person has checked the details with the centre today: nothing else changes."""
    today = clock.today()
    before = centre.checked_on.isoformat() if centre.checked_on else ""
    centre.checked_on = today
    _history(centre, "checked", {"checked_on": [before, today.isoformat()]})
    audit.record(CHECKED, ("centre", centre.code))
    db.session.commit()


def all_centres() -> list[Centre]:
    """Every centre, open first, then by name."""
    return list(db.session.scalars(select(Centre).order_by(Centre.active.desc(), Centre.name, Centre.code)))


def by_code(code: str) -> Centre | None:
    return db.session.scalar(select(Centre).where(Centre.code == normalise_code(code)))


def history(centre: Centre) -> list[CentreEdit]:
    """Newest first."""
    return list(db.session.scalars(select(CentreEdit).where(CentreEdit.centre_id == centre.id)
                                   .order_by(CentreEdit.at.desc(), CentreEdit.id.desc())))
