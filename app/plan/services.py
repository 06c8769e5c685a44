"""The action plan: each indicator's figures over a period, its status, partner figures and
activities as staff record them, and the board's quarterly report. Routes stay thin; every rule is here.

A period is a list of whole months that have ended, so a figure never changes under the reader: the
last N months (the plan page) or one quarter (the board's report). The plan page asked for a quarter
and the quarterly report are the same rows, worked out by the same function."""
import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import geography
from ..core import clock, dates
from ..extensions import db
from ..forms import NotSaved, clean_text
from ..spreadsheet import xlsx
from ..indicators.services import SMALL, Table, exact, shown, shown_total
from ..staff import audit
from .measures import COUNTY_ONLY, LEVELS, MEASURES
from .models import COUNTY, PlanAction, PlanActionChange, PlanActivity, PlanFigure, PlanIndicator

# What the audit trail calls each change to the plan.
FIGURE = audit.register("plan.figure", _l("Partner figure recorded"))
FIGURE_CORRECTED = audit.register("plan.figure-correct", _l("Partner figure corrected"))
FIGURES_IMPORTED = audit.register("plan.figure-import", _l("Partner figures imported"))
ACTIVITY = audit.register("plan.activity", _l("Activity recorded"))
ACTIVITY_REMOVED = audit.register("plan.activity-remove", _l("Activity removed"))
ACTION = audit.register("plan.action", _l("Action plan changed"))
RULE = audit.register("plan.indicator-rule", _l("Indicator status rule changed"))

PRIORITIES = {
    "1.1": _l("1.1 Awareness"), "1.2": _l("1.2 Education"), "2.1": _l("2.1 Increasing reporting"),
    "2.2": _l("2.2 Improved justice"), "3.1": _l("3.1 Resourcing"), "3.2": _l("3.2 Improved satisfaction"),
}
PERIODS = (3, 6, 12, 24, 36)  # months the plan page may show
MAX_VALUE = Decimal("1000000000")
ACTIVITY_KINDS_IN_ORDER = ("school-session", "hotspot-workshop", "group-session", "employer-session",
                           "night-time-awareness")

# Statuses, worked out by `status()` from the rule an administrator sets on each indicator.
ON_TRACK, BEHIND, NO_CHANGE, NO_DATA, TOO_FEW, WATCHED = "on-track", "behind", "no-change", "no-data", "too-few", "watched"
STATUS_LABELS = {ON_TRACK: _l("On track"), BEHIND: _l("Behind"), NO_CHANGE: _l("No change"),
                 NO_DATA: _l("No data"), TOO_FEW: _l("Too few to judge"), WATCHED: _l("Watched, no aim set")}
STATUS_COLOURS = {ON_TRACK: "green", BEHIND: "red", NO_CHANGE: "grey", NO_DATA: "yellow", TOO_FEW: "grey",
                  WATCHED: "blue"}


# Periods ---------------------------------------------------------------------------------------

def _month(first: date) -> tuple[str, date, date]:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first.strftime("%Y-%m"), first, following - timedelta(days=1)


def last_months(count: int, today: date | None = None) -> list[tuple[str, date, date]]:
    """The `count` whole months before this one, oldest first."""
    first = (today or clock.today()).replace(day=1)
    found = []
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
        found.append(_month(first))
    return found[::-1]


def quarter_months(year: int, quarter: int) -> list[tuple[str, date, date]]:
    return [_month(date(year, 3 * (quarter - 1) + n, 1)) for n in (1, 2, 3)]


QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def finished_quarters(today: date | None = None, count: int = 12) -> list[str]:
    """The last `count` quarters that have ended, newest first, as "2026-Q3"."""
    today = today or clock.today()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    found = []
    for _ in range(count):
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        found.append(f"{year}-Q{quarter}")
    return found


def parse_quarter(text: str) -> list[tuple[str, date, date]] | None:
    """A finished quarter's months, or None when the text is not one of the quarters offered."""
    text = (text or "").strip()
    if text not in finished_quarters():
        return None
    year, quarter = QUARTER.match(text).groups()
    return quarter_months(int(year), int(quarter))


def quarter_label(text: str) -> str:
    months = parse_quarter(text) or []
    return _span(months[0][1], months[-1][2]) if months else text


day_label = dates.day  # "1 January 2026" in the reader's language: the site's one way of writing dates


def _span(start: date, end: date) -> str:
    return f"{day_label(start)} – {day_label(end)}"


