"""Staff accounts: set-up links, passwords, two-factor codes, lockout and administration.

No HTTP here: routes call these functions and tests call them directly.
"""
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.exceptions import Forbidden, NotFound

from ..codes import token_hash
from ..crypto import decrypt, encrypt
from ..extensions import db
from ..outbox import STAFF_LOCKED_CODES, STAFF_LOCKED_PASSWORDS, enqueue
from ..core import clock
from . import audit
from .models import ADMINISTRATOR, ROLES, RecoveryCode, StaffSession, StaffUser

SETUP_LINK_LIFETIME = timedelta(hours=72)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCK_TIME = timedelta(minutes=15)  # the first lock-out; each one after it is twice as long ...
MAX_LOCK_TIME = timedelta(hours=24)  # ... up to this, until the next full sign-in
RECOVERY_CODE_COUNT = 10
# Recovery codes: 16 characters from an alphabet without look-alikes (80 bits), shown in groups of four.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
TOTP_ISSUER = "Report Hate in Hertfordshire"

# argon2-cffi's defaults: argon2id with RFC 9106's low-memory profile (64 MiB, 3 passes).
ARGON2_PARAMS: dict = {}
_HASHERS: dict = {}


def _hasher() -> tuple[PasswordHasher, str]:
    """The hasher, and a hash of a random password made with it.

    The dummy hash is verified when the email is unknown, so a wrong address costs as much
    time as a wrong password and nobody can tell which accounts exist.
    """
    key = tuple(sorted(ARGON2_PARAMS.items()))
    if key not in _HASHERS:
        hasher = PasswordHasher(**ARGON2_PARAMS)
        _HASHERS[key] = (hasher, hasher.hash(secrets.token_urlsafe(24)))
    return _HASHERS[key]


class AccountError(ValueError):
    """An administrator's request that breaks a rule (for example removing their own role)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


sha256 = token_hash  # set-up links, recovery codes and session tokens, as stored


PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalise_email(email: str) -> str:
    """Lower case without surrounding spaces; "" for anything no account could have (a database
    such as PostgreSQL refuses NUL characters, so they never reach a query)."""
    email = (email or "").strip().lower()
    return "" if _CONTROL.search(email) or len(email) > 254 else email


def clean_name(name: str) -> str:
    """A name as shown to administrators: control characters removed, spaces trimmed."""
    return _CONTROL.sub("", name or "").strip()


# --- Passwords ---------------------------------------------------------------------------

def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def _verify(hash_: str | None, password: str) -> bool:
    hasher, dummy = _hasher()
    try:
        return hasher.verify(hash_ or dummy, password) and hash_ is not None
    except (VerificationError, InvalidHashError):
        return False


# --- Set-up links --------------------------------------------------------------------------

def create_account(email: str, role: str, name: str = "", actor: StaffUser | None = None) -> tuple[StaffUser, str]:
    """A new account and its one-time set-up token (shown once, stored only as a hash)."""
    if role not in ROLES:
        raise AccountError("role")
    email = normalise_email(email)
    name = clean_name(name)
    if not email or "@" not in email:
        raise AccountError("email")
    if len(name) > 200:
        raise AccountError("name")
    if db.session.scalar(db.select(StaffUser).where(StaffUser.email == email)):
        raise AccountError("exists")
    user = StaffUser(email=email, name=name, role=role, active=True)
    db.session.add(user)
    token = _new_setup_token(user)
    db.session.flush()
    audit.record(audit.INVITE, user, actor=actor, role=role)
    db.session.commit()
    return user, token


def _new_setup_token(user: StaffUser) -> str:
    token = secrets.token_urlsafe(32)
    user.setup_token_hash = sha256(token)
    user.setup_expires_at = clock.now() + SETUP_LINK_LIFETIME
    return token


def new_setup_link(actor: StaffUser, user: StaffUser) -> str:
    """A fresh link (the old one stops working): for someone who has not finished setting up, or who
    lost their password or phone. Using it sets a new password and a new authenticator."""
    _require_admin(actor)
    if not user.active:
        raise AccountError("disabled")
    token = _new_setup_token(user)
    audit.record(audit.SET_UP_LINK, user, actor=actor, was_set_up=user.is_set_up)
    db.session.commit()
    return token


def setup_link(token: str) -> str:
    """The full set-up address, on the site's public address (SITE_URL)."""
    path = current_app.url_map.bind("localhost").build("staff.set_up", {"token": token})
    return current_app.config["SITE_URL"].rstrip("/") + path


