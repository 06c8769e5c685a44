"""Click figures: each finished day rolled up once, today's counted live. Exact counts, for
app.indicators to publish (it hides the small ones). Unique visitors are per day: a day's salt
never links a person to another day."""
from datetime import date, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from ..core import clock
from ..extensions import db
from .models import Click, ClickDay, ClickDayMark


def roll_up_clicks(on: date | None = None) -> None:
    """Rolls every finished day's clicks into click_day: one row per campaign and day. A finished
    day never changes (clicks are dated when they happen, and its salt is gone), so this is done
    once, lazily, by whichever count first needs it. Safe from several processes at once."""
    yesterday = (on or clock.today()) - timedelta(days=1)
    mark = db.session.get(ClickDayMark, 1)
    through = mark.through if mark else None
    if through is not None and through >= yesterday:
        return
    if through is None:
        first = db.session.scalar(select(func.min(Click.day)))
        through = (first or yesterday) - timedelta(days=1)
    key = func.coalesce(Click.campaign_id, 0)
    try:
        db.session.execute(insert(ClickDay).from_select(
            ["campaign_key", "day", "clicks", "visitors"],
            select(key, Click.day, func.count(), func.count(func.distinct(Click.visitor_hash)))
            .where(Click.day > through, Click.day <= yesterday).group_by(key, Click.day)))
        if mark is None:
            db.session.add(ClickDayMark(id=1, through=max(through, yesterday)))
        else:
            mark.through = max(through, yesterday)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another process rolled the same days up first


def reset_click_days() -> None:
    """Forgets the roll-up, for after clicks were added to past days (synthetic data only)."""
    db.session.execute(delete(ClickDay))
    db.session.execute(delete(ClickDayMark))
    db.session.commit()


def _per_day(start: date, end: date) -> dict[tuple[int, date], tuple[int, int]]:
    """(campaign key, day) -> (clicks, unique visitors) from start to end, rolled-up days and today's
    live ones alike."""
    roll_up_clicks()
    through = db.session.scalar(select(ClickDayMark.through).where(ClickDayMark.id == 1)) or date.min
    key = func.coalesce(Click.campaign_id, 0)
    rolled = (select(ClickDay.campaign_key, ClickDay.day, ClickDay.clicks, ClickDay.visitors)
              .where(ClickDay.day >= start, ClickDay.day <= end))
    live = (select(key, Click.day, func.count(), func.count(func.distinct(Click.visitor_hash)))
            .where(Click.day > through, Click.day >= start, Click.day <= end).group_by(key, Click.day))
    found = {}
    for query in (rolled, live):
        for campaign, day, clicks, visitors in db.session.execute(query):
            found[(int(campaign), day)] = (int(clicks), int(visitors))
    return found


def clicks_by_campaign_month(start: date, end: date) -> dict[tuple[int, str], tuple[int, int]]:
    """(campaign key, "YYYY-MM") -> (clicks, unique visitors), from start to end; key 0: no campaign
    matched. Exact counts, for app.indicators to publish (it hides the small ones)."""
    months: dict[tuple[int, str], tuple[int, int]] = {}
    for (campaign, day), (clicks, visitors) in _per_day(start, end).items():
        key = (campaign, day.strftime("%Y-%m"))
        before = months.get(key, (0, 0))
        months[key] = (before[0] + clicks, before[1] + visitors)
    return months


def first_click_day() -> date | None:
    return db.session.scalar(select(func.min(Click.day)))

