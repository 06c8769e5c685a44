"""An outcome and every version of it. The text is written for the public page, so it is not
encrypted; the form warns never to put in anything that could identify a victim."""
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core import clock
from ..extensions import db
from ..staff.models import StaffUser, new_public_id

STORY = "story"
YOU_SAID = "you-said-we-did"
KINDS = (STORY, YOU_SAID)

# What a version records: the text was written or changed, or it went on or off the public page.
WRITTEN = "written"
CHANGED = "changed"
PUBLISHED = "published"
UNPUBLISHED = "unpublished"


class Outcome(db.Model):
    __tablename__ = "outcome"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, nullable=False, default=new_public_id)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    lang: Mapped[str] = mapped_column(String(5), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)  # Markdown, sanitised when shown
    published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Who wrote the text as it stands: they may not publish it (app.outcomes.services.may_publish).
    written_by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)

    written_by: Mapped[StaffUser] = relationship()
    versions: Mapped[list["OutcomeVersion"]] = relationship(
        back_populates="outcome", order_by="OutcomeVersion.number", cascade="all, delete-orphan")


class OutcomeVersion(db.Model):
    """One step in an outcome's history: who, when, what happened, and the text as it was then."""

    __tablename__ = "outcome_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    changed: Mapped[str] = mapped_column(String(100), nullable=False, default="")  # fields, comma-separated
    by_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"), nullable=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    lang: Mapped[str] = mapped_column(String(5), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)

    outcome: Mapped[Outcome] = relationship(back_populates="versions")
    by: Mapped[StaffUser] = relationship()
