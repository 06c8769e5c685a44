"""The site's one clock and one calendar.

Every feature asks this module what time it is and which day a moment falls on, so tests can move
time for the whole site at once (they replace `now`), and reports, clicks and every count of them
are dated by the same calendar: Hertfordshire's (Europe/London), summer time included. Times are
stored in UTC.
"""
from datetime import date, datetime, time, timezone

try:
    from zoneinfo import ZoneInfo

    SITE_TIMEZONE = ZoneInfo("Europe/London")
except Exception:  # no time zone database on this machine: days then follow UTC
    SITE_TIMEZONE = timezone.utc


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(timezone.utc)


def today() -> date:
    """Today in Hertfordshire."""
    return site_day(now())


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every time we store is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


def site_day(moment: datetime) -> date:
    """The day a moment falls on in Hertfordshire (a naive moment is UTC, as stored)."""
    return aware(moment).astimezone(SITE_TIMEZONE).date()


def start_of(day: date) -> datetime:
    """The first moment of a Hertfordshire day, in UTC."""
    return datetime.combine(day, time.min, tzinfo=SITE_TIMEZONE).astimezone(timezone.utc)