_month_label = dates.month


# One indicator over a period ---------------------------------------------------------------------

@dataclass(frozen=True)
class Latest:
    value: object  # as published (suppressed where the indicator's counts are of people)
    as_of: date
    source: object

    @property
    def as_of_label(self) -> str:
        return day_label(self.as_of)


@dataclass
class IndicatorRow:
    indicator: PlanIndicator
    table: Table  # the trend: one row per month (or per partner figure), as the chart and table show it
    value: object  # the period's figure as published; None when nothing was recorded for it
    latest: Latest | None
    status: str
    areas: Table | None = None  # activities per district, for indicators the plan counts by area

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def status_colour(self):
        return STATUS_COLOURS[self.status]


@dataclass(frozen=True)
class _Figure:
    starts_on: date
    ends_on: date
    value: object
    source: str


def _figures_to(area: str, end: date) -> dict[int, list[_Figure]]:
    """Every figure in force for the area that ended by `end`, by indicator, oldest first: one query
    for the whole plan, once per request."""
    cache = g.setdefault("plan_figures", {})
    if (area, end) not in cache:
        found: dict[int, list[_Figure]] = {}
        for indicator_id, a, b, v, source in db.session.execute(select(
                PlanFigure.indicator_id, PlanFigure.starts_on, PlanFigure.ends_on, PlanFigure.value, PlanFigure.source)
                .where(PlanFigure.area == area, PlanFigure.replaced_at.is_(None), PlanFigure.ends_on <= end)
                .order_by(PlanFigure.ends_on, PlanFigure.starts_on)):
            found.setdefault(indicator_id, []).append(_Figure(a, b, _number(v), source))
        cache[(area, end)] = found
    return cache[(area, end)]


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _published(indicator: PlanIndicator, value):
    return shown(value) if indicator.suppress and isinstance(value, int) else value


def _site_row(indicator, months, area) -> IndicatorRow:
    if indicator.name in COUNTY_ONLY and area != COUNTY:
        empty = Table(indicator.key, indicator.wording, _l("Month"), [], value_heading=_l("Figure"))
        return IndicatorRow(indicator, empty, None, None, NO_DATA)
    counts = MEASURES[indicator.name](months, "" if area == COUNTY else area)
    parts = [counts.get(key, 0) for key, _, _ in months]
    table = Table(indicator.key, indicator.wording, _l("Month"),
                  [(_month_label(first), count, False) for (_, first, _), count in zip(months, parts)],
                  value_heading=_l("Figure"), suppress=indicator.suppress)
    if indicator.name in LEVELS:
        value = parts[-1] if parts else None
    else:
        value = shown_total(parts) if indicator.suppress else sum(parts)
    latest = Latest(_published(indicator, parts[-1]), months[-1][2], _l("Counted by this site")) if parts else None
    return IndicatorRow(indicator, table, value, latest, _trend_status(indicator, parts, latest))


def _partner_row(indicator, months, area) -> IndicatorRow:
    """Partner figures within the period, shown by the month each one's period ends in (summed, or for
    a percentage the latest), so weekly, monthly and quarterly returns read on one scale."""
    start, end = months[0][1], months[-1][2]
    every = _figures_to(area, end).get(indicator.id, [])
    inside = [f for f in every if f.starts_on >= start]
    counts = indicator.unit == "count"
    by_month: dict[str, list] = {}
    for figure in inside:
        by_month.setdefault(figure.ends_on.strftime("%Y-%m"), []).append(figure.value)
    rows = [(_month_label(first), (sum if counts else (lambda v: v[-1]))(by_month[key]), False)
            for key, first, _ in months if key in by_month]
    table = Table(indicator.key, indicator.wording, _l("Month the figures end in"), rows,
                  value_heading=_l("Figure"), suppress=indicator.suppress and counts)
    values = [f.value for f in inside]
    if not values:
        value = None
    elif not counts:
        value = values[-1]
    else:
        value = shown_total(values) if indicator.suppress else sum(values)
    last = every[-2:]
    latest = Latest(_published(indicator, last[-1].value), last[-1].ends_on, last[-1].source) if last else None
    return IndicatorRow(indicator, table, value, latest, _figure_status(indicator, [f.value for f in last], latest))


