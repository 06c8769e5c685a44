"""The case queue as a to-do list: assignment, "needs a reply", "overdue" on working days, the counts on
the staff home page, and the audit trail of each."""
from datetime import date, datetime, timezone

import pytest
from bs4 import BeautifulSoup

from app.cases import queue
from app.extensions import db
from app.followup import services as followup
from app.reporting.models import Report
from app.staff.models import ADMINISTRATOR, AuditEvent, CASE_WORKER, StaffUser

from .report_helpers import make_report
from .staff_support import clock, fast_hashing, form_token, make_person, sign_in, signed_in  # noqa: F401  (fixtures)
from .test_cases import NAUGHTY, _post, _refs, _set_created
from .test_staff_naughty import naughty_strings


@pytest.fixture
def worker(signed_in):
    return signed_in(CASE_WORKER)


def _tags(response) -> dict[str, list[str]]:
    soup = BeautifulSoup(response.data, "html.parser")
    return {row.select_one("td a").get_text(strip=True): [t["class"][-1].removeprefix("app-task--")
                                                         for t in row.select(".app-task")]
            for row in soup.select("table.app-queue tbody tr")}


def _report(app, reference) -> Report:
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        db.session.expunge(report)
        return report


def test_working_days_skip_weekends_and_englands_bank_holidays():
    assert not queue.is_working_day(date(2026, 5, 2))  # a Saturday
    assert not queue.is_working_day(date(2026, 5, 4))  # the early May bank holiday
    assert not queue.is_working_day(date(2026, 12, 28))  # Boxing Day, moved to the Monday
    assert queue.is_working_day(date(2026, 5, 5))
    # On Thursday 7 May the three working days before are Wed 6, Tue 5 and (past the bank holiday and
    # the weekend) Fri 1: reports from before Friday 1 May are overdue, Friday's are not yet.
    assert queue.overdue_before(date(2026, 5, 7)) == date(2026, 5, 1)
    # On Friday 8 May, Tue, Wed and Thu have passed: Friday 1 May's reports are overdue too.
    assert queue.overdue_before(date(2026, 5, 8)) == date(2026, 5, 5)


def test_overdue_across_a_bank_holiday_and_a_weekend(app, client, clock, worker):
    """A report that arrives on Thursday 24 December 2026: Christmas Day, the weekend and Boxing Day
    (moved to Monday 28) do not count, so the three working days are Tue 29, Wed 30 and Thu 31; it is
    overdue from Friday 1 January, unless a case worker has done something with it."""
    christmas_eve = make_report(app)
    answered = make_report(app)
    for reference in (christmas_eve, answered):
        _set_created(app, reference, datetime(2026, 12, 24, 15, tzinfo=timezone.utc))
    clock.set(datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc))  # still Thursday 31 December
    sign_in(client, worker, clock)
    assert _refs(client.get("/staff/cases?task=overdue")) == []
    _post(client, answered, action="note", text="Called them back")  # a first response
    clock.set(datetime(2027, 1, 1, 0, 30, tzinfo=timezone.utc))
    sign_in(client, worker, clock)
    assert _refs(client.get("/staff/cases?task=overdue")) == [christmas_eve]
    tags = _tags(client.get("/staff/cases"))
    assert "overdue" in tags[christmas_eve] and "overdue" not in tags[answered]
    # Counting every weekday instead would have made it overdue on Wednesday 30 December.
    assert queue.overdue_before(date(2026, 12, 31)) == date(2026, 12, 24)
    assert queue.overdue_before(date(2027, 1, 1)) == date(2026, 12, 29)


def test_assign_to_a_case_worker_and_back_to_nobody_audited(app, client, clock, worker):
    colleague = make_person(app, clock, CASE_WORKER, email="colleague@example.org", name="Sam")
    admin = make_person(app, clock, ADMINISTRATOR)
    reference = make_report(app)
    assert _refs(client.get("/staff/cases?task=unassigned")) == [reference]
    assert _post(client, reference, action="assign", assignee=worker.public_id).status_code == 302
    assert _refs(client.get("/staff/cases?task=mine")) == [reference]
    assert _refs(client.get("/staff/cases?task=unassigned")) == []
    assert "mine" in _tags(client.get("/staff/cases"))[reference]
    _post(client, reference, action="assign", assignee=colleague.public_id)
    assert _refs(client.get("/staff/cases?task=mine")) == []
    assert "Sam" in client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    _post(client, reference, action="assign", assignee="")
    assert _report(app, reference).assigned_to_id is None
    with app.app_context():
        events = [e.detail.get("assignee") for e in db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "report.assign").order_by(AuditEvent.id))]
    assert events == [worker.public_id, colleague.public_id, None]
    # Only an active case worker can have a report: an administrator, an unknown id or junk is refused.
    for wrong in (admin.public_id, "nobody-at-all", NAUGHTY, "x" * 5000):
        response = _post(client, reference, action="assign", assignee=wrong)
        assert response.status_code == 400
        assert "Choose a case worker from the list" in response.get_data(as_text=True)
        assert "<script>alert" not in response.get_data(as_text=True)
    assert _report(app, reference).assigned_to_id is None


