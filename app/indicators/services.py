"""Awareness indicators: counts of reports, clicks and centres, for a period and a district.

Every count a person might be identified from passes through `shown()`, the one place where
1 to 4 becomes "fewer than 5" (`shown_total()` is the same rule for a sum of such counts). Nothing
here ever reads what a person wrote.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import geography
from ..cases.models import REFERRED
from ..campaigns.figures import clicks_by_campaign_month, first_click_day
from ..campaigns.models import Campaign
from ..centres.models import Centre, CentreChange
from ..core import clock
from ..core.dates import MonthKey, QuarterKey
from ..extensions import db
from ..reporting import choices
from ..reporting.models import Report
from . import rollup

SMALL = 5  # counts from 1 to SMALL - 1 are never shown exactly
FEWER_THAN_5 = _l("fewer than 5")
FIVE_OR_MORE = _l("5 or more")
HIGHLIGHTED = {"bus", "train", "taxi", "online", "night-time"}  # the strategy's public transport, online, night-time

# The strategy's baselines (Hertfordshire Hate Crime Strategy 2017-2020): police-recorded hate crime.
BASELINE_YEARS = ((_l("2013/14"), 1211), (_l("2014/15"), 1533), (_l("2015/16"), 1597))
BASELINE_STRANDS_2016 = (("race", 74), ("disability", 14), ("sexual-orientation", 8))  # per cent


def shown(count: int):
    """A count as it may be published: 0 and 5 or more exactly, 1 to 4 as "fewer than 5"."""
    return FEWER_THAN_5 if 0 < count < SMALL else count


def shown_total(parts):
    """A sum of counts as it may be published: exactly only when every part would be shown exactly;
    else "fewer than 5" or "5 or more". Then every exact figure is a sum of exact parts, so no
    figure taken from another (a total less its rows, one period less an overlapping one) can
    give back a hidden part. One part alone is shown() as it is."""
    parts = list(parts)
    total = sum(parts)
    if any(0 < part < SMALL for part in parts):
        return FEWER_THAN_5 if total < SMALL else FIVE_OR_MORE
    return total


def exact(value) -> bool:
    """Whether a published value is the count itself (not "fewer than 5" or "5 or more")."""
    return isinstance(value, int)


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

    def months(self) -> list[tuple[str, date]]:
        """Each month the period touches: ("YYYY-MM", its last day within the period). The key shows
        in words on a page."""
        found, cursor = [], self.start.replace(day=1)
        while cursor <= self.end:
            following = (cursor + timedelta(days=32)).replace(day=1)
            found.append((MonthKey(cursor.strftime("%Y-%m")), min(following - timedelta(days=1), self.end)))
            cursor = following
        return found


def default_period(today: date) -> Period:
    return Period(today - timedelta(days=364), today)


def _tally(period: Period) -> rollup.Tally:
    """The period's counts, worked out once per request however many tables and cards use them."""
    cache = g.setdefault("indicator_tallies", {})
    if period not in cache:
        cache[period] = rollup.tally(period.start, period.end, period.district)
    return cache[period]


def total(period: Period) -> int:
    return _tally(period).total


@dataclass
class Table:
    """One table of counts: exactly what is shown, what the chart draws and what the CSV holds."""
    name: str
    title: object
    label_heading: object
    rows: list = field(default_factory=list)  # (label, count, highlighted)
    value_heading: object = _l("Reports")
    suppress: bool = True  # counts of people's reports are; counts of public places are not
    held: frozenset = frozenset()  # rows that are sums with a hidden part (shown_total), hidden whatever their size

    def shown_rows(self) -> list[tuple]:
        """(label, value, highlighted, exact) as published. When a single cell is hidden, the next
        smallest is hidden too, so nobody can work it out from the total."""
        if not self.suppress:
            return [(label, count, highlighted, True) for label, count, highlighted in self.rows]
        hidden = {i for i, (_, count, _) in enumerate(self.rows) if 0 < count < SMALL} | set(self.held)
        if len(hidden) == 1:
            others = [(count, i) for i, (_, count, _) in enumerate(self.rows) if i not in hidden and count > 0]
            if others:
                hidden.add(min(others)[1])
        return [(label, FEWER_THAN_5 if i in hidden and count < SMALL else (FIVE_OR_MORE if i in hidden else count),
                 highlighted, i not in hidden)
                for i, (label, count, highlighted) in enumerate(self.rows)]

    @property
    def largest(self) -> int:
        return max([c for _, c, _, exact in self.shown_rows() if exact] or [0])