def _activity_counts(indicator, start, end, area, column):
    query = select(column, func.count()).where(
        PlanActivity.indicator_id == indicator.id, PlanActivity.removed_at.is_(None),
        PlanActivity.held_on >= start, PlanActivity.held_on <= end).group_by(column)
    if area != COUNTY:
        query = query.where(PlanActivity.area == area)
    return dict(db.session.execute(query).all())


def _activity_row(indicator, months, area) -> IndicatorRow:
    start, end = months[0][1], months[-1][2]
    by_day = _activity_counts(indicator, start, end, area, PlanActivity.held_on)
    parts = [sum(n for day, n in by_day.items() if first <= day <= last) for _, first, last in months]
    table = Table(indicator.key, indicator.wording, _l("Month"),
                  [(_month_label(first), count, False) for (_, first, _), count in zip(months, parts)],
                  value_heading=_l("Sessions"), suppress=False)
    query = select(func.max(PlanActivity.held_on), func.count()).where(
        PlanActivity.indicator_id == indicator.id, PlanActivity.removed_at.is_(None), PlanActivity.held_on <= end)
    if area != COUNTY:
        query = query.where(PlanActivity.area == area)
    last_day, ever = db.session.execute(query).one()
    latest = Latest(ever, last_day, _l("Recorded by staff")) if last_day else None
    row = IndicatorRow(indicator, table, sum(parts), latest, _trend_status(indicator, parts, latest, recorded=True))
    if indicator.by_area:
        per_area = _activity_counts(indicator, start, end, area, PlanActivity.area)
        row.areas = Table(indicator.key + "-areas", _l("Sessions in each Community Safety Partnership area"),
                          _l("Area"), [(d.name, per_area.get(d.slug, 0), False) for d in geography.DISTRICTS],
                          value_heading=_l("Sessions"), suppress=False)
    return row


def indicator_row(indicator: PlanIndicator, months, area: str = COUNTY) -> IndicatorRow:
    """The indicator over the months given (whole months, oldest first), for the county or a district."""
    cache = g.setdefault("plan_rows", {})
    key = (indicator.id, months[0][0], months[-1][0], area)
    if key not in cache:
        build = {"site": _site_row, "partner": _partner_row, "activity": _activity_row}[indicator.source]
        cache[key] = build(indicator, months, area)
    return cache[key]


# Status ----------------------------------------------------------------------------------------

def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _against(indicator, now, before) -> str:
    """Compare a newer figure with an older one, or with the target, in the direction that is progress."""
    if indicator.target is not None:
        target = _number(indicator.target)
        reached = now >= target if indicator.direction != "down" else now <= target
        return ON_TRACK if reached else BEHIND
    if indicator.direction == "none":
        return WATCHED
    if before is None:
        return TOO_FEW
    if now == before:
        return NO_CHANGE
    return ON_TRACK if (now > before) == (indicator.direction == "up") else BEHIND


def _stale(indicator, latest) -> bool:
    return latest is None or _months_between(latest.as_of, clock.today()) > indicator.stale_months


def _trend_status(indicator, parts, latest, recorded=False) -> str:
    """Monthly counts: the last three months against the three before (a level: the last month
    against the one three months earlier). Hidden small counts are never compared."""
    if recorded and _stale(indicator, latest):
        return NO_DATA
    if not parts:
        return NO_DATA
    if indicator.name in LEVELS:
        now, before = parts[-1], (parts[-4] if len(parts) >= 4 else None)
    else:
        now = sum(parts[-3:])
        before = sum(parts[-6:-3]) if len(parts) >= 6 else None
        if indicator.suppress and any(0 < p < SMALL for p in parts[-6:]):
            return TOO_FEW if indicator.target is None and indicator.direction != "none" else _against(indicator, now, before)
    return _against(indicator, now, before)


def _figure_status(indicator, values, latest) -> str:
    """Partner figures: the latest against the one before it (or against the target)."""
    if _stale(indicator, latest):
        return NO_DATA
    if indicator.suppress and indicator.unit == "count" and any(0 < v < SMALL for v in values[-2:]):
        return TOO_FEW
    return _against(indicator, values[-1], values[-2] if len(values) > 1 else None)


# The plan --------------------------------------------------------------------------------------

def actions(priority: str = "", owner: str = "", include_retired: bool = False) -> list[PlanAction]:
    query = select(PlanAction).options(selectinload(PlanAction.indicators)).order_by(PlanAction.code)
    if not include_retired:
        query = query.where(PlanAction.retired_on.is_(None))
    if priority in PRIORITIES:
        query = query.where(PlanAction.priority == priority)
    found = db.session.scalars(query).all()
    return [a for a in found if not owner or owner == a.owner]