def user_for_setup_token(token: str) -> StaffUser | None:
    if not token or len(token) > 100:
        return None
    user = db.session.scalar(db.select(StaffUser).where(StaffUser.setup_token_hash == sha256(token)))
    if user is None or not user.active or clock.aware(user.setup_expires_at) < clock.now():
        return None
    return user


def complete_setup(token: str, password: str) -> StaffUser | None:
    """Set the password and use up the link. Two-factor set-up follows at sign-in."""
    user = user_for_setup_token(token)
    if user is None:
        return None
    user.password_hash = hash_password(password)
    user.setup_token_hash = None
    user.setup_expires_at = None
    # A new password means a new authenticator too: nobody inherits an old second factor.
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    revoke_all_sessions(user)
    audit.record(audit.SET_UP, user, actor=user)
    db.session.commit()
    return user


# --- Sign-in ---------------------------------------------------------------------------------

@dataclass
class SignIn:
    user: StaffUser | None
    ok: bool


def check_password(email: str, password: str) -> SignIn:
    """The first step. Every failure looks the same to the person and takes the same time."""
    now = clock.now()
    email = normalise_email(email)
    user = db.session.scalar(db.select(StaffUser).where(StaffUser.email == email)) if email else None
    password_ok = _verify(user.password_hash if user else None, password or "")
    if user is None:
        audit.record(audit.SIGN_IN_FAILED, reason="unknown", email_hash=keyed(email))
        db.session.commit()
        return SignIn(None, False)
    if is_locked(user, now):
        audit.record(audit.SIGN_IN_FAILED, user, actor=None, reason="locked")
        db.session.commit()
        return SignIn(user, False)
    if not user.active:
        audit.record(audit.SIGN_IN_FAILED, user, actor=None, reason="disabled")
        db.session.commit()
        return SignIn(user, False)
    if not password_ok:
        register_failure(user, "password")
        return SignIn(user, False)
    if _hasher()[0].check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)  # stronger settings apply at the next sign-in
        db.session.commit()
    return SignIn(user, True)


def keyed(email: str) -> str:
    return audit.keyed_hash(email) if email else ""


def is_locked(user: StaffUser, now: datetime | None = None) -> bool:
    now = now or clock.now()
    until = clock.aware(user.locked_until)
    return until is not None and until > now


def lock_time(lockouts: int) -> timedelta:
    """How long the next lock-out lasts after `lockouts` since the last full sign-in: 15 minutes,
    then 30, 60 … at most 24 hours. So guessing gets a few tries a day, not hundreds."""
    return min(LOCK_TIME * 2 ** min(lockouts, 16), MAX_LOCK_TIME)


