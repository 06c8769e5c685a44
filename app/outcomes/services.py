"""Writing, checking and publishing outcomes. Every rule about them lives here.

Two people: whoever wrote the text as it stands cannot publish it, and changing a published
outcome takes it off the public page until a second person publishes it again. Every step is a
version (who, when, what changed, the text as it was) and an audit event, saved together.
"""
import re

import markdown
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from .. import i18n, messages
from ..content.pages import sanitise
from ..core import clock
from ..extensions import db
from ..forms import NotSaved, clean_text
from ..staff import audit
from .models import CHANGED, KINDS, PUBLISHED, UNPUBLISHED, WRITTEN, Outcome, OutcomeVersion

TITLE_MAX = 120
BODY_MAX = 5000
FIELDS = ("kind", "lang", "title", "body")

WRITE = audit.register("outcome.write", _l("Outcome written"))
CHANGE = audit.register("outcome.change", _l("Outcome changed"))
PUBLISH = audit.register("outcome.publish", _l("Outcome published"))
UNPUBLISH = audit.register("outcome.unpublish", _l("Outcome taken off the public page"))


class OutcomeRefused(NotSaved):
    """The outcome cannot be saved (`errors` may name "outcome" itself)."""


def render(body: str) -> Markup:
    """An outcome's Markdown as HTML, through the site's one sanitiser."""
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    return sanitise(md.convert(body or ""))


def _one_line(value) -> str:
    return re.sub(r"\s+", " ", clean_text(value)).strip() if isinstance(value, str) else ""


def validate(*, kind, lang, title, body) -> dict:
    """The cleaned fields, or OutcomeRefused with every problem at once."""
    errors = {}
    title = _one_line(title)
    body = clean_text(body.replace("\r\n", "\n")) if isinstance(body, str) else ""
    if kind not in KINDS:
        errors["kind"] = messages.OUTCOME_KIND
    if lang not in i18n.BY_CODE:
        errors["lang"] = messages.OUTCOME_LANG
    if not title or len(title) > TITLE_MAX:
        errors["title"] = messages.OUTCOME_TITLE
    if not body or len(body) > BODY_MAX:
        errors["body"] = messages.OUTCOME_BODY
    if errors:
        raise OutcomeRefused(errors)
    return {"kind": kind, "lang": lang, "title": title, "body": body}


def _version(outcome: Outcome, action: str, by, changed=()) -> OutcomeVersion:
    number = len(outcome.versions) + 1
    version = OutcomeVersion(number=number, action=action, changed=",".join(changed), by_id=by.id, at=clock.now(),
                             kind=outcome.kind, lang=outcome.lang, title=outcome.title, body=outcome.body)
    outcome.versions.append(version)
    return version


def write(by, **fields) -> Outcome:
    """A new outcome, waiting for a second person to publish it."""
    clean = validate(**fields)
    now = clock.now()
    outcome = Outcome(**clean, written_by_id=by.id, published=False, created_at=now, updated_at=now)
    db.session.add(outcome)
    _version(outcome, WRITTEN, by, FIELDS)
    db.session.flush()
    audit.record(WRITE, outcome, actor=by, lang=outcome.lang, kind=outcome.kind)
    db.session.commit()
    return outcome


def change(outcome: Outcome, by, **fields) -> Outcome:
    """New text from `by`, who becomes its writer. A published outcome leaves the public page until
    someone else has checked the new text and published it."""
    clean = validate(**fields)
    changed = [name for name in FIELDS if getattr(outcome, name) != clean[name]]
    if not changed:
        return outcome
    for name in changed:
        setattr(outcome, name, clean[name])
    was_published = outcome.published
    outcome.published = False
    outcome.written_by_id = by.id
    outcome.updated_at = clock.now()
    _version(outcome, CHANGED, by, changed)
    audit.record(CHANGE, outcome, actor=by, version=len(outcome.versions), unpublished=was_published)
    db.session.commit()
    return outcome


def may_publish(outcome: Outcome, by) -> bool:
    return outcome.written_by_id != by.id


def publish(outcome: Outcome, by) -> Outcome:
    """The second person's step: never the writer of the text as it stands."""
    if outcome.published:
        raise OutcomeRefused({"outcome": messages.OUTCOME_ALREADY})
    if not may_publish(outcome, by):
        raise OutcomeRefused({"outcome": messages.OUTCOME_OWN})
    outcome.published = True
    outcome.published_at = clock.now()
    _version(outcome, PUBLISHED, by)
    audit.record(PUBLISH, outcome, actor=by, version=len(outcome.versions))
    db.session.commit()
    return outcome


def unpublish(outcome: Outcome, by) -> Outcome:
    """Anyone who may write outcomes may take one down at once (the writer too)."""
    if not outcome.published:
        raise OutcomeRefused({"outcome": messages.OUTCOME_NOT_PUBLISHED})
    outcome.published = False
    _version(outcome, UNPUBLISHED, by)
    audit.record(UNPUBLISH, outcome, actor=by, version=len(outcome.versions))
    db.session.commit()
    return outcome


def find(public_id: str) -> Outcome | None:
    if not isinstance(public_id, str) or len(public_id) > 32:
        return None
    return db.session.scalar(select(Outcome).where(Outcome.public_id == public_id))


def every() -> list[Outcome]:
    """All outcomes for the staff list: waiting ones first, newest first."""
    return list(db.session.scalars(select(Outcome).order_by(Outcome.published, Outcome.updated_at.desc(), Outcome.id)))


def shown(lang: str) -> tuple[list[Outcome], bool]:
    """The published outcomes in the person's language, newest first; when there are none, the
    English ones, and True to say so. Never an unpublished one."""
    def published_in(code):
        return list(db.session.scalars(select(Outcome).where(Outcome.published.is_(True), Outcome.lang == code)
                                       .order_by(Outcome.published_at.desc(), Outcome.id.desc()).limit(100)))

    found = published_in(lang)
    if found or lang == i18n.DEFAULT:
        return found, False
    return published_in(i18n.DEFAULT), True
