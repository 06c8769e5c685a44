"""The case queue as a to-do list: who has a report, which ones wait for a reply, which are overdue.

One place for each rule, written once as SQL so the filters, the tags on each row and the counts on
the staff home page always agree:
- a *staff action* is any entry in a report's history made by a case worker (a status change, a note,
  a reply, a decision); assigning a report is not one (it answers nobody);
- *needs a reply*: the person wrote through the follow-up pages, or asked for Beacon's support when
  they reported, after the last staff action (or there has been none);
- *overdue*: no staff action at all, and the working days the site promises (police.RESPONSE_DAYS)
  have passed since the day it arrived. Working days skip weekends and England's bank holidays
  (the `holidays` package), on Hertfordshire's calendar (core/clock.py).
Closed reports are never on the to-do list.
"""
from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select

from ..core import clock
from ..extensions import db
from ..reporting import police
from ..reporting.models import Report
from ..staff import audit
from ..staff.models import CASE_WORKER, StaffUser
from .models import CLOSED, REPORTER, CaseEvent

MINE = "mine"
UNASSIGNED = "unassigned"
NEEDS_REPLY = "needs-reply"
OVERDUE = "overdue"
TASKS = (MINE, UNASSIGNED, NEEDS_REPLY, OVERDUE)
LABELS = {
    MINE: _l("Mine"),
    UNASSIGNED: _l("Unassigned"),
    NEEDS_REPLY: _l("Needs a reply"),
    OVERDUE: _l("Overdue"),
}

ASSIGNED = audit.register("report.assign", _l("Report assigned"))


@lru_cache(maxsize=8)
def _bank_holidays(year: int) -> frozenset:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def overdue_before(today: date, days: int = police.RESPONSE_DAYS) -> date:
    """The first day whose reports are not yet overdue on `today`.

    A report that arrived on day D may be answered until the end of the `days`-th working day after D;
    so it is overdue on `today` when `days` whole working days lie strictly between D and today."""
    day, counted = today, 0
    while counted < days:
        day -= timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def _last_staff_action():
    return (select(func.max(CaseEvent.at))
            .where(CaseEvent.report_id == Report.id, CaseEvent.actor_id.is_not(None))
            .correlate(Report).scalar_subquery())


def _last_reporter_message():
    return (select(func.max(CaseEvent.at))
            .where(CaseEvent.report_id == Report.id, CaseEvent.kind == REPORTER)
            .correlate(Report).scalar_subquery())


def needs_reply():
    staff, reporter = _last_staff_action(), _last_reporter_message()
    return and_(Report.status != CLOSED, or_(
        and_(reporter.is_not(None), or_(staff.is_(None), reporter > staff)),
        and_(Report.wants_support.is_(True), staff.is_(None)),
    ))


def overdue():
    cutoff = clock.start_of(overdue_before(clock.today()))
    return and_(Report.status != CLOSED, _last_staff_action().is_(None), Report.created_at < cutoff)


def condition(task: str, user):
    """The SQL condition for one to-do filter, for this staff member."""
    if task == MINE:
        return and_(Report.status != CLOSED, Report.assigned_to_id == user.id)
    if task == UNASSIGNED:
        return and_(Report.status != CLOSED, Report.assigned_to_id.is_(None))
    if task == NEEDS_REPLY:
        return needs_reply()
    if task == OVERDUE:
        return overdue()
    raise ValueError(task)


def counts(user, conditions=()) -> dict[str, int]:
    """How many reports each to-do filter finds, under the other filters given."""
    return {task: int(db.session.scalar(
        select(func.count()).select_from(Report).where(condition(task, user), *conditions)) or 0)
        for task in TASKS}


def tags(reports, user) -> dict[int, list[str]]:
    """The to-do tags of each report on a page, by report id, with the same rules as the filters."""
    ids = [r.id for r in reports]
    found = {i: [] for i in ids}
    if not ids:
        return found
    for task in TASKS:
        for report_id in db.session.scalars(select(Report.id).where(Report.id.in_(ids), condition(task, user))):
            found[report_id].append(task)
    return found


def case_workers(report: Report | None = None) -> list[StaffUser]:
    """Who a report can be assigned to: every active case worker, and whoever has it now (even if they
    have since left the case team, so the page shows the truth)."""
    people = list(db.session.scalars(select(StaffUser).where(
        StaffUser.role == CASE_WORKER, StaffUser.active.is_(True)).order_by(StaffUser.name, StaffUser.email)))
    current = assignee(report) if report is not None else None
    if current is not None and current not in people:
        people.append(current)
    return people


def assign(report: Report, actor, assignee_public_id: str) -> bool:
    """Give a report to a case worker, or to nobody (an empty id). False when that person cannot have it."""
    current = assignee(report)
    if current is not None and current.public_id == assignee_public_id:
        return True  # unchanged, even if they have since left the case team
    assignee_row = None
    if assignee_public_id:
        assignee_row = db.session.scalar(select(StaffUser).where(
            StaffUser.public_id == assignee_public_id, StaffUser.role == CASE_WORKER, StaffUser.active.is_(True)))
        if assignee_row is None:
            return False
    new_id = assignee_row.id if assignee_row else None
    if new_id != report.assigned_to_id:
        report.assigned_to_id = new_id
        audit.record(ASSIGNED, ("report", report.reference), actor=actor,
                     assignee=assignee_row.public_id if assignee_row else None)
        db.session.commit()
    return True


def assignee(report: Report) -> StaffUser | None:
    return db.session.get(StaffUser, report.assigned_to_id) if report.assigned_to_id else None
