"""Campaign staff in the staff area: counts (clicks, visitors, reports), create, edit, QR downloads."""
import io
import re
from datetime import date

import pytest
from bs4 import BeautifulSoup

from app.campaigns import figures
from app.campaigns.models import Campaign
from app.core import clock as site_clock
from app.extensions import db
from app.indicators.rollup import reports_by_campaign
from app.staff.models import ADMINISTRATOR, AuditEvent, CAMPAIGN_STAFF, CASE_WORKER

from .campaign_helpers import BROWSER, make_campaign, visit
from .report_helpers import VICTIM, send, walk
from .staff_support import clock, fast_hashing, form_token, make_person, sign_in, signed_in  # noqa: F401  (fixtures)

FIELDS = {"code": "spring-bus", "name": "Spring bus campaign", "channel": "bus", "placement": "Route 321 rear panel",
          "landing_path": "/how-to-report", "starts_on-day": "1", "starts_on-month": "3", "starts_on-year": "2026",
          "ends_on-day": "31", "ends_on-month": "12", "ends_on-year": "2026"}


@pytest.fixture
def staff(app, client, clock):
    person = make_person(app, clock, CAMPAIGN_STAFF)
    sign_in(client, person, clock)
    return person


def _post(client, url, data):
    page = client.get(url)
    return client.post(url, data={"csrf_token": form_token(page), **data})


def _errors(response) -> list[str]:
    soup = BeautifulSoup(response.data, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".govuk-error-summary__list a")]


def test_create_a_campaign_then_see_it_and_its_qr_codes(app, client, staff):
    response = _post(client, "/staff/campaigns/new", FIELDS)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/campaigns/spring-bus"
    html = client.get("/staff/campaigns/spring-bus").get_data(as_text=True)
    assert "Spring bus campaign" in html and "/c/spring-bus" in html
    svg = client.get("/staff/campaigns/spring-bus/qr.svg?download=1")
    assert svg.mimetype == "image/svg+xml" and 'attachment; filename="qr-spring-bus.svg"' == svg.headers["Content-Disposition"]
    assert "/c/spring-bus</text>" in svg.get_data(as_text=True)
    png = client.get("/staff/campaigns/spring-bus/qr.png")
    assert png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.data)))
    assert [f.text for f in found] == [app.config["SITE_URL"].rstrip("/") + "/c/spring-bus"]
    assert client.get("/staff/campaigns/spring-bus/qr.gif").status_code == 404
    with app.app_context():
        assert db.session.scalar(db.select(AuditEvent.target_id).where(AuditEvent.action == "campaign.create")) == "spring-bus"


@pytest.mark.parametrize("field,value,message", [
    ("code", "Bad Code!", "Enter a short code"),
    ("name", "", "Enter a name"),
    ("channel", "", "Choose where the campaign runs"),
    ("placement", "", "Enter where the campaign is placed"),
    ("landing_path", "https://evil.example/", "Enter a page on this site"),
    ("landing_path", "//evil.example", "Enter a page on this site"),
    ("landing_path", "/%2F%2Fevil.example", "Enter a page on this site"),
    ("landing_path", "/no-such-page", "There is no page at /no-such-page on this site"),
    ("landing_path", "/staff/users", "There is no page at /staff/users on this site"),
    ("landing_path", "/c/bus321", "There is no page at /c/bus321 on this site"),
    ("landing_path", "/centres/no-such-centre", "There is no page at /centres/no-such-centre"),
    ("starts_on", ("", "", ""), "Enter the date the campaign starts"),
    ("starts_on", ("31", "2", "2026"), "Enter a real date"),
    ("starts_on", ("1", "", "2026"), "The date must include a day, month and year"),
    ("starts_on", ("1", "3", "26"), "Enter a real date"),
    ("starts_on", ("1", "3", "999999999999"), "Enter a real date"),
    ("ends_on", ("1", "1", "2026"), "Enter an end date that is the same as or after the start date"),
])
def test_each_mistake_gets_a_clear_error(app, client, staff, field, value, message):
    if isinstance(value, tuple):  # a date: its day, month and year boxes
        value = dict(zip((f"{field}-day", f"{field}-month", f"{field}-year"), value))
    else:
        value = {field: value}
    response = _post(client, "/staff/campaigns/new", {**FIELDS, **value})
    assert response.status_code == 200
    assert "<title>Error:" in response.get_data(as_text=True)
    assert any(e.startswith(message) for e in _errors(response)), _errors(response)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Campaign)) == 0


