"""Awareness indicators: counts of reports, clicks and centres, for a period and a district.

Every count a person might be identified from passes through `shown()`, the one place where
1 to 4 becomes "fewer than 5". Nothing here ever reads what a person wrote.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import geography
from ..cases.models import REFERRED
from ..centres.models import Centre
from ..extensions import db
from ..reporting import choices
from ..reporting.models import Report

SMALL = 5  # counts from 1 to SMALL - 1 are never shown exactly
FEWER_THAN_5 = _l("fewer than 5")
HIGHLIGHTED = {"bus", "train", "taxi", "online", "night-time"}  # the strategy's public transport, online, night-time

# The strategy's baselines (Hertfordshire Hate Crime Strategy 2017-2020): police-recorded hate crime.
BASELINE_YEARS = ((_l("2013/14"), 1211), (_l("2014/15"), 1533), (_l("2015/16"), 1597))
BASELINE_STRANDS_2016 = (("race", 74), ("disability", 14), ("sexual-orientation", 8))  # per cent


def shown(count: int):
    """A count as it may be published: 0 and 5 or more exactly, 1 to 4 as "fewer than 5"."""
    return FEWER_THAN_5 if 0 < count < SMALL else count


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # both included
    district: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1), self.district)


def default_period(today: date) -> Period:
    return Period(today - timedelta(days=364), today)


def _conditions(period: Period) -> list:
    start = datetime.combine(period.start, time.min, tzinfo=timezone.utc)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=timezone.utc)
    found = [Report.created_at >= start, Report.created_at < end]
    if period.district:
        found.append(Report.district == period.district)
    return found


def _grouped(column, period: Period) -> dict:
    rows = db.session.execute(select(column, func.count()).where(*_conditions(period)).group_by(column)).all()
    return {key: int(count) for key, count in rows}


def total(period: Period) -> int:
    return db.session.scalar(select(func.count()).select_from(Report).where(*_conditions(period))) or 0


@dataclass
class Table:
    """One table of counts: exactly what is shown, what the chart draws and what the CSV holds."""
    name: str
    title: object
    label_heading: object
    rows: list = field(default_factory=list)  # (label, count, highlighted)

    def shown_rows(self) -> list[tuple]:
        """(label, value, highlighted, exact) as published. When a single cell is hidden, the next
        smallest is hidden too, so nobody can work it out from the total."""
        hidden = {i for i, (_, count, _) in enumerate(self.rows) if 0 < count < SMALL}
        if len(hidden) == 1:
            others = [(count, i) for i, (_, count, _) in enumerate(self.rows) if i not in hidden and count > 0]
            if others:
                hidden.add(min(others)[1])
        return [(label, FEWER_THAN_5 if i in hidden and count < SMALL else (_l("5 or more") if i in hidden else count),
                 highlighted, i not in hidden)
                for i, (label, count, highlighted) in enumerate(self.rows)]

    @property
    def largest(self) -> int:
        return max([c for _, c, _, exact in self.shown_rows() if exact] or [0])


def by_channel(period: Period) -> Table:
    counts = _grouped(Report.channel, period)
    labels = (("online", _l("Online")), ("easy-read", _l("Easy read")), ("centre-assisted", _l("With a reporting centre")))
    return Table("channel", _l("Reports by how they were made"), _l("How"),
                 [(label, counts.get(code, 0), False) for code, label in labels])


def by_strand(period: Period) -> Table:
    # A report can name several strands: each is counted once per report that names it.
    counts: dict[str, int] = {}
    for strands, count in _grouped(Report.strands, period).items():
        for strand in filter(None, (strands or "").split(",")):
            counts[strand] = counts.get(strand, 0) + count
    return Table("strand", _l("What the hate was because of"), _l("Because of"),
                 [(label, counts.get(code, 0), False) for code, label in choices.STRANDS])


def by_district(period: Period) -> Table:
    counts = _grouped(Report.district, period)
    rows = [(d.name, counts.get(d.slug, 0), False) for d in geography.DISTRICTS]
    rows += [(label, counts.get(code, 0), False) for code, label in geography.EXTRA_CHOICES]
    return Table("district", _l("Reports by district"), _l("District"), rows)


def by_location(period: Period) -> Table:
    counts = _grouped(Report.location_type, period)
    return Table("location", _l("Where it happened"), _l("Where"),
                 [(label, counts.get(code, 0), code in HIGHLIGHTED) for code, label in choices.LOCATIONS])


def by_month(period: Period) -> Table:
    if db.engine.dialect.name == "postgresql":
        month = func.to_char(func.timezone("UTC", Report.created_at), "YYYY-MM")
    else:
        month = func.strftime("%Y-%m", Report.created_at)
    counts = _grouped(month, period)
    rows, cursor = [], period.start.replace(day=1)
    while cursor <= period.end:
        key = cursor.strftime("%Y-%m")
        rows.append((key, counts.get(key, 0), False))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return Table("month", _l("Reports by month"), _l("Month"), rows)


def by_quarter(period: Period) -> Table:
    months = by_month(period).rows
    quarters: dict[str, int] = {}
    for key, count, _ in months:
        year, month = key.split("-")
        label = f"{year} Q{(int(month) - 1) // 3 + 1}"
        quarters[label] = quarters.get(label, 0) + count
    return Table("quarter", _l("Reports by quarter"), _l("Quarter"), [(k, v, False) for k, v in quarters.items()])


def centres_active() -> int:
    return db.session.scalar(select(func.count()).select_from(Centre).where(Centre.active.is_(True))) or 0


@dataclass(frozen=True)
class Card:
    title: object
    value: object  # already passed through shown() where it is a count
    previous: object
    note: object


def _share(part: int, whole: int):
    """A percentage that never reveals a small count: withheld when either number is under 5."""
    if whole < SMALL or 0 < part < SMALL:
        return None
    return round(100 * part / whole)


def cards(period: Period) -> list[Card]:
    before = period.previous()
    now_total, then_total = total(period), total(before)

    def count(extra, p):
        return db.session.scalar(select(func.count()).select_from(Report).where(*_conditions(p), extra)) or 0

    online = Report.channel.in_(("online", "easy-read"))
    transport = Report.location_type.in_(("bus", "train", "taxi"))
    repeat = Report.repeat.in_(("few", "many"))
    referred = Report.status == REFERRED
    support = Report.wants_support.is_(True)
    return [
        Card(_l("Reports made"), shown(now_total), shown(then_total),
             _l("The strategy's baseline: 1,597 hate crimes recorded by police in 2015/16.")),
        Card(_l("Reports made online"), shown(count(online, period)), shown(count(online, before)),
             _l("Online and easy-read reports; the rest were made with a reporting centre.")),
        Card(_l("On public transport"), shown(count(transport, period)), shown(count(transport, before)),
             _l("Buses, trains and taxis. The strategy aims for a fall in incidents here.")),
        Card(_l("Happened before"), _share(count(repeat, period), now_total), _share(count(repeat, before), then_total),
             _l("Per cent of reports saying it had happened before. The strategy aims to reduce repeat incidents.")),
        Card(_l("Wanted support"), shown(count(support, period)), shown(count(support, before)),
             _l("Reports where the person asked to be put in touch with support.")),
        Card(_l("Referred to victim support"), shown(count(referred, period)), shown(count(referred, before)),
             _l("Reports the case team referred. The strategy aims for more referrals.")),
        Card(_l("Reporting centres open"), centres_active(), None,
             _l("The strategy aims to increase the number of Third Party Reporting Centres.")),
    ]


def dashboard_tables(period: Period) -> list[Table]:
    return [by_month(period), by_channel(period), by_strand(period), by_location(period), by_district(period)]


def public_tables(period: Period) -> list[Table]:
    return [by_quarter(period), by_strand(period), by_district(period)]


def csv_rows(table: Table) -> list[list]:
    """Exactly the table as shown, suppression included."""
    return [[str(table.label_heading), "reports"]] + [[str(label), str(value)] for label, value, _, _ in table.shown_rows()]