def test_needs_a_reply_after_a_reporter_message_or_a_support_request(app, client, clock, worker):
    quiet = make_report(app)
    wants_help = make_report(app, support="yes", contact="contact", email="a@example.org")
    writes_back = make_report(app)
    assert _refs(client.get("/staff/cases?task=needs-reply")) == [wants_help]
    _post(client, wants_help, action="status", status="triaged")
    _post(client, writes_back, action="reply", message="Can you tell us more?")
    assert _refs(client.get("/staff/cases?task=needs-reply")) == []
    clock.advance(minutes=5)
    with app.app_context():
        followup.add_information(db.session.scalar(db.select(Report).where(Report.reference == writes_back)),
                                 "It happened again")
    clock.advance(minutes=5)
    assert _refs(client.get("/staff/cases?task=needs-reply")) == [writes_back]
    assert "needs-reply" in _tags(client.get("/staff/cases"))[writes_back]
    _post(client, writes_back, action="reply", message="Thank you, we will call")
    assert _refs(client.get("/staff/cases?task=needs-reply")) == []
    assert quiet in _refs(client.get("/staff/cases"))


def test_closed_reports_leave_the_to_do_list(app, client, clock, worker):
    reference = make_report(app, support="yes", contact="contact", email="a@example.org")
    _post(client, reference, action="assign", assignee=worker.public_id)
    _post(client, reference, action="status", status="closed")
    for task in queue.TASKS:
        assert _refs(client.get(f"/staff/cases?task={task}")) == [], task


def test_staff_home_shows_a_case_workers_counts(app, client, clock, worker):
    mine = make_report(app)
    make_report(app)
    _post(client, mine, action="assign", assignee=worker.public_id)
    soup = BeautifulSoup(client.get("/staff/").data, "html.parser")
    counts = [a.get_text(strip=True) for a in soup.select(".app-task-counts a")]
    assert counts == ["Mine: 1", "Unassigned: 1", "Needs a reply: 0", "Overdue: 0"]
    assert soup.select(".app-task-counts a")[0]["href"] == "/staff/cases?task=mine"


def test_other_roles_see_no_case_counts(app, client, clock, signed_in):
    make_report(app)
    signed_in(ADMINISTRATOR)
    assert b"app-task-counts" not in client.get("/staff/").data


def test_to_do_filters_ignore_junk_and_keep_the_others(app, client, clock, worker):
    reference = make_report(app, district="watford")
    for junk in (NAUGHTY, "mine' OR 1=1 --", "x" * 10000):
        response = client.get("/staff/cases", query_string={"task": junk, "district": "watford"})
        assert response.status_code == 200 and _refs(response) == [reference]
    assert _refs(client.get("/staff/cases?task=unassigned&district=stevenage")) == []


def test_naughty_strings_in_the_to_do_filter_and_assignment_never_fail(app, client, clock, worker):
    reference = make_report(app)
    page = client.get(f"/staff/cases/{reference}")
    token = form_token(page)
    for text in naughty_strings()[::15]:
        response = client.get("/staff/cases", query_string={"task": text})
        assert response.status_code == 200, text
        response = client.post(f"/staff/cases/{reference}", data={"csrf_token": token, "action": "assign",
                                                                 "assignee": text})
        assert response.status_code in (302, 400), text  # "" and " " mean nobody
    assert _report(app, reference).assigned_to_id is None


def test_a_report_stays_with_someone_who_left_until_it_is_given_to_another(app, client, clock, worker):
    leaver = make_person(app, clock, CASE_WORKER, email="leaver@example.org", name="Lee")
    reference = make_report(app)
    _post(client, reference, action="assign", assignee=leaver.public_id)
    with app.app_context():  # their account is disabled
        db.session.execute(db.update(StaffUser).where(StaffUser.public_id == leaver.public_id).values(active=False))
        db.session.commit()
    page = BeautifulSoup(client.get(f"/staff/cases/{reference}").data, "html.parser")
    assert page.select_one("#assignee option[selected]").get_text(strip=True) == "Lee"
    assert _post(client, reference, action="assign", assignee=leaver.public_id).status_code == 302  # unchanged
    assert _post(client, reference, action="assign", assignee="").status_code == 302
    assert _post(client, reference, action="assign", assignee=leaver.public_id).status_code == 400  # not again


def test_assignment_without_the_form_token_is_refused(app, client, clock, worker):
    reference = make_report(app)
    response = client.post(f"/staff/cases/{reference}", data={"action": "assign", "assignee": worker.public_id},
                           check=False)
    assert response.status_code == 400 and _report(app, reference).assigned_to_id is None
