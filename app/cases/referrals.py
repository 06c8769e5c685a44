"""Referrals Beacon can act on without a staff login.

When a case worker refers a report (services.change_status), a Referral row is added and the outbox
queues an e-mail. The e-mail is written when it is sent: only then is a random token made
(`issue_link`), and only its SHA-256 is stored. The e-mail holds the report's reference and the link,
never what the person wrote or who they are. The link opens a read-only page that shows exactly
`services.beacon_share` (what the person agreed Beacon may have). It works once, until
REFERRAL_LINK_HOURS after sending, and never after a case worker revokes it; every opening and every
refused try is audited.
"""
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..codes import token_hash
from ..core import clock
from ..extensions import db
from ..reporting.models import Report
from ..staff import audit
from .models import Referral

OPENED = audit.register("referral.open", _l("Referral opened by the receiving service"))
OPEN_REFUSED = audit.register("referral.refused", _l("Referral link refused"))
REVOKED = audit.register("referral.revoke", _l("Referral link revoked"))
RESENT = audit.register("referral.resend", _l("New referral link sent"))

TOKEN_MAX = 100  # longer than any token we make: anything longer is refused before hashing


def current(report: Report) -> Referral | None:
    """The report's latest referral, for the case page."""
    return db.session.scalar(select(Referral).where(Referral.report_id == report.id)
                             .order_by(Referral.created_at.desc(), Referral.id.desc()).limit(1))


def issue_link(report_id: int) -> tuple[str, object] | None:
    """A new token for the report's latest referral that is still open, made as its e-mail is sent.
    A resend (an earlier try failed) replaces the token, so only the newest e-mail's link works."""
    referral = db.session.scalar(select(Referral).where(
        Referral.report_id == report_id, Referral.revoked_at.is_(None), Referral.opened_at.is_(None))
        .order_by(Referral.created_at.desc(), Referral.id.desc()).limit(1))
    if referral is None:
        return None
    token = secrets.token_urlsafe(32)
    now = clock.now()
    referral.token_hash = token_hash(token)
    referral.sent_at = now
    referral.expires_at = now + timedelta(hours=int(current_app.config.get("REFERRAL_LINK_HOURS", 72)))
    return token, referral.expires_at


def _usable(token: str) -> tuple[Referral | None, str]:
    """The referral a token opens, or None with why not (a short code for the audit trail)."""
    if not isinstance(token, str) or not token or len(token) > TOKEN_MAX:
        return None, "unknown"
    referral = db.session.scalar(select(Referral).where(Referral.token_hash == token_hash(token)))
    if referral is None:
        return None, "unknown"
    if referral.revoked_at is not None:
        return referral, "revoked"
    if referral.opened_at is not None:
        return referral, "used"
    if referral.expires_at is None or clock.aware(referral.expires_at) <= clock.now():
        return referral, "expired"
    return referral, ""


def check(token: str) -> bool:
    """Whether the link still works, without using it up (the page before the button)."""
    referral, problem = _usable(token)
    if referral is not None and problem:
        _refused(referral, problem)
    return referral is not None and not problem


def _refused(referral: Referral, problem: str) -> None:
    report = db.session.get(Report, referral.report_id)
    audit.record(OPEN_REFUSED, ("report", report.reference), actor=None, referral=referral.id, why=problem)
    db.session.commit()


def open_once(token: str) -> dict | None:
    """What the referral shows, using the link up; None when it does not work. Audited either way."""
    from . import services

    referral, problem = _usable(token)
    if referral is None:
        return None
    if problem:
        _refused(referral, problem)
        return None
    report = db.session.get(Report, referral.report_id)
    try:
        shared = services.beacon_share(report, None)
    except services.NotAgreed:
        return None  # refused and audited by the one rule
    # Used up in one conditional UPDATE: of two clicks at once, only one can show the referral.
    used = db.session.execute(update(Referral).where(Referral.id == referral.id, Referral.opened_at.is_(None))
                              .values(opened_at=clock.now()))
    if used.rowcount != 1:
        db.session.rollback()
        return None
    audit.record(OPENED, ("report", report.reference), actor=None, referral=referral.id)
    db.session.commit()
    return shared


def send_again(report: Report, actor) -> None:
    """A new referral e-mail with a new link (the last one expired, was used or was withdrawn); any
    unused link stops working. Only as far as the person agreed, like the first referral."""
    from ..outbox import REFERRAL, enqueue
    from . import services

    services.beacon_share(report, actor)  # the one gate: refused and audited when they did not ask
    revoke(report, actor, commit=False)
    now = clock.now()
    referral = Referral(report_id=report.id, created_at=now, created_by_id=actor.id)
    db.session.add(referral)
    enqueue(REFERRAL, report.id, now=now)
    db.session.flush()
    audit.record(RESENT, ("report", report.reference), actor=actor, referral=referral.id)
    db.session.commit()


def revoke(report: Report, actor, commit: bool = True) -> int:
    """Stop every unused link of the report's referrals. Returns how many were stopped."""
    now = clock.now()
    active = db.session.scalars(select(Referral).where(
        Referral.report_id == report.id, Referral.revoked_at.is_(None), Referral.opened_at.is_(None))).all()
    for referral in active:
        referral.revoked_at = now
        referral.revoked_by_id = actor.id
        audit.record(REVOKED, ("report", report.reference), actor=actor, referral=referral.id)
    if commit:
        db.session.commit()
    return len(active)
