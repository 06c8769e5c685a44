"""The audit trail: one function writes it, for every feature of the staff area.

    from app.staff import audit
    audit.record(audit.SIGN_IN)                               # actor: the signed-in person
    audit.record("report.status", report, status="closed")    # target: any row with a public_id

`detail` holds short codes only (numbers, booleans, identifiers such as a role or a status),
never free text, an email address, a password, a code someone typed, an address or a user agent.
The event joins the caller's transaction, so it is saved (or not) with the change it describes.
"""
import hashlib
import hmac
import re

from flask import current_app, g, has_request_context
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..core import clock
from .models import AuditEvent

SIGN_IN = "sign-in"
SIGN_IN_FAILED = "sign-in-failed"
SIGN_OUT = "sign-out"
LOCKOUT = "lockout"
SET_UP = "set-up"
TOTP_SET_UP = "totp-set-up"
RECOVERY_CODE_USED = "recovery-code-used"
INVITE = "invite"
SET_UP_LINK = "set-up-link"
DISABLE = "disable"
ENABLE = "enable"
ROLE_CHANGE = "role-change"

LABELS = {
    SIGN_IN: _l("Signed in"),
    SIGN_IN_FAILED: _l("Sign-in failed"),
    SIGN_OUT: _l("Signed out"),
    LOCKOUT: _l("Account locked for a while"),
    SET_UP: _l("Password set"),
    TOTP_SET_UP: _l("Authenticator app set up"),
    RECOVERY_CODE_USED: _l("Recovery code used"),
    INVITE: _l("Account invited"),
    SET_UP_LINK: _l("New set-up link made"),
    DISABLE: _l("Account disabled"),
    ENABLE: _l("Account enabled again"),
    ROLE_CHANGE: _l("Role changed"),
}



def register(action: str, label) -> str:
    """A feature's own audit action, e.g. `VIEW = audit.register("report.view", _l("Report opened"))`."""
    LABELS[action] = label
    return action


# A value in `detail`: a short identifier, never a sentence someone typed.
_CODE = re.compile(r"^[A-Za-z0-9_.:-]{0,64}$")


def _check_detail(detail: dict) -> dict:
    for key, value in detail.items():
        if not _CODE.match(key):
            raise ValueError(f"audit detail key {key!r} is not a short identifier")
        if value is None or isinstance(value, bool | int):
            continue
        if isinstance(value, str) and _CODE.match(value):
            continue
        raise ValueError(f"audit detail {key!r} must be a number, a flag or a short code, not free text")
    return detail


def keyed_hash(value: str) -> str:
    """Lets an administrator see that the same unknown address was tried again without storing it."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"audit:" + value.strip().lower().encode(), hashlib.sha256).hexdigest()[:16]


_CURRENT = object()


def record(action: str, target=None, *, actor=_CURRENT, **detail) -> AuditEvent:
    """Add one event to the current transaction.

    `target` is a model instance with a `public_id` (its table name becomes target_type), a
    (type, id) pair, or None. `actor` defaults to the signed-in staff member, if any;
    pass actor=None for "nobody known".
    """
    if not _CODE.match(action) or not action:
        raise ValueError(f"audit action {action!r} is not a short identifier")
    if actor is _CURRENT:
        actor = g.get("staff_user") if has_request_context() else None
    target_type = target_id = None
    if isinstance(target, tuple):
        target_type, target_id = target
    elif target is not None:
        target_type, target_id = target.__tablename__, target.public_id
    event = AuditEvent(
        at=clock.now(),
        actor_id=actor.id if actor is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        detail=_check_detail(dict(detail)),
    )
    db.session.add(event)
    return event


def events(action: str | None = None, page: int = 1, per_page: int = 50):
    """Newest first, optionally one kind of action. Read-only: there is no way to change an event."""
    query = db.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
