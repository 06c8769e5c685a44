"""Report counts for a period from daily roll-ups plus a live count of what is not rolled up yet.

`facts()` is the one place that says what a report counts towards. Finished days are rolled up
lazily, the first time any count needs them; the roll-up rebuilds itself if the reports of those
days have changed in number (synthetic data, a restore), so it can never drift from the table.
"""
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ..core import clock
from ..extensions import db
from ..reporting.models import Report
from .models import ReportDay, ReportDayMark

COUNTY = "*"  # the roll-up row for all districts together: one row a day to read, not one per district
COLUMNS = (Report.created_at, Report.district, Report.channel, Report.strands, Report.location_type,
           Report.repeat, Report.wants_support, Report.origin_campaign_id)


def facts(district, channel, strands, location_type, repeat, wants_support, campaign_id) -> list[str]:
    """What one report counts towards: a report naming several strands counts once for each."""
    found = [f"district:{district}", f"channel:{channel}", f"location:{location_type}", f"repeat:{repeat}"]
    if campaign_id:
        found.append(f"campaign:{campaign_id}")
    found += [f"strand:{strand}" for strand in sorted(set(filter(None, (strands or "").split(","))))]
    if wants_support:
        found.append("support")
    return found


# Reports are counted by Hertfordshire's calendar, as clicks are (app/core/clock.py).
_utc = clock.start_of
_day = clock.site_day


@dataclass
class Tally:
    total: int = 0
    counts: Counter = field(default_factory=Counter)
    months: Counter = field(default_factory=Counter)  # "YYYY-MM" -> reports
    month_counts: dict = field(default_factory=dict)  # "YYYY-MM" -> Counter of facts, for the action plan

    def add(self, day: date, total: int, counts) -> None:
        """counts: a mapping of fact to number, or a list of facts (one report's)."""
        self.total += total
        month = day.strftime("%Y-%m")
        self.months[month] += total
        if month not in self.month_counts:
            self.month_counts[month] = Counter()
        for mine in (self.counts, self.month_counts[month]):
            if isinstance(counts, dict):
                for key, count in counts.items():
                    mine[key] += count
            else:
                for key in counts:
                    mine[key] += 1


def _through() -> date | None:
    return db.session.scalar(select(ReportDayMark.through).where(ReportDayMark.id == 1))


def made_between(start: date, end: date, district: str = "") -> list:
    """Conditions for reports made from `start` to `end` (UTC days, both included), in a district."""
    found = [Report.created_at >= _utc(start), Report.created_at < _utc(end + timedelta(days=1))]
    if district:
        found.append(Report.district == district)
    return found


def _live_rows(start: date, end: date, district: str = ""):
    """Reports made from `start` to `end`, only the rolled-up columns."""
    return db.session.execute(select(*COLUMNS).where(*made_between(start, end, district)))


def _in_step(mark: ReportDayMark) -> bool:
    """No report newer than the roll-up belongs to a day it has already counted. Reports are
    never deleted (only anonymised), so only a late-dated new row can make the two differ.
    Read by primary key (only the reports made since), then compared here."""
    newer = db.session.scalars(select(Report.created_at).where(Report.id > mark.last_report_id))
    return all(_day(created_at) > mark.through for created_at in newer)


def roll_up(today: date) -> None:
    """Rolls every finished day (before `today`, UTC) into report_day. Safe to run at any time and
    from several processes at once: a process that loses the race leaves the work to the other."""
    yesterday = today - timedelta(days=1)
    mark = db.session.get(ReportDayMark, 1)
    if mark is not None and not _in_step(mark):
        db.session.execute(delete(ReportDay))
        db.session.execute(delete(ReportDayMark))
        mark = None
    if mark is not None and mark.through >= yesterday:
        db.session.commit()
        return
    if mark is None:
        first = db.session.scalar(select(func.min(Report.created_at)))
        through = (_day(first) if first else today) - timedelta(days=1)
    else:
        through = mark.through
    last_id = db.session.scalar(select(func.coalesce(func.max(Report.id), 0)))
    days: dict[tuple[date, str], Tally] = {}
    for created_at, *rest in _live_rows(through + timedelta(days=1), yesterday):
        day, counted = _day(created_at), facts(*rest)
        for district in (rest[0], COUNTY):  # each district's row, and the county's
            days.setdefault((day, district), Tally()).add(day, 1, counted)
    try:
        for (day, district), tally in days.items():
            db.session.add(ReportDay(day=day, district=district, total=tally.total,
                                     tallies=json.dumps(dict(tally.counts), sort_keys=True)))
        if mark is None:
            db.session.add(ReportDayMark(id=1, through=max(through, yesterday), last_report_id=last_id))
        else:
            mark.through, mark.last_report_id = max(through, yesterday), last_id
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another process rolled the same days up first


def reports_by_campaign(start: date | None = None, end: date | None = None) -> dict[int, int]:
    """Reports made in a visit that came through each campaign (from start to end, or ever)."""
    if start is None:
        first = db.session.scalar(select(func.min(Report.created_at)))
        if first is None:
            return {}
        start = _day(first)
    counts = tally(start, end or clock.today()).counts
    return {int(key.split(":", 1)[1]): count for key, count in counts.items() if key.startswith("campaign:")}


def tally(start: date, end: date, district: str = "", today: date | None = None) -> Tally:
    """Everything the indicators count about reports made from `start` to `end`, both included."""
    today = today or clock.today()
    roll_up(today)
    through = _through() or (start - timedelta(days=1))
    found = Tally()
    query = select(ReportDay.day, ReportDay.total, ReportDay.tallies).where(
        ReportDay.day >= start, ReportDay.day <= min(end, through), ReportDay.district == (district or COUNTY))
    for day, total, tallies in db.session.execute(query):
        found.add(day, total, json.loads(tallies))
    live_from = max(start, through + timedelta(days=1))
    if live_from <= end:
        for created_at, *rest in _live_rows(live_from, end, district):
            found.add(_day(created_at), 1, facts(*rest))
    return found
