"""The report's logic, usable and tested without HTTP: drafts, centres, references, submission."""
import json
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, session
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..campaigns.routes import ORIGIN_KEY
from .. import outbox
from ..codes import ALPHABET
from ..codes import token_hash
from ..core import clock
from ..extensions import db
from . import evidence, steps
from .models import Report, ReportDraft

SESSION_KEY = "report_draft"
DONE_SESSION_KEY = "report_done"
TYPED_KEY = "_typed"  # in a draft: a question sent with mistakes, as typed (see keep_typed)
DRAFT_LIFETIME = timedelta(hours=4)
RECEIPT_LIFETIME = timedelta(minutes=10)  # long enough to reload the page and write the reference down

REFERENCE = re.compile(r"^HC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")





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

_hash = token_hash  # a draft's token, as stored


@dataclass
class Draft:
    row: ReportDraft | None
    answers: dict


def _live(token) -> ReportDraft | None:
    """The unexpired row for a session's token; an expired one is deleted when touched."""
    if not isinstance(token, str) or not token:
        return None
    row = db.session.scalar(select(ReportDraft).where(ReportDraft.token_hash == _hash(token)))
    if row is not None and clock.aware(row.expires_at) <= clock.now():
        db.session.delete(row)
        db.session.commit()
        return None
    return row


def load_draft() -> Draft:
    """This visitor's answers so far."""
    row = _live(session.get(SESSION_KEY))
    if row is None:
        session.pop(SESSION_KEY, None)
        return Draft(None, {})
    return Draft(row, json.loads(row.answers))


def _store(draft: Draft, answers: dict) -> None:
    """Write the answers to this visitor's draft, making the draft (and its session token) if need be."""
    now = clock.now()
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


def keep_typed(step_name: str, fields: list[tuple[str, str]], problems: list[str] | None = None) -> None:
    """Keep what was typed into a question sent with mistakes, in the draft (encrypted, never in the
    address), so the page the browser is redirected to shows it again with its errors. The Back button
    then finds a plain GET: a page that answered a POST cannot come back without sending it again,
    as no page is stored (no-store). `problems` are messages that cannot be found again by checking
    the fields (a refused file). Kept until the question is answered, or another is sent with mistakes."""
    draft = load_draft()
    answers = dict(draft.answers)
    answers[TYPED_KEY] = {"step": step_name, "fields": [[k, v] for k, v in fields if k != "csrf_token"],
                          "problems": list(problems or [])}
    _store(draft, answers)


def typed(answers: dict, step_name: str) -> dict | None:
    """What was typed into this question when it was last sent with mistakes, if that is still kept."""
    kept = answers.get(TYPED_KEY)
    return kept if isinstance(kept, dict) and kept.get("step") == step_name else None


def save_answers(step_name: str, values: dict) -> dict:
    """Store one step's answers, forget answers that no longer apply, and return all answers."""
    draft = load_draft()
    answers = dict(draft.answers)
    answers.pop(TYPED_KEY, None)
    answers.update(values)
    done = answers.setdefault(steps.DONE_KEY, [])
    if step_name not in done:
        done.append(step_name)
    steps.prune(answers)
    _store(draft, answers)
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


def _delete(*tokens: str) -> None:
    """Delete the rows of these tokens ("fetch": a row added next may reuse a deleted row's id)."""
    db.session.execute(delete(ReportDraft).where(ReportDraft.token_hash.in_([_hash(t) for t in tokens])),
                       execution_options={"synchronize_session": "fetch"})


def forget_draft() -> None:
    """Delete this visitor's draft (Exit this page, or starting again)."""
    token = session.pop(SESSION_KEY, None)
    if isinstance(token, str) and token:
        _delete(token)
        db.session.commit()


def exit_hook() -> None:
    try:
        forget_draft()
        forget_receipt()
    except Exception:  # Exit this page must always work, even with the database down
        db.session.rollback()
    session.pop(DONE_SESSION_KEY, None)


# The receipt --------------------------------------------------------------------------------
# What the confirmation page shows (the reference, and the follow-up code until its first view) is
# kept on the server like a draft: encrypted, found by a hash of a random token in the session, and
# only for a few minutes. The session cookie is signed, not encrypted: it never holds either.

@dataclass
class Receipt:
    reference: str
    code: str | None  # None once shown


def _code_token(token: str) -> str:
    return "code:" + token  # the code has its own row, so that showing it can delete it


