"""The report's logic, usable and tested without HTTP: drafts, centres, references, submission."""
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from flask import current_app, session
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ..campaigns.routes import ORIGIN_KEY
from .. import outbox
from ..core import writers
from ..extensions import db
from . import steps
from .models import Report, ReportDraft

SESSION_KEY = "report_draft"
DONE_SESSION_KEY = "report_done"
DRAFT_LIFETIME = timedelta(hours=4)

# Crockford's base32 without I, L, O and U: nothing to misread or mishear.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE = re.compile(r"^HC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# Centres -----------------------------------------------------------------------------------

def normalise_code(code: str | None) -> str:
    return re.sub(r"\s+", "", code or "").upper()


# References --------------------------------------------------------------------------------

def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"HC-{chars[:4]}-{chars[4:]}"


def normalise_reference(text: str) -> str:
    """What a person types back to us, read kindly: any case, O for 0, I or L for 1, missing dashes."""
    raw = re.sub(r"[^0-9A-Za-z]", "", text or "").upper()
    raw = raw.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if raw.startswith("HC"):
        raw = raw[2:]
    reference = f"HC-{raw[:4]}-{raw[4:]}"
    return reference if REFERENCE.match(reference) else ""


# Drafts ------------------------------------------------------------------------------------

def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Draft:
    row: ReportDraft | None
    answers: dict


def load_draft() -> Draft:
    """This visitor's answers so far; an expired draft is deleted when touched."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        return Draft(None, {})
    row = db.session.scalar(select(ReportDraft).where(ReportDraft.token_hash == _hash(token)))
    if row is None:
        return Draft(None, {})
    if _aware(row.expires_at) <= _now():
        db.session.delete(row)
        db.session.commit()
        session.pop(SESSION_KEY, None)
        return Draft(None, {})
    return Draft(row, json.loads(row.answers))


def save_answers(step_name: str, values: dict) -> dict:
    """Store one step's answers, forget answers that no longer apply, and return all answers."""
    draft = load_draft()
    answers = dict(draft.answers)
    answers.update(values)
    done = answers.setdefault(steps.DONE_KEY, [])
    if step_name not in done:
        done.append(step_name)
    steps.prune(answers)
    now = _now()
    row = draft.row
    if row is None:
        token = secrets.token_urlsafe(32)
        row = ReportDraft(token_hash=_hash(token), created_at=now, answers="{}", expires_at=now)
        db.session.add(row)
        session[SESSION_KEY] = token
    row.answers = json.dumps(answers)
    row.updated_at = now
    row.expires_at = now + DRAFT_LIFETIME
    db.session.commit()
    return answers


def submission_key(draft: Draft) -> str:
    """The one-time key the check-answers form carries, kept with the draft so a reload shows the same one."""
    key = draft.answers.get("_submission_key")
    if not key:
        key = secrets.token_urlsafe(24)
        draft.answers["_submission_key"] = key
        if draft.row is not None:
            draft.row.answers = json.dumps(draft.answers)
            db.session.commit()
    return key


def forget_draft() -> None:
    """Delete this visitor's draft (Exit this page, or starting again)."""
    token = session.pop(SESSION_KEY, None)
    if isinstance(token, str) and token:
        db.session.execute(delete(ReportDraft).where(ReportDraft.token_hash == _hash(token)))
        db.session.commit()


def exit_hook() -> None:
    try:
        forget_draft()
    except Exception:  # Exit this page must always work, even with the database down
        db.session.rollback()
    session.pop(DONE_SESSION_KEY, None)


def purge_expired(now: datetime | None = None) -> int:
    result = db.session.execute(delete(ReportDraft).where(ReportDraft.expires_at <= (now or _now())))
    db.session.commit()
    return result.rowcount or 0


# Submission --------------------------------------------------------------------------------

class Incomplete(Exception):
    """The draft is missing an answer; `step` is the first question to answer."""

    def __init__(self, step: str | None):
        super().__init__(step)
        self.step = step


