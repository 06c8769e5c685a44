"""Notifications that must not be lost: written in the same transaction as what they announce,
delivered later by `flask outbox send`. They carry a report's or a staff account's id only, never
what a person wrote."""
from datetime import datetime, timezone

from flask import Blueprint

# Kinds first: the report and case features import them while this package is still loading.
REPORT_RECEIVED = "report-received"
REFERRAL = "referral"
POLICE_REFERRAL = "police-referral"  # a report passed to the police, as far as the person agreed
# A staff account was locked after failed sign-in tries: to its owner and the administrators.
STAFF_LOCKED_CODES = "staff-locked-codes"  # the try that locked it was a second-factor code
STAFF_LOCKED_PASSWORDS = "staff-locked-passwords"  # it was a password
STAFF_LOCKED = (STAFF_LOCKED_CODES, STAFF_LOCKED_PASSWORDS)

bp = Blueprint("outbox", __name__, url_prefix="/staff/outbox", cli_group="outbox")


def enqueue(kind: str, report_id: int | None = None, now: datetime | None = None, *,
            staff_user_id: int | None = None, locked_until: datetime | None = None):
    """Add a notification to the current transaction; the caller commits it with its own change."""
    from ..core import clock
    from ..extensions import db
    from ..reporting.models import Outbox

    now = now or clock.now()
    row = Outbox(kind=kind, report_id=report_id, staff_user_id=staff_user_id, locked_until=locked_until,
                 created_at=now, next_attempt_at=now)
    db.session.add(row)
    return row


from . import cli, routes  # noqa: E402,F401