def _counts(period: Period, dimension: str) -> dict:
    prefix = dimension + ":"
    return {key[len(prefix):]: count for key, count in _tally(period).counts.items() if key.startswith(prefix)}


def by_channel(period: Period) -> Table:
    counts = _counts(period, "channel")
    labels = (("online", _l("Online")), ("easy-read", _l("Easy read")), ("centre-assisted", _l("With a reporting centre")))
    return Table("channel", _l("Reports by how they were made"), _l("How"),
                 [(label, counts.get(code, 0), False) for code, label in labels])


def by_strand(period: Period) -> Table:
    counts = _counts(period, "strand")  # a report naming several strands counts for each
    return Table("strand", _l("What the hate was because of"), _l("Because of"),
                 [(label, counts.get(code, 0), False) for code, label in choices.STRANDS])


def by_district(period: Period) -> Table:
    counts = _counts(period, "district")
    rows = [(d.name, counts.get(d.slug, 0), False) for d in geography.DISTRICTS]
    rows += [(label, counts.get(code, 0), False) for code, label in geography.EXTRA_CHOICES]
    return Table("district", _l("Reports by district"), _l("District"), rows)


@dataclass(frozen=True)
class DistrictShare:
    name: str
    baseline: int | None  # per cent of police-recorded hate crime in 2016 (appendix 1), where stated
    share: int | None  # per cent of this site's reports in the period; None when too few to show


def district_shares(period: Period) -> list[DistrictShare]:
    """Each district's share of reports against its share of police-recorded hate crime in 2016.
    Always for the whole county: a share of one district's own reports would be meaningless."""
    county = Period(period.start, period.end)
    counts = _counts(county, "district")
    whole = total(county)
    return [DistrictShare(d.name, d.share_2016, _share(counts.get(d.slug, 0), whole)) for d in geography.DISTRICTS]


def by_location(period: Period) -> Table:
    counts = _counts(period, "location")
    return Table("location", _l("Where it happened"), _l("Where"),
                 [(label, counts.get(code, 0), code in HIGHLIGHTED) for code, label in choices.LOCATIONS])


def by_month(period: Period) -> Table:
    counts = _tally(period).months
    rows = [(key, counts.get(key, 0), False) for key, _ in period.months()]
    return Table("month", _l("Reports by month"), _l("Month"), rows)


def by_quarter(period: Period) -> Table:
    months = by_month(period).rows
    quarters: dict[str, int] = {}
    for key, count, _ in months:
        year, month = key.split("-")
        label = QuarterKey(f"{year} Q{(int(month) - 1) // 3 + 1}")
        quarters[label] = quarters.get(label, 0) + count
    return Table("quarter", _l("Reports by quarter"), _l("Quarter"), [(k, v, False) for k, v in quarters.items()])


def centres_open_on(days: list[date]) -> list[int]:
    """How many real centres were open at the end of each day given, from the centres' history.
    Sample centres (development data) are never counted."""
    changes = db.session.execute(select(CentreChange.centre_id, CentreChange.on, CentreChange.active)
                                 .join(Centre, Centre.id == CentreChange.centre_id)
                                 .where(Centre.is_sample.is_(False))
                                 .order_by(CentreChange.on, CentreChange.id)).all()
    counts = []
    for day in days:
        state: dict[int, bool] = {}
        for centre_id, on, active in changes:
            if on > day:
                break
            state[centre_id] = active
        counts.append(sum(state.values()))
    return counts