def _keep(token: str, content: dict) -> None:
    now = clock.now()
    db.session.add(ReportDraft(token_hash=_hash(token), answers=json.dumps(content), created_at=now,
                               updated_at=now, expires_at=now + RECEIPT_LIFETIME))


def _add_receipt(reference: str, code: str | None) -> str:
    """Add the rows (to the caller's transaction) and return the token for the session."""
    old = session.get(DONE_SESSION_KEY)
    if isinstance(old, str) and old:
        _delete(old, _code_token(old))
    token = secrets.token_urlsafe(32)
    _keep(token, {"reference": reference})
    if code:
        _keep(_code_token(token), {"code": code})
    return token


def keep_receipt(reference: str, code: str | None = None) -> None:
    if code is None:  # the same report again (a second click): keep its receipt, whose code may be unshown
        row = _live(session.get(DONE_SESSION_KEY))
        if row is not None and json.loads(row.answers)["reference"] == reference:
            return
    session[DONE_SESSION_KEY] = _add_receipt(reference, code)
    db.session.commit()


def read_receipt() -> Receipt | None:
    """The receipt, with the code the first time only: later views (a reload, the back button) get None."""
    token = session.get(DONE_SESSION_KEY)
    row = _live(token)
    if row is None:
        session.pop(DONE_SESSION_KEY, None)
        return None
    receipt = Receipt(json.loads(row.answers)["reference"], None)
    code_row = _live(_code_token(token))
    if code_row is not None:
        code = json.loads(code_row.answers).get("code")
        # Of two views at once only one deletes the row, and only that one shows the code.
        if db.session.execute(delete(ReportDraft).where(ReportDraft.id == code_row.id)).rowcount == 1:
            receipt.code = code
        db.session.commit()
    return receipt


def forget_receipt() -> None:
    token = session.pop(DONE_SESSION_KEY, None)
    if isinstance(token, str) and token:
        _delete(token, _code_token(token))
        db.session.commit()


def purge_expired(now: datetime | None = None) -> int:
    result = db.session.execute(delete(ReportDraft).where(ReportDraft.expires_at <= (now or clock.now())))
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
        "police_decision": answers["police"],
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
    """Start the submit transaction. On SQLite take the write lock now (BEGIN IMMEDIATE), so
    submissions queue for the lock in SQLite's busy timeout (app/database.py) instead of failing
    half way through."""
    db.session.rollback()
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def submit(answers: dict, key: str, easy: bool, lang: str = "en", follow_up_hash: str | None = None,
           follow_up_code: str | None = None) -> Report:
    """Store the report, its outbox row and its receipt in one durable transaction, and put the
    receipt's token in the session. Idempotent on `key`: a report already stored gets no new receipt.
    `follow_up_code` is shown once by the receipt; only its hash (`follow_up_hash`) stays with the report."""
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
    for _attempt in range(5):
        _begin_write()
        report = Report(
            reference=new_reference(),
            idempotency_key=key,
            channel=channel_for(answers, easy),
            lang=lang,
            origin_campaign_id=campaign_id,
            created_at=clock.now(),
            retention_until=clock.today() + timedelta(days=current_app.config["REPORT_RETENTION_DAYS"]),
            status="new",
            follow_up_hash=follow_up_hash,
            **fields,
        )
        db.session.add(report)
        try:
            db.session.flush()
            outbox.enqueue(outbox.REPORT_RECEIVED, report.id, now=clock.now())
            token = session.get(SESSION_KEY)
            if isinstance(token, str):
                draft_id = db.session.scalar(select(ReportDraft.id).where(ReportDraft.token_hash == _hash(token)))
                # Its photos go with the report, in this same transaction; photos added before the
                # person decided the police should not be told stay behind, deleted with the draft.
                if draft_id is not None and steps.BY_NAME["evidence"].applies(answers):
                    evidence.attach(draft_id, report.id)
                _delete(token)
            receipt = _add_receipt(report.reference, follow_up_code)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            existing = find_by_key(key)
            if existing is not None:  # a second click got there first
                return existing
            continue  # the reference was taken (about one chance in a trillion): draw another
        session.pop(SESSION_KEY, None)
        session[DONE_SESSION_KEY] = receipt
        return report
    raise RuntimeError("could not draw a unique reference")


def campaign_origin_valid(campaign_id) -> bool:
    from ..campaigns.models import Campaign

    if not isinstance(campaign_id, int) or isinstance(campaign_id, bool):
        return False
    return db.session.get(Campaign, campaign_id) is not None


def find_by_reference(reference: str) -> Report | None:
    return db.session.scalar(select(Report).where(Report.reference == reference))
