"""The case queue: find, read, triage, refer, note, reply and export, each step audited."""
import csv
import io
from datetime import datetime, timezone

import pytest
from bs4 import BeautifulSoup

from app.cases import services as cases
from app.cases.models import CaseEvent
from app.extensions import db
from app.reporting.models import Outbox, Report
from app.staff.models import AuditEvent, CASE_WORKER

from .report_helpers import make_report
from .test_csvsafe import quoted_cells
from .staff_support import clock, fast_hashing, form_token, make_person, sign_in, signed_in  # noqa: F401  (fixtures)

NAUGHTY = '<script>alert("x")</script><img src=x onerror=alert(1)> =HYPERLINK("http://evil") MARK-991'


@pytest.fixture
def worker(signed_in):
    return signed_in(CASE_WORKER)


def _set_created(app, reference, when):
    with app.app_context():
        db.session.execute(db.update(Report).where(Report.reference == reference).values(created_at=when))
        db.session.commit()


def _refs(response) -> list[str]:
    soup = BeautifulSoup(response.data, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("table.app-queue tbody td:first-child a")]


def _post(client, reference, **data):
    page = client.get(f"/staff/cases/{reference}")
    return client.post(f"/staff/cases/{reference}", data={"csrf_token": form_token(page), **data})


def _audit(app, action):
    with app.app_context():
        return [(e.target_id, e.detail) for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action))]


def test_queue_is_newest_first_and_filters_combine(app, client, worker):
    old = make_report(app, strands=["race"], location="bus", district="watford")
    new = make_report(app, strands=["religion", "race"], location="online", platform="facebook", district="stevenage")
    other = make_report(app, strands=["disability"], location="bus", district="watford")
    _set_created(app, old, datetime(2026, 1, 5, 10, tzinfo=timezone.utc))
    _set_created(app, new, datetime(2026, 3, 5, 10, tzinfo=timezone.utc))
    _set_created(app, other, datetime(2026, 2, 5, 10, tzinfo=timezone.utc))
    assert _refs(client.get("/staff/cases")) == [new, other, old]
    assert _refs(client.get("/staff/cases?strand=race")) == [new, old]
    assert _refs(client.get("/staff/cases?strand=race&location=bus")) == [old]
    assert _refs(client.get("/staff/cases?district=watford&from=2026-02-01")) == [other]
    assert _refs(client.get("/staff/cases?from=2026-02-05&to=2026-03-05")) == [new, other]
    assert _refs(client.get("/staff/cases?channel=easy-read")) == []
    assert _refs(client.get("/staff/cases?strand=nonsense")) == [new, other, old]  # unknown choices are ignored


def test_bad_dates_get_a_clear_error_not_a_500(app, client, worker):
    response = client.get("/staff/cases?from=2026-02-31&to=yesterday")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html and "Enter a real date" in html
    response = client.get("/staff/cases?from=2026-03-01&to=2026-02-01")
    assert "same as or after" in response.get_data(as_text=True)


def test_reference_search_goes_straight_to_the_report(app, client, worker):
    reference = make_report(app)
    response = client.get("/staff/cases", query_string={"reference": reference.lower().replace("-", " ")})
    assert response.status_code == 302 and response.headers["Location"] == f"/staff/cases/{reference}"
    html = client.get("/staff/cases?reference=HC-0000-0000").get_data(as_text=True)
    assert "No report has the reference" in html


def test_counts_by_status(app, client, worker):
    a, b = make_report(app), make_report(app)
    _post(client, a, action="status", status="triaged")
    html = client.get("/staff/cases").get_data(as_text=True)
    assert "New: 1" in html and "Triaged: 1" in html


def test_reading_a_report_shows_everything_and_is_audited(app, client, worker):
    reference = make_report(app, contact="contact", name="Jo Bloggs", email="jo@example.org", phone="07700 900123")
    html = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert "MARKER-7731" in html and "Jo Bloggs" in html and "jo@example.org" in html and "Old Town" in html
    assert [t for t, _ in _audit(app, "report.view")] == [reference]


def test_status_change_with_note_referral_and_history(app, client, worker, clock):
    reference = make_report(app, support="yes", contact="contact", email="jo@example.org")
    response = _post(client, reference, action="status", status="referred", note="Called Beacon.")
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        assert report.status == "referred"
        kinds = [(e.kind, e.status, e.note, e.actor.email) for e in
                 db.session.scalars(db.select(CaseEvent).where(CaseEvent.report_id == report.id))]
        outbox = db.session.scalars(db.select(Outbox.kind).where(Outbox.report_id == report.id)).all()
    assert ("status", "referred", None, worker.email) in kinds
    assert ("note", None, "Called Beacon.", worker.email) in kinds
    assert sorted(outbox) == ["referral", "report-received"]
    html = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert "Status changed to Referred to victim support" in html and "Called Beacon." in html
    assert _audit(app, "report.status") == [(reference, {"status": "referred"})]
    assert _audit(app, "report.note") == [(reference, {})]  # never the note's words