def centres_by_month(period: Period) -> Table:
    """Centres open at the end of each month of the period (or on its last day, for the last month).
    Centres are public places, so these counts are never suppressed."""
    months = period.months()
    rows = [(key, count, False) for (key, _), count in zip(months, centres_open_on([end for _, end in months]))]
    return Table("centres", _l("Reporting centres open at the end of each month"), _l("Month"), rows,
                 value_heading=_l("Centres"), suppress=False)


def centres_active() -> int:
    """Real centres open now: sample centres are never counted."""
    return db.session.scalar(select(func.count()).select_from(Centre).where(
        Centre.active.is_(True), Centre.is_sample.is_(False))) or 0


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


def _referred(period: Period) -> int:
    """Counted live: a report's status changes after the day it was made, so it is not rolled up."""
    return db.session.scalar(select(func.count()).select_from(Report).where(
        Report.status == REFERRED, *rollup.made_between(period.start, period.end, period.district))) or 0


def cards(period: Period) -> list[Card]:
    before = period.previous()
    now_total, then_total = total(period), total(before)

    def count(keys, p):
        counts = _tally(p).counts
        return sum(counts.get(key, 0) for key in keys)

    online = ("channel:online", "channel:easy-read")
    transport = tuple(f"location:{code}" for code in sorted(choices.TRANSPORT))
    repeat = ("repeat:few", "repeat:many")
    support = ("support",)
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
        Card(_l("Referred to victim support"), shown(_referred(period)), shown(_referred(before)),
             _l("Reports the case team referred. The strategy aims for more referrals.")),
        Card(_l("Reporting centres open"), centres_active(), None,
             _l("The strategy aims to increase the number of Third Party Reporting Centres.")),
    ]


# Campaign figures. A campaign can reach one person, so its counts follow the rule above, and its
# figures are only ever counts of whole calendar months that have ended, for each campaign: a finished
# month never changes (clicks and reports are dated when they happen), so looking again tomorrow, or
# choosing a period a day longer, shows nothing that happened in between. Every figure shown (a
# campaign over several months, a channel, all campaigns in a month) is shown_total() of those
# month cells: exact only when all of its cells are, so no figure less another gives back a hidden
# cell, and conversion is shown only when both of its numbers are exact.

ZERO = (0, 0, 0)


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def campaign_months(start: date, end: date) -> list[tuple[str, date, date]]:
    """("YYYY-MM", first day, last day) of each month from start's to end's that has ended."""
    today = clock.today()
    whole = Period(start.replace(day=1), _month_end(end))
    return [(key, date.fromisoformat(key + "-01"), last) for key, last in whole.months() if last < today]


@dataclass(frozen=True)
class CampaignRow:
    name: object
    channel: str
    clicks: object  # each passed through shown_total()
    visitors: object
    reports: object
    conversion: int | None  # reports per 100 unique visitors; None when too few to show
    campaign: object = None  # the Campaign, for a campaign's own row


def _campaign_row(name, channel, cells, campaign=None) -> CampaignRow:
    clicks, visitors, reports = (shown_total(cell[i] for cell in cells) for i in range(3))
    conversion = _share(reports, visitors) if exact(reports) and exact(visitors) else None
    return CampaignRow(name, channel, clicks, visitors, reports, conversion, campaign)


def _all_campaigns() -> list:
    return list(db.session.scalars(select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.code)))


