"""The report, the server-side draft between steps, and the outbox that tells the case team."""
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ..core import clock
from ..crypto import Encrypted, EncryptedBytes, register_encrypted
from ..extensions import db


class Report(db.Model):
    __tablename__ = "report"
    # For the indicators: reports in a period, and referrals in a period (read from the index alone).
    __table_args__ = (Index("ix_report_created_at", "created_at"),
                      Index("ix_report_status_created_at", "status", "created_at", "district"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(14), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    channel: Mapped[str] = mapped_column(String(20), nullable=False, index=True)  # online | easy-read | centre-assisted
    lang: Mapped[str] = mapped_column(String(8), nullable=False, default="en")
    reporter_role: Mapped[str] = mapped_column(String(20), nullable=False)
    strands: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # comma list
    strand_other: Mapped[str | None] = mapped_column(Encrypted)
    description: Mapped[str] = mapped_column(Encrypted, nullable=False)
    location_type: Mapped[str] = mapped_column(String(20), nullable=False)
    online_platform: Mapped[str | None] = mapped_column(String(20))
    district: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    town: Mapped[str | None] = mapped_column(Encrypted)
    incident_date: Mapped[date | None] = mapped_column(Date)
    date_kind: Mapped[str] = mapped_column(String(10), nullable=False)  # date | ongoing | not-sure
    repeat: Mapped[str] = mapped_column(String(10), nullable=False)
    # What the person agreed the police may be told (reporting/police.py); empty on reports made before it was asked.
    police_decision: Mapped[str | None] = mapped_column(String(20))
    # What an officer needs to act on. Every one is optional: empty when not asked or not answered.
    # Choices are kept readable for counting; what the person typed is encrypted.
    time_of_day: Mapped[str | None] = mapped_column(String(10))  # exact | morning | ... | not-sure
    incident_time: Mapped[str | None] = mapped_column(String(5))  # HH:MM, when time_of_day is exact
    place: Mapped[str | None] = mapped_column(Encrypted)
    disabilities: Mapped[str | None] = mapped_column(String(100))  # comma list
    age_band: Mapped[str | None] = mapped_column(String(12))
    hurt: Mapped[str | None] = mapped_column(String(10))
    reported_to_police: Mapped[str | None] = mapped_column(String(10))
    crime_reference: Mapped[str | None] = mapped_column(Encrypted)
    outcomes: Mapped[str | None] = mapped_column(String(100))  # comma list
    offender_known: Mapped[str | None] = mapped_column(String(20))
    offender_count: Mapped[str | None] = mapped_column(String(10))
    offender_description: Mapped[str | None] = mapped_column(Encrypted)
    witnesses: Mapped[str | None] = mapped_column(String(10))
    witness_contact: Mapped[str | None] = mapped_column(Encrypted)
    wants_support: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    wants_contact: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    contact: Mapped[str | None] = mapped_column(Encrypted)  # JSON: name, email, phone, needs
    heard_from: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    origin_centre_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id"))
    origin_campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"))
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="new", index=True)
    # The case worker who has it on their list; none until someone takes it (cases/queue.py).
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    retention_until: Mapped[date] = mapped_column(Date, nullable=False)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    # A slow hash of the follow-up code shown once at the end of the report (see app/followup).
    follow_up_hash: Mapped[str | None] = mapped_column(String(200))
    # Set when the retention period ends: what the person wrote is gone, the counted fields stay.
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReportDraft(db.Model):
    """Answers between steps. Found by a hash of the random token in the person's session."""

    __tablename__ = "report_draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    answers: Mapped[str] = mapped_column(Encrypted, nullable=False)  # JSON
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)


class ReportEvidenceDraft(db.Model):
    """A photo or screenshot added to a draft, already re-encoded (see evidence.py). Deleted with its
    draft by the database (ON DELETE CASCADE), however the draft goes: sent, abandoned or purged."""

    __tablename__ = "report_evidence_draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("report_draft.id", ondelete="CASCADE"), nullable=False,
                                          index=True)
    name: Mapped[str] = mapped_column(Encrypted, nullable=False)  # the file name the person gave, for their list
    content_type: Mapped[str] = mapped_column(String(20), nullable=False)  # image/png | image/jpeg
    size: Mapped[int] = mapped_column(Integer, nullable=False)  # bytes, as stored (re-encoded)
    data: Mapped[bytes] = deferred(mapped_column(EncryptedBytes, nullable=False))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)


class ReportEvidence(db.Model):
    """A photo or screenshot sent with a report: re-encoded, without metadata, encrypted. Numbered
    1, 2, ... in the order added; the person's file name is not kept."""

    __tablename__ = "report_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    content_type: Mapped[str] = mapped_column(String(20), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    data: Mapped[bytes] = deferred(mapped_column(EncryptedBytes, nullable=False))


class Outbox(db.Model):
    """A notification that must not be lost. Holds ids only, never what a person wrote."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"), index=True)
    # A notice about a staff account (a lock-out) names the account, and until when it is locked.
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When to try again after a failure; None once delivered or after the last attempt.
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    last_error: Mapped[str | None] = mapped_column(Text)


register_encrypted("report", "strand_other", "description", "town", "contact", "place", "crime_reference",
                   "offender_description", "witness_contact")
register_encrypted("report_draft", "answers")
register_encrypted("report_evidence_draft", "name", binary=("data",))
register_encrypted("report_evidence", binary=("data",))