def test_passing_to_the_police_keeps_the_report_for_seven_years(app, client, worker, clock):
    reference = make_report(app)
    _post(client, reference, action="status", status="police")
    with app.app_context():
        report = db.session.scalar(db.select(Report).where(Report.reference == reference))
        assert (report.retention_until - clock.now().date()).days >= 7 * 365


def test_note_and_reply_errors_are_clear(app, client, worker):
    reference = make_report(app)
    html = _post(client, reference, action="note", text="   ").get_data(as_text=True)
    assert "<title>Error:" in html and "Enter a note" in html
    html = _post(client, reference, action="status").get_data(as_text=True)
    assert "Choose the report’s new status" in html
    html = _post(client, reference, action="note", text="x" * 5001).get_data(as_text=True)
    assert "5,000 characters or fewer" in html


def test_every_page_that_shows_a_report_is_audited_even_a_form_error(app, client, worker):
    reference = make_report(app)
    page = client.get(f"/staff/cases/{reference}")
    token = form_token(page)
    invalid = [
        {"action": "status", "status": "no-such-status"},
        {"action": "status"},
        {"action": "status", "status": "triaged", "note": "x" * 5001},
        {"action": "note", "text": ""},
        {"action": "note", "text": "   "},
        {"action": "note", "text": "x" * 5001},
        {"action": "reply", "message": ""},
        {"action": "reply", "message": "x" * 5001},
    ]
    for number, data in enumerate(invalid, start=2):
        response = client.post(f"/staff/cases/{reference}", data={"csrf_token": token, **data})
        assert response.status_code == 200 and "MARKER-7731" in response.get_data(as_text=True), data
        assert [t for t, _ in _audit(app, "report.view")] == [reference] * number, data
    # An action the page has no form for shows nothing, so it records no view.
    assert client.post(f"/staff/cases/{reference}", data={"csrf_token": token, "action": "x"},
                       check=False).status_code == 400
    assert len(_audit(app, "report.view")) == len(invalid) + 1


