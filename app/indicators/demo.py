"""`flask demo traffic`: synthetic clicks and reports, for trying the dashboard and measuring it.

Rows are written in batches through SQLAlchemy Core, the same tables the site writes. Synthetic
reports are marked by an idempotency key starting "demo:" (and say so in their description), so
they can be found and removed; never run this on a live database.
"""
import random
import secrets
import uuid
from datetime import date, datetime, time, timedelta, timezone

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, insert, select

from .. import geography
from ..campaigns import editing, figures, sample
from ..campaigns.models import Campaign, Click
from ..core import clock
from ..core.cli import refuse_in_production
from ..extensions import db
from ..reporting import choices
from ..reporting.models import Report
from ..reporting.services import new_reference
from . import rollup

demo = AppGroup("demo", help="Synthetic data for trying the site and measuring it. Never on a live database.")
BATCH = 5000
DEMO_KEY = "demo:"

# The strategy's 2016 mix (74% race, 14% disability, 8% sexual orientation), the rest shared out.
STRAND_WEIGHTS = {"race": 74, "disability": 14, "sexual-orientation": 8, "religion": 6, "transgender": 2,
                  "gender": 3, "subculture": 1, "age": 1, "other": 1, "not-sure": 2}
CHANNEL_WEIGHTS = {"online": 70, "easy-read": 8, "centre-assisted": 22}
LOCATION_WEIGHTS = {"street": 30, "home": 18, "bus": 7, "train": 4, "taxi": 4, "online": 17, "work": 6,
                    "school": 5, "night-time": 6, "other": 3}
REPEAT_WEIGHTS = {"first": 45, "few": 30, "many": 15, "not-sure": 10}
LANG_WEIGHTS = {"en": 80, "pl": 5, "ro": 3, "ur": 3, "bn": 2, "pa": 2, "gu": 2, "tr": 2, "ar": 1}


def _district_weights() -> dict[str, int]:
    """Appendix 1's shares where the strategy gives them; the rest split what is left evenly."""
    known = {d.slug: d.share_2016 for d in geography.DISTRICTS if d.share_2016}
    others = [d.slug for d in geography.DISTRICTS if not d.share_2016]
    rest = max(100 - sum(known.values()) - 4, len(others))
    weights = {**known, **{slug: rest / len(others) for slug in others}}
    weights.update({geography.OUTSIDE: 2, geography.NOT_SURE: 2})
    return weights


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _moment(rng: random.Random, day: date) -> datetime:
    # More in the afternoon and evening, as reports and clicks are.
    hour = min(23, max(0, int(rng.gauss(15, 5))))
    return datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=timezone.utc)


def _campaigns() -> list[Campaign]:
    found = db.session.scalars(select(Campaign)).all()
    if not found:
        sample.load_samples()
        found = db.session.scalars(select(Campaign)).all()
    return found


def _insert(table, rows: list[dict], bar) -> None:
    db.session.execute(insert(table), rows)
    db.session.commit()
    bar.update(len(rows))


