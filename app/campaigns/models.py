"""Campaigns, their clicks, and the daily salt that lets us count unique visitors without cookies."""
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, validates

from ..core import clock
from ..extensions import db
from .rules import is_safe_landing_path, is_valid_code


class Campaign(db.Model):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True, nullable=False)  # the /c/<code> short link
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    channel: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    placement: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    landing_path: Mapped[str] = mapped_column(String(200), nullable=False, default="/")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    is_sample: Mapped[bool] = mapped_column(nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=clock.now)

    @validates("landing_path")
    def _check_landing_path(self, key, value):
        """The last guard before saving: a campaign can only ever point at a page of this site."""
        if not is_safe_landing_path(value):
            raise ValueError("A campaign's landing page must be a path on this site, like /how-to-report")
        return value

    @validates("code")
    def _check_code(self, key, value):
        if not is_valid_code(value):
            raise ValueError("A campaign code is 2 to 24 small letters, digits and hyphens")
        return value


class Click(db.Model):
    """One arrival through a campaign link or utm parameters. Never an address or user agent."""

    __tablename__ = "click"
    __table_args__ = (Index("ix_click_campaign_day", "campaign_id", "day"), Index("ix_click_day", "day"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"))
    code_used: Mapped[str] = mapped_column(String(24), nullable=False, default="")  # unknown codes count too
    source: Mapped[str] = mapped_column(String(10), nullable=False, default="link")  # link | utm
    day: Mapped[date] = mapped_column(Date, nullable=False)
    minute: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)  # truncated to the minute
    visitor_hash: Mapped[str] = mapped_column(String(32), nullable=False)  # daily-salted; salt deleted after its day
    landing_path: Mapped[str] = mapped_column(String(200), nullable=False)
    lang: Mapped[str] = mapped_column(String(8), nullable=False, default="en")


class DailySalt(db.Model):
    """Today's random salt. Yesterday's is deleted, so yesterday's hashes can never be linked to today's."""

    __tablename__ = "daily_salt"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[str] = mapped_column(String(64), nullable=False)


class ClickDay(db.Model):
    """One campaign's clicks on one finished day, rolled up once the day is over (its salt is
    gone by then, so its unique visitors can never change). campaign_key 0: no campaign matched."""

    __tablename__ = "click_day"

    campaign_key: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    clicks: Mapped[int] = mapped_column(Integer, nullable=False)
    visitors: Mapped[int] = mapped_column(Integer, nullable=False)


class ClickDayMark(db.Model):
    """The last day rolled up into click_day (one row)."""

    __tablename__ = "click_day_mark"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    through: Mapped[date] = mapped_column(Date, nullable=False)
