"""Third Party Reporting Centres."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, event, insert, inspect
from sqlalchemy.orm import Mapped, mapped_column

from ..core import clock
from ..extensions import db


class Centre(db.Model):
    __tablename__ = "centre"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Short code a centre's staff type into a centre-assisted report; records the report's origin.
    code: Mapped[str] = mapped_column(String(12), unique=True, nullable=False)
    slug: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    town: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    postcode: Mapped[str] = mapped_column(String(10), nullable=False, default="")
    district: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    opening_hours: Mapped[str] = mapped_column(Text, nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    website: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    languages: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    step_free: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    access_notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    services: Mapped[str] = mapped_column(Text, nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True, index=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    checked_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now, onupdate=clock.now)


class CentreChange(db.Model):
    """A centre opening or closing, so the indicators can count centres open on any past day.
    Written by the listener below whenever a centre is added or its `active` flag changes."""

    __tablename__ = "centre_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), nullable=False, index=True)
    on: Mapped[date] = mapped_column(Date, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False)


class CentreEdit(db.Model):
    """One change to a centre's details, by a staff member or a CSV import: what each changed field
    was and became. A centre's details are public facts, never a person's."""

    __tablename__ = "centre_edit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # A centre deleted outright (only ever from a database shell) takes its history with it.
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # None: the command line
    action: Mapped[str] = mapped_column(String(20), nullable=False)  # created, changed, closed, reopened, checked, imported
    changes: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)  # field -> [before, after]


def _record_change(connection, centre: Centre) -> None:
    connection.execute(insert(CentreChange).values(centre_id=centre.id, on=clock.today(), active=bool(centre.active)))


@event.listens_for(Centre, "after_insert")
def _centre_added(mapper, connection, centre):
    _record_change(connection, centre)


@event.listens_for(Centre, "after_update")
def _centre_changed(mapper, connection, centre):
    if inspect(centre).attrs.active.history.has_changes():
        _record_change(connection, centre)
