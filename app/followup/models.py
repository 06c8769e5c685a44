"""A signed-in follow-up visit, kept on the server so it can be ended there."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class FollowUpSession(db.Model):
    """One browser signed in to one report. The cookie holds a random token; only its SHA-256 is
    stored. Deleting the row ("I have finished", Exit this page, expiry) stops a copied cookie too."""

    __tablename__ = "follow_up_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