def test_naughty_text_in_reports_and_notes_is_shown_as_text(app, client, worker):
    reference = make_report(app, description=NAUGHTY, town=NAUGHTY)
    _post(client, reference, action="note", text=NAUGHTY)
    for url in ("/staff/cases", f"/staff/cases/{reference}"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;" in client.get(f"/staff/cases/{reference}").get_data(as_text=True)


def test_unknown_or_malformed_references_are_404(app, client, worker):
    for ref in ("HC-0000-0000", "hc-0000-0000", "1", "../users", "HC-%3Cb%3E"):
        assert client.get(f"/staff/cases/{ref}", check=False).status_code == 404, ref


def test_export_is_structured_by_default_and_audited(app, client, worker):
    reference = make_report(app, description=NAUGHTY, contact="contact", name="=cmd|' /C calc'!A0", email="a@b.c")
    page = client.get("/staff/cases")
    response = client.post("/staff/cases/export.csv", data={"csrf_token": form_token(page), "strand": "race"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["Reference", "Received (UTC)", "Status"] and rows[1][0] == reference
    body = response.get_data(as_text=True)
    assert "MARK-991" not in body and "a@b.c" not in body
    response = client.post("/staff/cases/export.csv",
                           data={"csrf_token": form_token(page), "free_text": "y"})
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert "MARK-991" in rows[0]["What happened"]
    assert rows[0]["Name"].startswith("'=")  # never a live formula
    events = _audit(app, "report.export")
    assert events[0][1] == {"rows": 1, "free_text": False, "strand": "race"}
    assert events[1][1] == {"rows": 1, "free_text": True}


def test_export_needs_a_token(app, client, worker):
    assert client.post("/staff/cases/export.csv", data={}, check=False).status_code == 400


def test_export_quotes_every_cell_and_runs_no_formula(app, client, worker):
    make_report(app, description="a;=1+1", town='=HYPERLINK("http://evil","x")', contact="contact",
                name="@SUM(1+1)", email="a@b.c", phone="+44 1923 123456")
    page = client.get("/staff/cases")
    body = client.post("/staff/cases/export.csv", data={"csrf_token": form_token(page), "free_text": "y"}).get_data(as_text=True)
    columns = [key for key, _label in cases.STRUCTURED + cases.FREE_TEXT]
    lines = body.splitlines()
    assert len(lines) == 2
    for line in lines:  # a spreadsheet that splits on ";" still sees one whole cell
        assert quoted_cells(line) == len(columns), line
    row = dict(zip(columns, next(csv.reader(io.StringIO(lines[1])))))
    assert row["description"] == "a;=1+1" and row["town"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert row["contact_name"] == "'@SUM(1+1)" and row["contact_phone"] == "'+44 1923 123456"


def test_anonymised_report_says_so(app, client, worker):
    reference = make_report(app)
    with app.app_context():
        db.session.execute(db.update(Report).values(anonymised_at=datetime.now(timezone.utc), description=""))
        db.session.commit()
    assert "end of the retention period" in client.get(f"/staff/cases/{reference}").get_data(as_text=True)


# The person's decision about the police, enforced on the server -------------------------------

def _outbox(app, reference) -> list[str]:
    with app.app_context():
        report_id = db.session.scalar(db.select(Report.id).where(Report.reference == reference))
        return sorted(db.session.scalars(db.select(Outbox.kind).where(Outbox.report_id == report_id)))


def _summary(client, reference):
    return client.post(f"/staff/cases/{reference}/police-summary.txt",
                       data={"csrf_token": form_token(client.get(f"/staff/cases/{reference}"))})


CONTACT = {"contact": "contact", "name": "Jo Bloggs", "email": "jo@example.org", "phone": "07700 900123"}


@pytest.mark.parametrize("decision, police_may_have", [
    ("with-details", "contact"), ("facts-only", "facts"), ("talk-first", "nothing"), ("no", "nothing")])
def test_each_decision_is_shown_first_and_limits_what_the_police_get(app, client, worker, decision, police_may_have):
    reference = make_report(app, police=decision, **CONTACT)
    html = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert html.index("Decision about the police") < html.index("What they told us")
    assert ("Download the summary for the police" in html) is (police_may_have != "nothing")

    passed = _post(client, reference, action="status", status="police")
    summary = _summary(client, reference)
    with app.app_context():
        status = db.session.scalar(db.select(Report.status).where(Report.reference == reference))
    if police_may_have == "nothing":
        # Refused on the server, whatever the page offered, and the refusal is audited.
        assert passed.status_code == 403 and "has not agreed to the police being told" in passed.get_data(as_text=True)
        assert summary.status_code == 403
        assert status == "new" and "police-referral" not in _outbox(app, reference)
        assert [d["refused"] for _r, d in _audit(app, "report.refused")] == ["police", "police-summary"]
        return
    assert passed.status_code == 302 and status == "police"
    assert _outbox(app, reference) == ["police-referral", "report-received"]
    text = summary.get_data(as_text=True)
    assert summary.status_code == 200 and summary.headers["Content-Type"].startswith("text/plain")
    assert "MARKER-7731" in text and "Stevenage" in text
    assert ("Jo Bloggs" in text and "jo@example.org" in text) is (police_may_have == "contact")
    assert _audit(app, "report.police_summary") == [(reference, {"with_contact": police_may_have == "contact"})]
    assert _audit(app, "report.refused") == []


def test_the_police_email_says_only_what_the_person_agreed(app, worker, client):
    from app.outbox import sender

    app.config.update(POLICE_REFERRAL_EMAIL="unit@police.example.org")
    for decision, words in (("with-details", "and their name and contact details"),
                            ("facts-only", "but NOT their name or contact details")):
        reference = make_report(app, police=decision, **CONTACT)
        _post(client, reference, action="status", status="police")
        with app.app_context():
            row = db.session.scalar(db.select(Outbox).join(Report, Report.id == Outbox.report_id).where(
                Report.reference == reference, Outbox.kind == "police-referral"))
            message = sender.message_for(row)
            body = message.get_content()
        assert message["To"] == "unit@police.example.org" and reference in body and words in body
        for private in ("Jo Bloggs", "jo@example.org", "07700", "MARKER-7731"):
            assert private not in body


def test_a_report_made_before_the_question_counts_as_talk_to_me_first(app, client, worker):
    reference = make_report(app, **CONTACT)
    with app.app_context():
        db.session.execute(db.update(Report).values(police_decision=None))
        db.session.commit()
    html = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert "treat it as ‘talk to me first’" in html
    assert _post(client, reference, action="status", status="police").status_code == 403


def test_a_new_decision_is_recorded_with_its_reason_then_allows_what_it_says(app, client, worker):
    reference = make_report(app, police="talk-first", **CONTACT)
    missing = _post(client, reference, action="decision", decision="facts-only")
    text = missing.get_data(as_text=True)
    assert missing.status_code == 200 and "Choose why the decision is being recorded" in text
    assert "Enter a note saying when and how the person told you" in text
    response = _post(client, reference, action="decision", decision="facts-only", reason="person-decided",
                     decision_note="Phoned on Monday; happy for the police to know what happened.")
    assert response.status_code == 302
    html = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert "Decision about the police recorded: Yes, but without my name or contact details" in html
    assert _audit(app, "report.police_decision") == [
        (reference, {"before": "talk-first", "after": "facts-only", "reason": "person-decided"})]
    assert _post(client, reference, action="status", status="police").status_code == 302
    assert "Jo Bloggs" not in _summary(client, reference).get_data(as_text=True)


def test_a_referral_to_beacon_needs_the_person_to_have_asked_for_it(app, client, worker):
    reference = make_report(app, support="no")
    refused = _post(client, reference, action="status", status="referred")
    assert refused.status_code == 403 and "did not ask to be put in touch with Beacon" in refused.get_data(as_text=True)
    assert _outbox(app, reference) == ["report-received"]
    assert [d["refused"] for _r, d in _audit(app, "report.refused")] == ["referral"]
