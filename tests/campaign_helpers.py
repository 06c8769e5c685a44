"""Shared pieces for the campaign tests: a clock to travel with, campaigns, browsers."""
from datetime import date, datetime, timezone

from sqlalchemy import select

from app.campaigns import editing
from app.campaigns.models import Campaign, Click, DailySalt
from app.extensions import db

from .fake_clock import FakeClock

BROWSER = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
OTHER_BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile Safari/604.1"


Clock = FakeClock  # the site's one clock under the test's control


def utc(y, m, d, hh=12, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=timezone.utc)


def make_campaign(code="bus321", *, starts=date(2026, 1, 1), ends=date(2027, 12, 31), landing="/how-to-report",
                  channel="bus", placement="Route 321 bus rear panel") -> Campaign:
    return editing.create_campaign(
        code=code, name=f"Campaign {code}", channel=channel, placement=placement,
        landing_path=landing, starts_on=starts, ends_on=ends,
    )


def visit(client, path, *, agent=BROWSER, address="127.0.0.1", method="GET"):
    """One request as a phone would send it (redirects are not followed)."""
    return client.open(path, method=method, headers={"User-Agent": agent}, environ_base={"REMOTE_ADDR": address})


def clicks() -> list[Click]:
    db.session.expire_all()
    return list(db.session.scalars(select(Click).order_by(Click.id)))


def salt_days() -> list[date]:
    db.session.expire_all()
    return list(db.session.scalars(select(DailySalt.day).order_by(DailySalt.day)))