def owners() -> list[str]:
    return sorted({a.owner for a in db.session.scalars(select(PlanAction).where(PlanAction.retired_on.is_(None)))})


def rows(plan_actions, months, area: str = COUNTY) -> list[tuple[PlanAction, list[IndicatorRow]]]:
    return [(action, [indicator_row(i, months, area) for i in action.indicators]) for action in plan_actions]


def by_public_id(model, public_id: str):
    return db.session.scalar(select(model).where(model.public_id == public_id))


def indicators() -> list[PlanIndicator]:
    return db.session.scalars(select(PlanIndicator).join(PlanAction).where(PlanAction.retired_on.is_(None))
                              .order_by(PlanAction.code, PlanIndicator.id)).all()


def public_rows(months) -> list[IndicatorRow]:
    return [indicator_row(i, months) for i in indicators() if i.public]


# Recording partner figures ---------------------------------------------------------------------

AREAS = [COUNTY] + [d.slug for d in geography.DISTRICTS]


def area_label(area: str):
    return _l("All of Hertfordshire") if area == COUNTY else geography.district_name(area)


class Problems(NotSaved):
    """A figure, activity, action or rule that cannot be saved (for an import: by row number)."""


def _value(text) -> Decimal | None:
    """A figure as people type it: 1234, 1,234 (thousands), 86.5, or 86,5 (a decimal comma, as in
    Polish, Romanian or Turkish). Anything else is not a figure."""
    text = (text or "").strip()
    if re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", text):
        text = text.replace(",", "")
    if not re.fullmatch(r"\d{1,10}(\.\d{1,2})?", text):
        return None
    return Decimal(text)


def check_figure(indicator: PlanIndicator | None, starts_on: date | None, ends_on: date | None, area: str,
                 value_text: str, source: str, note: str, replacing: PlanFigure | None = None) -> dict:
    """The one set of rules for a partner figure, from the form and from a CSV import alike."""
    problems = {}
    if indicator is None or indicator.source != "partner":
        problems["indicator"] = _l("Choose an indicator that takes figures from partners")
    if starts_on is None:
        problems["starts_on"] = _l("Enter the first day the figure covers, as a real date")
    if ends_on is None:
        problems["ends_on"] = _l("Enter the last day the figure covers, as a real date")
    if starts_on and ends_on:
        if ends_on < starts_on:
            problems["ends_on"] = _l("The last day must be the same as or after the first day")
        elif ends_on >= clock.today():
            problems["ends_on"] = _l("The period must have ended: the last day must be before today")
    if area not in AREAS:
        problems["area"] = _l("Choose the county or one of the ten districts")
    value = _value(value_text)
    if value is None:
        problems["value"] = _l("Enter the figure as a number of 0 or more, like 42 or 86.5")
    elif value > MAX_VALUE or (indicator is not None and indicator.unit == "percent" and value > 100):
        problems["value"] = _l("Enter a figure that is not too large (a percentage is at most 100)")
    if not source:
        problems["source"] = _l("Enter where the figure comes from, like Constabulary quarterly return")
    elif len(source) > 200:
        problems["source"] = _l("Source must be 200 characters or fewer")
    if len(note) > 2000:
        problems["note"] = _l("Note must be 2000 characters or fewer")
    if not problems:
        overlapping = db.session.scalar(select(PlanFigure.id).where(
            PlanFigure.indicator_id == indicator.id, PlanFigure.area == area, PlanFigure.replaced_at.is_(None),
            PlanFigure.starts_on <= ends_on, PlanFigure.ends_on >= starts_on,
            PlanFigure.id != (replacing.id if replacing else -1)).limit(1))
        if overlapping:
            problems["starts_on"] = _l("A figure for this indicator and area already covers part of this period: correct that one instead")
    return problems


def record_figure(indicator, starts_on, ends_on, area, value_text, source, note, replacing=None) -> PlanFigure:
    """Saves a figure (or a correction of one) and its audit event; raises Problems and saves nothing
    when any rule fails. The caller commits."""
    source, note = clean_text(source or ""), clean_text(note or "")
    problems = check_figure(indicator, starts_on, ends_on, area, value_text, source, note, replacing)
    if problems:
        raise Problems(problems)
    user = g.get("staff_user")
    figure = PlanFigure(indicator_id=indicator.id, starts_on=starts_on, ends_on=ends_on, area=area,
                        value=_value(value_text), source=source, note=note, recorded_by=user.id if user else None)
    db.session.add(figure)
    db.session.flush()
    if replacing is not None:
        replacing.replaced_at, replacing.replaced_by_id = clock.now(), figure.id
        audit.record(FIGURE_CORRECTED, figure, replaces=replacing.public_id)
    else:
        audit.record(FIGURE, figure)
    return figure