def test_edit_and_the_code_is_frozen_once_clicked(app, client, staff):
    _post(client, "/staff/campaigns/new", FIELDS)
    response = _post(client, "/staff/campaigns/spring-bus/edit", {**FIELDS, "name": "Renamed", "code": "spring-bus-2"})
    assert response.headers["Location"] == "/staff/campaigns/spring-bus-2"
    visit(client, "/c/spring-bus-2")
    response = _post(client, "/staff/campaigns/spring-bus-2/edit", {**FIELDS, "code": "another"})
    assert any("cannot change" in e for e in _errors(response))
    with app.app_context():
        assert db.session.scalar(db.select(Campaign.code)) == "spring-bus-2"
        assert db.session.scalar(db.select(AuditEvent.action).where(AuditEvent.action == "campaign.edit"))


def test_the_list_counts_clicks_visitors_and_reports(app, client, staff):
    with app.app_context():
        campaign_id = make_campaign("bus321", starts=date(2020, 1, 1), ends=date(2099, 1, 1)).id
    visitor = app.test_client()
    assert visit(visitor, "/c/bus321").status_code == 302
    walk(visitor, VICTIM)
    send(visitor)
    visit(app.test_client(), "/c/bus321", address="10.0.0.9", agent=BROWSER + " other")
    visit(app.test_client(), "/c/nosuchcode")
    with app.app_context():
        today = site_clock.today()
        assert figures.clicks_by_campaign_month(today, today)[(campaign_id, f"{today:%Y-%m}")] == (2, 2)
        assert reports_by_campaign() == {campaign_id: 1}
    # Published only once this month has ended, and then as "fewer than 5" (tests/test_campaign_figures.py).
    html = client.get("/staff/campaigns").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    cells = [td.get_text(strip=True) for td in soup.select("tbody tr td")]
    assert cells[-3:] == ["0", "0", "0"]
    assert "MARKER-7731" not in html  # counts only, never a report's words
    assert "match no running campaign" in html and ": 0." in html
    result = app.test_cli_runner().invoke(args=["campaigns", "list"])
    header, line = result.output.splitlines()[:2]
    assert "reports" in header and re.search(r"\s0\s+0\s+0\s+Campaign bus321$", line), line


def test_naughty_names_are_shown_as_text(app, client, staff):
    _post(client, "/staff/campaigns/new", {**FIELDS, "name": "<script>alert(1)</script>", "placement": "<img src=x onerror=alert(1)>"})
    for url in ("/staff/campaigns", "/staff/campaigns/spring-bus"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("role,allowed", [(ADMINISTRATOR, True), (CAMPAIGN_STAFF, True), (CASE_WORKER, False)])
def test_who_may_manage_campaigns(app, client, clock, role, allowed, signed_in):
    with app.app_context():
        make_campaign("bus321")
    signed_in(role)
    for url in ("/staff/campaigns", "/staff/campaigns/new", "/staff/campaigns/bus321", "/staff/campaigns/bus321/edit",
                "/staff/campaigns/bus321/qr.svg", "/staff/campaigns/bus321/qr.png"):
        assert client.get(url).status_code == (200 if allowed else 403), url
    if allowed:
        assert client.get("/staff/campaigns/nothing").status_code == 404


def test_a_landing_page_that_stops_existing_is_flagged_in_the_list(app, client, staff):
    _post(client, "/staff/campaigns/new", FIELDS)
    assert "Landing page missing" not in client.get("/staff/campaigns").get_data(as_text=True)
    with app.app_context():  # the page was removed after the campaign was saved
        db.session.execute(db.update(Campaign).values(landing_path="/a-page-since-removed"))
        db.session.commit()
    for url in ("/staff/campaigns", "/staff/campaigns/spring-bus"):
        html = client.get(url).get_data(as_text=True)
        assert "Landing page missing" in html, url
    assert "/a-page-since-removed, which this site no longer serves" in client.get("/staff/campaigns").get_data(as_text=True)


def test_the_dates_are_day_month_year_boxes_kept_when_the_form_comes_back(app, client, staff):
    response = _post(client, "/staff/campaigns/new", {**FIELDS, "name": "", "ends_on-day": "30", "ends_on-month": "2"})
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.find("input", attrs={"name": "starts_on-day"})["value"] == "1"
    assert soup.find("input", attrs={"name": "ends_on-month"})["value"] == "2"
    links = [a["href"] for a in soup.select(".govuk-error-summary__list a")]
    assert "#ends_on-day" in links and "#name" in links  # every problem at once
    assert soup.find(id="ends_on-day") is not None