def make_clicks(count: int, days: int, rng: random.Random, bar) -> None:
    """Clicks spread over `days` days ending today, mostly on running campaigns, a few unmatched.
    Each day has its own pool of visitors (hashes), so some visitors click more than once a day."""
    known = _campaigns()
    end = clock.today()
    start = end - timedelta(days=days - 1)
    per_day = max(1, count // days)
    rows: list[dict] = []
    made = 0
    day = start
    while made < count:
        visitors = [secrets.token_hex(16) for _ in range(max(1, int(per_day * 0.7)))]
        running = [c for c in known if editing.is_active(c, day)] or known
        for _ in range(min(per_day if day < end else count - made, count - made)):
            unmatched = rng.random() < 0.03
            campaign = None if unmatched else rng.choice(running)
            rows.append({
                "campaign_id": campaign.id if campaign else None,
                "code_used": campaign.code if campaign else rng.choice(["old-poster", "bus32l", "radoi"]),
                "source": "utm" if rng.random() < 0.1 else "link",
                "day": day,
                "minute": _moment(rng, day).replace(second=0),
                "visitor_hash": rng.choice(visitors),
                "landing_path": campaign.landing_path if campaign else "/",
                "lang": _pick(rng, LANG_WEIGHTS),
            })
            made += 1
            if len(rows) >= BATCH:
                _insert(Click, rows, bar)
                rows = []
        day = day + timedelta(days=1) if day < end else start
    if rows:
        _insert(Click, rows, bar)


def make_reports(count: int, days: int, rng: random.Random, bar) -> None:
    known = _campaigns()
    end = clock.today()
    district_weights = _district_weights()
    retention = timedelta(days=current_app.config["REPORT_RETENTION_DAYS"])
    references: set[str] = set(db.session.scalars(select(Report.reference)).all())
    rows: list[dict] = []
    for _ in range(count):
        day = end - timedelta(days=rng.randrange(days))
        reference = new_reference()
        while reference in references:
            reference = new_reference()
        references.add(reference)
        strands = {_pick(rng, STRAND_WEIGHTS)}
        if rng.random() < 0.1:
            strands.add(_pick(rng, STRAND_WEIGHTS))
        location = _pick(rng, LOCATION_WEIGHTS)
        wants_support = rng.random() < 0.4
        rows.append({
            "reference": reference,
            "created_at": _moment(rng, day),
            "channel": _pick(rng, CHANNEL_WEIGHTS),
            "lang": _pick(rng, LANG_WEIGHTS),
            "reporter_role": rng.choice(["victim", "victim", "victim", "witness", "behalf"]),
            "strands": ",".join(sorted(strands)),
            "description": "Synthetic report made by flask demo traffic.",
            "location_type": location,
            "online_platform": rng.choice([c for c, _ in choices.PLATFORMS]) if location == "online" else None,
            "district": _pick(rng, district_weights),
            "date_kind": "date",
            "incident_date": day,
            "repeat": _pick(rng, REPEAT_WEIGHTS),
            "wants_support": wants_support,
            "wants_contact": False,
            "heard_from": rng.choice([c for c, _ in choices.HEARD]),
            "origin_campaign_id": rng.choice(known).id if known and rng.random() < 0.15 else None,
            "status": rng.choices(["new", "triaged", "referred", "police", "closed"], [10, 20, 15, 10, 45])[0]
            if day < end - timedelta(days=14) else "new",
            "retention_until": day + retention,
            "idempotency_key": DEMO_KEY + uuid.UUID(int=rng.getrandbits(128)).hex,
        })
        if len(rows) >= BATCH:
            _insert(Report, rows, bar)
            rows = []
    if rows:
        _insert(Report, rows, bar)


@demo.command("traffic")
@click.option("--clicks", default=10_000, show_default=True, type=click.IntRange(min=0), help="Short-link clicks to add.")
@click.option("--reports", default=1_000, show_default=True, type=click.IntRange(min=0), help="Reports to add.")
@click.option("--days", default=365, show_default=True, type=click.IntRange(min=1, max=3650),
              help="Spread over this many days, ending today.")
@click.option("--seed", type=int, default=None, help="Repeat the same data.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def traffic(clicks: int, reports: int, days: int, seed: int | None, yes: bool):
    """Adds synthetic clicks and reports, with a progress display."""
    refuse_in_production("Synthetic traffic")
    if not yes:
        click.confirm(f"Add {clicks:,} synthetic clicks and {reports:,} synthetic reports to "
                      f"{db.engine.url.render_as_string(hide_password=True)}?", abort=True)
    rng = random.Random(seed)
    with click.progressbar(length=clicks, label="Clicks ", show_pos=True) as bar:
        make_clicks(clicks, days, rng, bar) if clicks else None
    with click.progressbar(length=reports, label="Reports", show_pos=True) as bar:
        make_reports(reports, days, rng, bar) if reports else None
    # Past days gained rows: the click roll-up starts again (the report roll-up notices by itself).
    click.echo("Rolling up finished days...")
    figures.reset_click_days()
    figures.roll_up_clicks()
    rollup.roll_up(clock.today())
    total_clicks = db.session.scalar(select(func.count()).select_from(Click))
    total_reports = db.session.scalar(select(func.count()).select_from(Report))
    click.echo(f"Now {total_clicks:,} clicks and {total_reports:,} reports in all.")