def register_failure(user: StaffUser, reason: str) -> None:
    """Count a failed password or code; the fifth within 15 minutes locks the account (lock_time).

    Counting is one UPDATE in the database, so failures sent at the same moment are each counted:
    none overwrites another's count.
    """
    now = clock.now()
    fresh = db.or_(StaffUser.failed_since.is_(None), StaffUser.failed_since < now - FAILURE_WINDOW)
    count, lockouts = db.session.execute(
        db.update(StaffUser).where(StaffUser.id == user.id)
        .values(failed_count=db.case((fresh, 1), else_=StaffUser.failed_count + 1),
                failed_since=db.case((fresh, now), else_=StaffUser.failed_since))
        .returning(StaffUser.failed_count, StaffUser.lockouts)
        .execution_options(synchronize_session=False)
    ).one()
    audit.record(audit.SIGN_IN_FAILED, user, actor=None, reason=reason)
    if count >= MAX_FAILURES:
        length = lock_time(lockouts)
        until = now + length
        db.session.execute(
            db.update(StaffUser).where(StaffUser.id == user.id)
            .values(failed_count=0, failed_since=None, locked_until=until, lockouts=lockouts + 1)
            .execution_options(synchronize_session=False)
        )
        revoke_all_sessions(user)
        audit.record(audit.LOCKOUT, user, actor=None, minutes=int(length.total_seconds() // 60), count=lockouts + 1)
        # The owner and the administrators hear of it (by e-mail, through the outbox).
        kind = STAFF_LOCKED_PASSWORDS if reason == "password" else STAFF_LOCKED_CODES
        enqueue(kind, now=now, staff_user_id=user.id, locked_until=until)
    db.session.commit()  # which also reloads the account's counts on the next read


def _clear_failures(user: StaffUser) -> None:
    user.failed_count = 0
    user.failed_since = None
    user.locked_until = None


def _signed_in(user: StaffUser) -> None:
    """Both factors given: failures are forgotten and lock-outs start again from 15 minutes."""
    _clear_failures(user)
    user.lockouts = 0


# --- TOTP --------------------------------------------------------------------------------------

def totp_secret(user: StaffUser) -> str | None:
    if not user.totp_secret:
        return None
    return decrypt(user.totp_secret)


def pending_totp_secret(user: StaffUser) -> str:
    """The secret being set up. Kept until confirmed, so reloading the page keeps the same QR code."""
    if user.totp_confirmed_at is not None:
        raise AccountError("totp-done")
    secret = totp_secret(user)
    if secret is None:
        secret = pyotp.random_base32()
        user.totp_secret = encrypt(secret)
        db.session.commit()
    return secret


def provisioning_uri(user: StaffUser, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


def qr_data_uri(uri: str) -> str:
    """An SVG QR code as a data: URI, so it is an ordinary <img> under the strict CSP."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c", light="#ffffff")


def _matching_step(secret: str, code: str) -> int | None:
    """The time step a 6-digit code belongs to (now, or one step either side for clock drift)."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = clock.now()
    step = totp.timecode(now)
    for offset in (0, -1, 1):
        expected = totp.generate_otp(step + offset)
        if hmac.compare_digest(expected, code):
            return step + offset
    return None


def _use_totp(user: StaffUser, code: str) -> bool:
    """True once per code: its time step must be later than the last one used.

    The check and the write are one conditional UPDATE, so two requests with the same code at
    the same moment cannot both pass: the database lets only one of them move the step on.
    """
    secret = totp_secret(user)
    if secret is None:
        return False
    step = _matching_step(secret, code)
    if step is None:
        return False
    moved = db.session.execute(
        db.update(StaffUser)
        .where(StaffUser.id == user.id,
               db.or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        return False  # already used (perhaps a moment ago, by another request): a code works once
    set_committed_value(user, "totp_last_step", step)
    return True


def confirm_totp(user: StaffUser, code: str) -> list[str] | None:
    """Finish setting up the authenticator; returns new recovery codes to show once."""
    if user.totp_confirmed_at is not None or is_locked(user):
        return None
    if not _use_totp(user, code):
        register_failure(user, "totp-set-up")
        return None
    user.totp_confirmed_at = clock.now()
    _signed_in(user)
    codes = _new_recovery_codes(user)
    audit.record(audit.TOTP_SET_UP, user, actor=user)
    db.session.commit()
    return codes


def check_second_factor(user: StaffUser, code: str) -> bool:
    """A code from the authenticator app, or a recovery code (each works once)."""
    if is_locked(user) or not user.active or user.totp_confirmed_at is None:
        audit.record(audit.SIGN_IN_FAILED, user, actor=None, reason="locked" if is_locked(user) else "second-factor")
        db.session.commit()
        return False
    cleaned = (code or "").strip().replace(" ", "")
    if len(cleaned) == 6 and cleaned.isdigit():
        ok = _use_totp(user, cleaned)
    else:
        ok = _use_recovery_code(user, code)
    if not ok:
        register_failure(user, "second-factor")
        return False
    _signed_in(user)
    db.session.commit()
    return True


# --- Recovery codes --------------------------------------------------------------------------

def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _new_recovery_codes(user: StaffUser) -> list[str]:
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i:i + 4] for i in range(0, 16, 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=sha256(raw)))
    return codes


def _use_recovery_code(user: StaffUser, code: str) -> bool:
    raw = _normalise_recovery(code)
    if len(raw) != 16:
        return False
    # Finding the code and using it up are one conditional UPDATE, so it works once even when
    # two requests bring it at the same moment.
    used = db.session.execute(
        db.update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == sha256(raw), RecoveryCode.used_at.is_(None))
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    if used.rowcount < 1:
        return False
    left = db.session.scalar(
        db.select(db.func.count()).select_from(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    audit.record(audit.RECOVERY_CODE_USED, user, actor=user, left=left)
    return True


def recovery_codes_left(user: StaffUser) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


# --- Sessions ----------------------------------------------------------------------------------

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=8)


def start_session(user: StaffUser, second_factor_done: bool, replacing: StaffSession | None = None) -> str:
    """A new random session id (the old one, if any, stops working). Returns the cookie value."""
    now = clock.now()
    if replacing is not None and replacing.revoked_at is None:
        replacing.revoked_at = now
    token = secrets.token_urlsafe(32)
    db.session.add(
        StaffSession(
            token_hash=sha256(token), user_id=user.id, created_at=now, last_seen_at=now,
            second_factor_done=second_factor_done,
        )
    )
    if second_factor_done:
        audit.record(audit.SIGN_IN, user, actor=user)
    db.session.commit()
    return token


def find_session(token: str | None) -> StaffSession | None:
    """The live session for a cookie value, or None. Expired sessions are revoked on the way."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(db.select(StaffSession).where(StaffSession.token_hash == sha256(token)))
    if found is None or found.revoked_at is not None:
        return None
    now = clock.now()
    user = found.user
    expired = (
        now - clock.aware(found.last_seen_at) > IDLE_TIMEOUT
        or now - clock.aware(found.created_at) > ABSOLUTE_TIMEOUT
    )
    if expired or not user.active or is_locked(user, now):
        found.revoked_at = now
        db.session.commit()
        return None
    found.last_seen_at = now
    db.session.commit()
    return found


def end_session(found: StaffSession) -> None:
    if found.revoked_at is None:
        found.revoked_at = clock.now()
        if found.second_factor_done:
            audit.record(audit.SIGN_OUT, found.user, actor=found.user)
        db.session.commit()


def revoke_all_sessions(user: StaffUser) -> None:
    db.session.execute(
        db.update(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )


# --- Administration --------------------------------------------------------------------------

def _require_admin(actor: StaffUser) -> None:
    if actor is None or actor.role != ADMINISTRATOR or not actor.active:
        raise Forbidden()


def list_users(actor: StaffUser) -> list[StaffUser]:
    _require_admin(actor)
    return list(db.session.scalars(db.select(StaffUser).order_by(StaffUser.email)))


def get_user(actor: StaffUser, public_id: str) -> StaffUser:
    """Look an account up by its random public id, for an administrator only. Never by number."""
    _require_admin(actor)
    if not PUBLIC_ID.match(public_id or ""):
        raise NotFound()
    user = db.session.scalar(db.select(StaffUser).where(StaffUser.public_id == public_id))
    if user is None:
        raise NotFound()
    return user


def invite(actor: StaffUser, email: str, role: str, name: str = "") -> tuple[StaffUser, str]:
    _require_admin(actor)
    return create_account(email, role, name, actor=actor)


def set_active(actor: StaffUser, user: StaffUser, active: bool) -> None:
    _require_admin(actor)
    if user.id == actor.id and not active:
        raise AccountError("self-disable")
    if user.active == active:
        return
    user.active = active
    if not active:
        revoke_all_sessions(user)
    else:
        _clear_failures(user)
    audit.record(audit.ENABLE if active else audit.DISABLE, user, actor=actor)
    db.session.commit()


def change_role(actor: StaffUser, user: StaffUser, role: str) -> None:
    _require_admin(actor)
    if role not in ROLES:
        raise AccountError("role")
    if user.id == actor.id and role != ADMINISTRATOR:
        raise AccountError("self-role")
    if user.role == role:
        return
    old = user.role
    user.role = role
    # New rights start from a fresh sign-in.
    revoke_all_sessions(user)
    audit.record(audit.ROLE_CHANGE, user, actor=actor, old=old, new=role)
    db.session.commit()


def emails_for(public_ids: list[str]) -> dict[str, str]:
    """Show the audit trail's targets by email address (read from the account, never stored there)."""
    if not public_ids:
        return {}
    rows = db.session.execute(
        db.select(StaffUser.public_id, StaffUser.email).where(StaffUser.public_id.in_(set(public_ids)))
    )
    return {public_id: email for public_id, email in rows}