def report_fields(answers: dict) -> dict:
    """Map the draft's answers to the report's columns."""
    contact = None
    if answers.get("contact") == "contact":
        contact = json.dumps({k: answers.get(k) or "" for k in (
            "name", "email", "phone", "voicemail", "safe_times", "language", "interpreter", "access_needs")})
    incident = date.fromisoformat(answers["date"]) if answers.get("when") == "date" and answers.get("date") else None
    return {
        "reporter_role": answers["role"],
        "strands": ",".join(answers.get("strands", [])),
        "strand_other": (answers.get("strand_other") or None) if "other" in answers.get("strands", []) else None,
        "description": answers["description"],
        "location_type": answers["location"],
        "online_platform": answers.get("platform") if answers["location"] == "online" else None,
        "district": answers["district"],
        "town": answers.get("town") or None,
        "incident_date": incident,
        "date_kind": answers["when"],
        "repeat": answers["repeat"],
        "wants_support": answers.get("support") == "yes",
        "wants_contact": answers.get("contact") == "contact",
        "contact": contact,
        "heard_from": answers.get("heard") or "",
        "time_of_day": answers.get("time_of_day") or None,
        "incident_time": (answers.get("time") or None) if answers.get("time_of_day") == "exact" else None,
        "place": answers.get("place") or None,
        "disabilities": ",".join(answers.get("disabilities") or []) or None,
        "age_band": answers.get("age_band") or None,
        "hurt": answers.get("hurt") or None,
        "reported_to_police": answers.get("reported") or None,
        "crime_reference": (answers.get("crime_reference") or None) if answers.get("reported") == "yes" else None,
        "outcomes": ",".join(answers.get("outcomes") or []) or None,
        "offender_known": answers.get("offender_known") or None,
        "offender_count": answers.get("offender_count") or None,
        "offender_description": answers.get("offender_description") or None,
        "witnesses": answers.get("witnesses") or None,
        "witness_contact": (answers.get("witness_contact") or None) if answers.get("witnesses") == "yes" else None,
        "origin_centre_id": answers.get("centre_id") if answers.get("role") == "centre" else None,
    }


def channel_for(answers: dict, easy: bool) -> str:
    if answers.get("role") == "centre" and answers.get("centre_id"):
        return "centre-assisted"
    return "easy-read" if easy else "online"


def find_by_key(key: str) -> Report | None:
    if not key:
        return None
    return db.session.scalar(select(Report).where(Report.idempotency_key == key))


def _begin_write() -> None:
    """Start the submit transaction. On SQLite take the write lock now (BEGIN IMMEDIATE), so two
    submissions queue for the lock instead of failing half way through."""
    db.session.rollback()
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def submit(answers: dict, key: str, easy: bool, lang: str = "en", follow_up_hash: str | None = None) -> Report:
    """Store the report and its outbox row in one durable transaction. Idempotent on `key`."""
    existing = find_by_key(key)
    if existing is not None:
        return existing
    missing = steps.first_unanswered(answers)
    if missing is not None:
        raise Incomplete(missing)
    campaign_id = session.get(ORIGIN_KEY)
    if not campaign_origin_valid(campaign_id):
        campaign_id = None
    fields = report_fields(answers)
    with writers.turn(db.engine):
        return _store(answers, key, easy, lang, follow_up_hash, campaign_id, fields)


def _store(answers, key, easy, lang, follow_up_hash, campaign_id, fields) -> Report:
    for _attempt in range(5):
        _begin_write()
        report = Report(
            reference=new_reference(),
            idempotency_key=key,
            channel=channel_for(answers, easy),
            lang=lang,
            origin_campaign_id=campaign_id,
            created_at=_now(),
            retention_until=date.today() + timedelta(days=current_app.config["REPORT_RETENTION_DAYS"]),
            status="new",
            follow_up_hash=follow_up_hash,
            **fields,
        )
        db.session.add(report)
        try:
            db.session.flush()
            outbox.enqueue(outbox.REPORT_RECEIVED, report.id, now=_now())
            token = session.get(SESSION_KEY)
            if isinstance(token, str):
                db.session.execute(delete(ReportDraft).where(ReportDraft.token_hash == _hash(token)))
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            existing = find_by_key(key)
            if existing is not None:  # a second click got there first
                return existing
            continue  # the reference was taken (about one chance in a trillion): draw another
        return report
    raise RuntimeError("could not draw a unique reference")


def campaign_origin_valid(campaign_id) -> bool:
    from ..campaigns.models import Campaign

    if not isinstance(campaign_id, int) or isinstance(campaign_id, bool):
        return False
    return db.session.get(Campaign, campaign_id) is not None


def find_by_reference(reference: str) -> Report | None:
    return db.session.scalar(select(Report).where(Report.reference == reference))
