"""Daily roll-ups of reports, so the indicators stay fast as reports grow.

A finished day's reports are counted once per district into `report_day`; the dashboard adds up
those rows and counts only today's reports live. Only facts that never change after a report is
made are rolled up (its status is counted live)."""
from datetime import date

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class ReportDay(db.Model):
    __tablename__ = "report_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)  # the day the report was made, in Hertfordshire (core.clock.site_day)
    district: Mapped[str] = mapped_column(String(40), primary_key=True)  # a district's slug, or "*": all
    total: Mapped[int] = mapped_column(Integer, nullable=False)
    tallies: Mapped[str] = mapped_column(Text, nullable=False)  # JSON {"channel:online": 3, "strand:race": 2, ...}


class ReportDayMark(db.Model):
    """The last day rolled up into report_day (one row)."""

    __tablename__ = "report_day_mark"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    through: Mapped[date] = mapped_column(Date, nullable=False)
    last_report_id: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # newest report when rolled
