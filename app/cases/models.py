"""What happens to a report after it arrives: status changes and case notes, with who and when."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..crypto import Encrypted, register_encrypted
from ..extensions import db
from ..core import clock
from ..staff.models import StaffUser

NEW = "new"
TRIAGED = "triaged"
REFERRED = "referred"  # to victim support
POLICE = "police"  # passed to the police
CLOSED = "closed"
STATUSES = (NEW, TRIAGED, REFERRED, POLICE, CLOSED)

STATUS_CHANGE = "status"
NOTE = "note"  # for the case team only
REPLY = "reply"  # from the case team to the person who reported, shown at their next follow-up visit
REPORTER = "reporter"  # more information from the person who reported, through the follow-up pages
DECISION_CHANGE = "decision"  # a new decision about the police, with its reason (reporting/police.py)


class CaseEvent(db.Model):
    """One entry in a report's history. Appended, never edited; notes are encrypted like the report."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # status | note | reply | reporter
    status: Mapped[str | None] = mapped_column(String(20))  # the new status, or the new police decision
    reason: Mapped[str | None] = mapped_column(String(20))  # why the police decision changed
    note: Mapped[str | None] = mapped_column(Encrypted)

    actor: Mapped[StaffUser | None] = relationship()


register_encrypted("case_event", "note")


class Referral(db.Model):
    """A referral to Beacon, opened through a single-use, time-limited link that needs no staff login.

    The link's token is made when the e-mail is sent (the outbox), and only its SHA-256 is kept
    (codes.token_hash). A link works once, until `expires_at`, and never after a case worker revokes it.
    """

    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