def figure_history(indicator: PlanIndicator) -> list[PlanFigure]:
    """Every figure ever recorded for the indicator, corrections and what they replaced, newest first."""
    return db.session.scalars(select(PlanFigure).where(PlanFigure.indicator_id == indicator.id)
                              .order_by(PlanFigure.ends_on.desc(), PlanFigure.id.desc())).all()


IMPORT_COLUMNS = ("indicator", "starts_on", "ends_on", "area", "value", "source", "note")
MAX_IMPORT_ROWS = 2000


def _iso(text) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def import_figures(data: bytes) -> int:
    """A CSV of partner figures, all or nothing: every row is checked (against the others too) before
    any is saved. Raises Problems {row number: [messages]}; the caller commits."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Problems({0: [_l("The file must be a CSV file saved as UTF-8")]})
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [clean_text(h).lower() for h in next(reader, [])]
    if tuple(header) != IMPORT_COLUMNS:
        raise Problems({1: [_l("The first row must be exactly these columns: %(columns)s",
                               columns=", ".join(IMPORT_COLUMNS))]})
    by_key = {i.key: i for i in db.session.scalars(select(PlanIndicator))}
    problems, saved = {}, 0
    with db.session.begin_nested() as savepoint:
        for number, cells in enumerate(reader, start=2):
            if number - 1 > MAX_IMPORT_ROWS:
                problems[number] = [_l("A file may hold at most %(count)s figures", count=MAX_IMPORT_ROWS)]
                break
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(IMPORT_COLUMNS):
                problems[number] = [_l("This row must have %(count)s cells", count=len(IMPORT_COLUMNS))]
                continue
            key, starts, ends, area, value, source, note = (clean_text(c) for c in cells)
            try:
                record_figure(by_key.get(key), _iso(starts), _iso(ends), area or COUNTY, value, source, note)
                db.session.flush()
                saved += 1
            except Problems as found:
                problems[number] = list(dict.fromkeys(found.errors.values()))
        if problems or not saved:
            savepoint.rollback()
    if not saved and not problems:
        problems[0] = [_l("The file holds no figures")]
    if problems:
        raise Problems(problems)
    audit.record(FIGURES_IMPORTED, count=saved)
    return saved


# Activities ------------------------------------------------------------------------------------

def check_activity(indicator, held_on, area, audience, people_text, note) -> dict:
    problems = {}
    if indicator is None or indicator.source != "activity":
        problems["indicator"] = _l("Choose an indicator that counts activities")
    if held_on is None:
        problems["held_on"] = _l("Enter the day it took place, as a real date")
    elif held_on > clock.today():
        problems["held_on"] = _l("The day it took place cannot be in the future")
    if area not in AREAS[1:]:
        problems["area"] = _l("Choose the district where it took place")
    if not audience:
        problems["audience"] = _l("Enter who it was for, like Year 9 at a school in Watford")
    elif len(audience) > 200:
        problems["audience"] = _l("Who it was for must be 200 characters or fewer")
    people = (people_text or "").strip()
    if not re.fullmatch(r"\d{1,6}", people):
        problems["people"] = _l("Enter how many people took part, as a whole number of 0 or more")
    if len(note) > 2000:
        problems["note"] = _l("Note must be 2000 characters or fewer")
    return problems


def record_activity(indicator, held_on, area, audience, people_text, note) -> PlanActivity:
    audience, note = clean_text(audience or ""), clean_text(note or "")
    problems = check_activity(indicator, held_on, area, audience, people_text, note)
    if problems:
        raise Problems(problems)
    user = g.get("staff_user")
    activity = PlanActivity(indicator_id=indicator.id, held_on=held_on, area=area, audience=audience,
                            people=int(people_text.strip()), note=note, recorded_by=user.id if user else None)
    db.session.add(activity)
    db.session.flush()
    audit.record(ACTIVITY, activity, people=activity.people)
    return activity


def remove_activity(activity: PlanActivity) -> None:
    """Recorded in error: kept, but no longer counted."""
    activity.removed_at = clock.now()
    audit.record(ACTIVITY_REMOVED, activity)


def recent_activities(indicator: PlanIndicator, limit: int = 50) -> list[PlanActivity]:
    return db.session.scalars(select(PlanActivity).where(PlanActivity.indicator_id == indicator.id)
                              .order_by(PlanActivity.held_on.desc(), PlanActivity.id.desc()).limit(limit)).all()


# Keeping the plan up to date (administrators) ----------------------------------------------------

def check_action(values: dict, action: PlanAction | None = None) -> dict:
    problems = {}
    code = values.get("code", "")
    if not re.fullmatch(r"[1-3]\.[1-9][a-z]{1,2}", code):
        problems["code"] = _l("Enter a code like 2.1f: the priority, then a small letter")
    elif code[:3] not in PRIORITIES:
        problems["code"] = _l("The code must start with one of the plan's priorities, like 2.1")
    elif db.session.scalar(select(PlanAction.id).where(PlanAction.code == code,
                                                       PlanAction.id != (action.id if action else -1))):
        problems["code"] = _l("Another action already has this code")
    for name, limit, message in (("title", 1000, _l("Enter what the action is, in 1000 characters or fewer")),
                                 ("owner", 200, _l("Enter who owns the action, in 200 characters or fewer")),
                                 ("timescale", 200, _l("Enter the timescale, in 200 characters or fewer"))):
        if not values.get(name) or len(values[name]) > limit:
            problems[name] = message
    return problems


def save_action(values: dict, action: PlanAction | None = None, retired: bool | None = None) -> PlanAction:
    """Adds or rewords an action (or retires or restores it), keeping what it was in its history."""
    values = {name: clean_text(values.get(name) or "") for name in ("code", "title", "owner", "timescale")}
    if action is not None and action.code != values["code"]:
        values["code"] = action.code  # an action's code is how the board's reports refer to it
    problems = check_action(values, action)
    if problems:
        raise Problems(problems)
    if action is None:
        action = PlanAction(priority=values["code"][:3])
        db.session.add(action)
    for name, value in values.items():
        setattr(action, name, value)
    if retired is not None:
        action.retired_on = clock.today() if retired else None
    db.session.flush()
    user = g.get("staff_user")
    db.session.add(PlanActionChange(action_id=action.id, staff_id=user.id if user else None,
                                    values={**values, "retired": action.retired_on is not None}))
    audit.record(ACTION, action, retired=action.retired_on is not None)
    return action


def save_rule(indicator: PlanIndicator, direction: str, target_text: str, stale_text: str, public: bool) -> None:
    problems = {}
    if direction not in ("up", "down", "none"):
        problems["direction"] = _l("Choose which way is progress")
    target = None
    if (target_text or "").strip():
        target = _value(target_text)
        if target is None or target > MAX_VALUE:
            problems["target"] = _l("Enter the target as a number of 0 or more, or leave it empty")
    stale = (stale_text or "").strip()
    if not re.fullmatch(r"\d{1,2}", stale) or not 1 <= int(stale) <= 36:
        problems["stale_months"] = _l("Enter a whole number of months from 1 to 36")
    if problems:
        raise Problems(problems)
    indicator.direction, indicator.target, indicator.stale_months, indicator.public = direction, target, int(stale), public
    audit.record(RULE, indicator, public=public, months=int(stale))


# The board's quarterly report ------------------------------------------------------------------

def report_table(quarter_rows) -> list[list]:
    """The quarterly report as rows of words and published figures: the CSV and the spreadsheet."""
    out = [[str(_l("Action")), str(_l("What the action is")), str(_l("Owner")), str(_l("Indicator")),
            str(_l("Baseline")), str(_l("This quarter")), str(_l("Latest figure")), str(_l("As of")),
            str(_l("Source")), str(_l("Status"))]]
    for action, found in quarter_rows:
        for row in found:
            latest = row.latest
            out.append([action.code, action.title, action.owner, row.indicator.wording, row.indicator.baseline,
                        "" if row.value is None else str(row.value),
                        "" if latest is None else str(latest.value),
                        "" if latest is None else latest.as_of_label,
                        "" if latest is None else str(latest.source), str(row.status_label)])
    return out


def spreadsheet(table: list[list], title: str) -> bytes:
    """The same rows as the CSV, as an XLSX workbook (every cell text)."""
    return xlsx(table[0], table[1:], title)
