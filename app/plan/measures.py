"""Indicators the site counts itself, month by month: one function per measure named in the plan
("site:<name>"). Each returns {"YYYY-MM": count} for the months given; a measure that has no
district (campaign clicks) is counted for the whole county only."""
from datetime import date

from flask import g
from sqlalchemy import and_, case, func, select

from ..campaigns.figures import clicks_by_campaign_month
from ..campaigns.models import Campaign
from ..cases.models import REFERRED
from ..extensions import db
from ..indicators import rollup
from ..indicators.services import centres_open_on
from ..reporting import choices
from ..reporting.models import Report

Months = list[tuple[str, date, date]]  # ("YYYY-MM", first day, last day)


def _window_tally(months: Months, district: str) -> rollup.Tally:
    """The period's tally, month by month, worked out once per request however many measures use it."""
    cache = g.setdefault("plan_tallies", {})
    key = (months[0][1], months[-1][2], district)
    if key not in cache:
        cache[key] = rollup.tally(months[0][1], months[-1][2], district)
    return cache[key]


def _tallied(keys=None, subtract=False):
    """A measure made from the daily report roll-ups: the sum of some of a month's tallies (or, with
    subtract, the month's total less them)."""
    def measure(months: Months, district: str) -> dict[str, int]:
        tally = _window_tally(months, district)
        found = {}
        for key, _, _ in months:
            counts = tally.month_counts.get(key, {})
            part = sum(counts.get(k, 0) for k in keys or ())
            found[key] = tally.months.get(key, 0) - part if subtract else part
        return found
    return measure


def _referrals(months: Months, district: str) -> dict[str, int]:
    """Counted live, as on the dashboard (a report's status changes after the day it was made): one
    query that counts each month's referred reports in a column of its own."""
    columns = [func.sum(case((and_(*rollup.made_between(first, last)), 1), else_=0)) for _, first, last in months]
    row = db.session.execute(select(*columns).where(
        Report.status == REFERRED, *rollup.made_between(months[0][1], months[-1][2], district))).one()
    return {key: int(count or 0) for (key, _, _), count in zip(months, row)}


def _centres_open(months: Months, district: str) -> dict[str, int]:
    return dict(zip([key for key, _, _ in months], centres_open_on([last for _, _, last in months])))


def _campaign_clicks(months: Months, district: str) -> dict[str, int]:
    """Clicks on the campaigns' links, a mistyped code included (key 0); a sample campaign's never."""
    if district or not months:
        return {}
    samples = set(db.session.scalars(select(Campaign.id).where(Campaign.is_sample.is_(True))))
    found = {key: 0 for key, _, _ in months}
    for (campaign, month), (clicks, _) in clicks_by_campaign_month(months[0][1], months[-1][2]).items():
        if month in found and campaign not in samples:
            found[month] += clicks
    return found


MEASURES = {
    "reports-online-abuse": _tallied(["location:online"]),
    "reports-offline": _tallied(["location:online"], subtract=True),
    "reports-transport": _tallied([f"location:{code}" for code in sorted(choices.TRANSPORT)]),
    "reports-with-centres": _tallied(["channel:centre-assisted"]),
    "reports-repeat": _tallied(["repeat:few", "repeat:many"]),
    "referrals": _referrals,
    "centres-open": _centres_open,
    "campaign-clicks": _campaign_clicks,
}
# Measures that are a level at a moment (centres open), not a number of things that happened.
LEVELS = {"centres-open"}
COUNTY_ONLY = {"campaign-clicks", "centres-open"}
