"""Coming back to a report without an account: a reference and a follow-up code.

The code is 12 digits in three groups of four (4821 0937 5562): easy to write down, read out and
type on a phone keypad in any language. 12 digits are about 40 bits, too few to rely on chance
alone, so the code is kept strong by three things together: guesses are rate-limited per reference
and per address (routes.py), and only a slow, salted Argon2id hash is stored, so a copy of the
database does not give the codes away either (about 70 processor-years of hashing to try every code
of one report at the settings below). The team cannot recover a code.

Codes given out before (26 characters of Crockford's base 32, hashed with SHA-256 or, earlier,
Argon2) keep working: the stored hash says which kind it is.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import session
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, not_, or_, select

from ..cases.models import NEW, REPLY, REPORTER, STATUS_CHANGE, CaseEvent
from ..codes import token_hash
from ..extensions import db
from ..reporting.models import Report
from ..reporting.services import normalise_reference
from ..core import clock
from ..staff import audit
from .models import FollowUpSession

DIGITS = 12  # 12 digits, about 40 bits, in groups of GROUP
GROUP = 4
SESSION_KEY = "follow_up"  # the random token of a FollowUpSession
SIGNED_IN_FOR = timedelta(minutes=30)  # without a visit
SIGNED_IN_AT_MOST = timedelta(hours=2)  # in all
MAX_MESSAGE = 5000
ADDED = audit.register("report.reporter-added", _l("The person who reported added information"))

# Argon2id at 8 MiB and 2 passes: about 7 ms of one idle core per report (BENCHMARKS.md: a submission
# stays within its target), memory-hard enough that trying every 12-digit code costs years. A stored
# hash carries its own settings, so changing these never breaks a code already given out.
ARGON2_PARAMS: dict = {"memory_cost": 8192, "time_cost": 2, "parallelism": 1}
SHA256 = "sha256$"  # the hash of the 26-character codes given out before the short codes
_MISREAD = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def _hasher() -> PasswordHasher:
    return PasswordHasher(**ARGON2_PARAMS)


def new_code() -> str:
    raw = "".join(secrets.choice("0123456789") for _ in range(DIGITS))
    return " ".join(raw[i:i + GROUP] for i in range(0, DIGITS, GROUP))


def normalise_code(text: str | None) -> str:
    """What a person typed, as stored: upper case, no spaces or dashes, misread letters mended."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return cleaned.translate(_MISREAD)[:64]


def hash_code(code: str) -> str:
    """The stored form of a new code: Argon2id, salted."""
    return _hasher().hash(normalise_code(code))


def _old_hash(code: str) -> str:
    return SHA256 + hashlib.sha256(normalise_code(code).encode()).hexdigest()


_dummy: dict = {}


def _dummy_hash() -> str:
    """A stand-in checked when the reference is unknown, so the answer takes the same time whichever
    part was wrong."""
    key = tuple(sorted(ARGON2_PARAMS.items()))
    if key not in _dummy:
        _dummy[key] = _hasher().hash(secrets.token_hex(8))
    return _dummy[key]


def _matches(stored: str | None, code: str) -> bool:
    if stored and stored.startswith(SHA256):
        return hmac.compare_digest(stored, _old_hash(code))
    try:
        return _hasher().verify(stored or _dummy_hash(), normalise_code(code)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def find_report(reference: str, code: str) -> Report | None:
    """The report when both match; None for any failure, which never says which part was wrong."""
    wanted = normalise_reference(reference)
    report = db.session.scalar(select(Report).where(Report.reference == wanted)) if wanted else None
    stored = report.follow_up_hash if report is not None and report.follow_up_hash else None
    if not _matches(stored, code) or report.anonymised_at is not None:
        return None
    return report




def _expired(now: datetime):
    """Sign-ins idle too long, or open too long in all, however often their cookie was renewed."""
    return or_(FollowUpSession.last_seen_at <= now - SIGNED_IN_FOR,
               FollowUpSession.created_at <= now - SIGNED_IN_AT_MOST)


def sign_in(report: Report) -> None:
    """A new server-side sign-in; the cookie holds only its random token, never the report's id."""
    sign_out()
    now = clock.now()
    db.session.execute(delete(FollowUpSession).where(_expired(now)))  # tidy up as we go: no cron needed
    token = secrets.token_urlsafe(32)
    db.session.add(FollowUpSession(token_hash=token_hash(token), report_id=report.id, created_at=now,
                                   last_seen_at=now))
    db.session.commit()
    session[SESSION_KEY] = token


def sign_out() -> None:
    """End this browser's sign-in on the server, so a copy of the cookie stops working too."""
    token = session.pop(SESSION_KEY, None)
    if isinstance(token, str) and token:
        db.session.execute(delete(FollowUpSession).where(FollowUpSession.token_hash == token_hash(token)))
        db.session.commit()


def exit_hook() -> None:
    try:
        sign_out()
    except Exception:  # Exit this page must always work, even with the database down
        db.session.rollback()
        session.pop(SESSION_KEY, None)


def session_key() -> str | None:
    """What identifies this sign-in to the rate limiter: a hash of its token."""
    token = session.get(SESSION_KEY)
    return token_hash(token) if isinstance(token, str) and token else None


def current_report() -> Report | None:
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or not token or len(token) > 100:
        session.pop(SESSION_KEY, None)  # nothing, or the old cookie that held the report's id
        return None
    now = clock.now()
    held = db.session.scalar(select(FollowUpSession).where(
        FollowUpSession.token_hash == token_hash(token), not_(_expired(now))))
    report = db.session.get(Report, held.report_id) if held is not None else None
    if report is None or report.anonymised_at is not None:
        sign_out()  # an expired sign-in is deleted on the way
        return None
    held.last_seen_at = now  # each visit extends the idle time, as a person reading and typing expects
    db.session.commit()
    return report


@dataclass(frozen=True)
class Message:
    at: datetime
    from_team: bool
    text: str


def messages(report: Report) -> list[Message]:
    """What the person and the team said to each other, oldest first. Case notes are never shown."""
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.report_id == report.id, CaseEvent.kind.in_((REPLY, REPORTER)))
        .order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    return [Message(e.at, e.kind == REPLY, e.note or "") for e in events]


def add_information(report: Report, text: str) -> None:
    """More from the person: into the history, and back into the case team's queue as new."""
    now = clock.now()
    db.session.add(CaseEvent(report_id=report.id, at=now, actor_id=None, kind=REPORTER, note=text))
    if report.status != NEW:
        report.status = NEW
        db.session.add(CaseEvent(report_id=report.id, at=now, actor_id=None, kind=STATUS_CHANGE, status=NEW))
    audit.record(ADDED, ("report", report.reference), actor=None)
    db.session.commit()


def reply(report: Report, actor, text: str) -> None:
    """A case worker's message to the person, shown at their next visit. The caller audits it."""
    db.session.add(CaseEvent(report_id=report.id, at=clock.now(), actor_id=actor.id, kind=REPLY, note=text))