@dataclass
class CampaignFigures:
    """Clicks, unique visitors and attributed reports of each campaign in each month that has ended."""
    months: list  # campaign_months()
    cells: dict  # (campaign key, "YYYY-MM") -> (clicks, unique visitors, reports); key 0: no campaign matched
    campaigns: list

    @classmethod
    def between(cls, start: date, end: date) -> "CampaignFigures":
        months = campaign_months(start, end)
        cells: dict = {}
        if months:
            for key, (clicks, visitors) in clicks_by_campaign_month(months[0][1], months[-1][2]).items():
                cells[key] = (clicks, visitors, 0)
            for key, first, last in months:  # report days are rolled up, so one tally a month stays quick
                for campaign_id, count in rollup.reports_by_campaign(first, last).items():
                    clicks, visitors, _ = cells.get((campaign_id, key), ZERO)
                    cells[(campaign_id, key)] = (clicks, visitors, count)
        return cls(months, cells, _all_campaigns())

    @classmethod
    def ever(cls) -> "CampaignFigures":
        first = first_click_day()  # a report is attributed only after a click
        return cls.between(first, clock.today()) if first else cls([], {}, _all_campaigns())

    def _cells(self, keys, months=None) -> list[tuple]:
        months = [key for key, _, _ in self.months] if months is None else months
        return [self.cells.get((key, month), ZERO) for key in keys for month in months]

    def each(self) -> list[CampaignRow]:
        return [_campaign_row(c.name, c.channel, self._cells([c.id]), c) for c in self.campaigns]

    def row(self, campaign) -> CampaignRow:
        return _campaign_row(campaign.name, campaign.channel, self._cells([campaign.id]), campaign)

    def real(self) -> list:
        """The campaigns that count towards totals: sample campaigns (development data) never do."""
        return [c for c in self.campaigns if not c.is_sample]

    def by_channel(self) -> list[CampaignRow]:
        ids: dict[str, list[int]] = {}
        for c in self.real():
            ids.setdefault(c.channel, []).append(c.id)
        return [_campaign_row(code, code, self._cells(keys)) for code, keys in sorted(ids.items())]

    def by_month(self, campaign) -> list[tuple[str, CampaignRow]]:
        """One campaign's months, newest first."""
        return [(key, _campaign_row(campaign.name, campaign.channel, self._cells([campaign.id], [key]), campaign))
                for key, _, _ in reversed(self.months)]

    def unmatched_clicks(self):
        return shown_total(clicks for clicks, _, _ in self._cells([0]))

    def clicks_table(self) -> Table:
        rows, held = [], set()
        for i, (month, _, _) in enumerate(self.months):
            parts = [cell[0] for cell in self._cells([c.id for c in self.real()], [month])]
            rows.append((month, sum(parts), False))
            if not exact(shown_total(parts)):
                held.add(i)
        return Table("clicks", _l("Campaign link clicks by month"), _l("Month"), rows, value_heading=_l("Clicks"),
                     held=frozenset(held))


def campaign_figures(period: Period) -> CampaignFigures:
    """The period's campaign figures (whole county: a click has no district), once per request."""
    cache = g.setdefault("campaign_figures", {})
    key = (period.start, period.end)
    if key not in cache:
        cache[key] = CampaignFigures.between(period.start, period.end)
    return cache[key]


def clicks_by_month(period: Period) -> Table:
    return campaign_figures(period).clicks_table()


def campaign_rows(period: Period) -> tuple[list[CampaignRow], list[CampaignRow]]:
    """Each campaign, and each channel's campaigns together. Conversion is reports per 100 unique visitors."""
    figures = campaign_figures(period)
    return figures.each(), figures.by_channel()


def dashboard_tables(period: Period) -> list[Table]:
    return [by_month(period), by_channel(period), by_strand(period), by_location(period), by_district(period),
            clicks_by_month(period), centres_by_month(period)]


def public_tables(period: Period) -> list[Table]:
    return [by_quarter(period), by_strand(period), by_district(period)]


def csv_rows(table: Table) -> list[list]:
    """Exactly the table as shown, suppression included."""
    return [[str(table.label_heading), str(table.value_heading).lower()]] + [
        [str(label), str(value)] for label, value, _, _ in table.shown_rows()]
