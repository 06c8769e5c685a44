"""Indicators: counts checked by hand, small numbers never shown exactly, CSV equal to the table."""
import csv
import io
from datetime import date, datetime, timezone

import pytest
from bs4 import BeautifulSoup

from app.extensions import db
from app.indicators import services
from app.reporting.models import Report
from app.staff.models import ADMINISTRATOR, CAMPAIGN_STAFF, CASE_WORKER

from .report_helpers import make_report
from .staff_support import clock, fast_hashing, make_person, sign_in, signed_in  # noqa: F401  (fixtures)

MARK = "INDICATOR-MARK-31"
PERIOD = services.Period(date(2026, 1, 1), date(2026, 12, 31))


def _reports(app, count, day=date(2026, 6, 1), **answers):
    for _ in range(count):
        reference = make_report(app, description=MARK, town=MARK, **answers)
        with app.app_context():
            db.session.execute(db.update(Report).where(Report.reference == reference).values(
                created_at=datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)))
            db.session.commit()


@pytest.mark.parametrize("count,expected", [(0, 0), (1, "fewer than 5"), (4, "fewer than 5"), (5, 5), (12, 12)])
def test_small_numbers_are_never_shown_exactly(app, count, expected):
    with app.test_request_context():
        assert str(services.shown(count)) == str(expected)


def test_counts_by_hand(app):
    _reports(app, 6, location="bus", district="watford", strands=["race", "religion"])
    _reports(app, 5, location="online", platform="facebook", district="stevenage", strands=["race"])
    _reports(app, 2, location="street", district="stevenage", strands=["disability"], day=date(2026, 7, 1))
    _reports(app, 3, location="bus", district="watford", day=date(2025, 6, 1))  # before the period
    with app.test_request_context():
        assert services.total(PERIOD) == 13
        strands = {str(label): count for label, count, _ in services.by_strand(PERIOD).rows}
        assert strands["Race or ethnicity, or where someone is thought to come from"] == 11
        assert strands["Religion or belief"] == 6
        districts = {str(label): count for label, count, _ in services.by_district(PERIOD).rows}
        assert (districts["Watford"], districts["Stevenage"]) == (6, 7)
        months = {label: count for label, count, _ in services.by_month(PERIOD).rows}
        assert (months["2026-06"], months["2026-07"], months["2026-01"]) == (11, 2, 0) and len(months) == 12
        watford = services.Period(PERIOD.start, PERIOD.end, "watford")
        assert services.total(watford) == 6
        cards = {str(c.title): c for c in services.cards(PERIOD)}
        assert cards["On public transport"].value == 6
        assert str(cards["Reports made"].previous) == "fewer than 5"  # the 3 from 2025


def test_one_hidden_cell_hides_another(app):
    _reports(app, 2, district="watford")
    _reports(app, 7, district="stevenage")
    _reports(app, 9, district="hertsmere")
    with app.test_request_context():
        rows = {str(label): (str(value), exact) for label, value, _, exact in services.by_district(PERIOD).shown_rows()}
    assert rows["Watford"] == ("fewer than 5", False)
    assert rows["Stevenage"] == ("5 or more", False)  # else 18 - 9 - 7 would give Watford away
    assert rows["Hertsmere"] == ("9", True)


def test_csv_is_the_table_as_shown(app, client, clock, signed_in):
    _reports(app, 3, district="watford")
    _reports(app, 6, district="stevenage", day=date(2026, 6, 2))
    signed_in(CAMPAIGN_STAFF)
    page = client.get("/staff/indicators?from=2026-01-01&to=2026-12-31")
    soup = BeautifulSoup(page.data, "html.parser")
    table = next(t for t in soup.select("table") if t.caption.get_text(strip=True) == "Reports by district")
    shown = [[c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])] for row in table.select("tbody tr")]
    response = client.get("/staff/indicators/district.csv?from=2026-01-01&to=2026-12-31")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[1:] == shown
    assert '"Watford","fewer than 5"' in response.get_data(as_text=True)  # the site's one CSV writer quotes all
    assert ["Watford", "fewer than 5"] in rows


def test_campaign_staff_see_no_free_text_anywhere(app, client, clock, signed_in):
    _reports(app, 6, district="watford")
    signed_in(CAMPAIGN_STAFF)
    urls = ["/staff/indicators?from=2026-01-01&to=2026-12-31", "/figures"] + [
        f"/staff/indicators/{name}.csv?from=2026-01-01&to=2026-12-31" for name in ("month", "channel", "strand", "location", "district")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert MARK not in response.get_data(as_text=True), url


def test_bad_dates_get_a_clear_error(app, client, clock, signed_in):
    signed_in(CAMPAIGN_STAFF)
    html = client.get("/staff/indicators?from=2026-02-30").get_data(as_text=True)
    assert "<title>Error:" in html and "Enter a real date" in html
    assert client.get("/staff/indicators/nothing.csv").status_code == 404


@pytest.mark.parametrize("role,allowed", [(ADMINISTRATOR, True), (CAMPAIGN_STAFF, True), (CASE_WORKER, False)])
def test_who_sees_the_dashboard(app, client, clock, role, allowed, signed_in):
    signed_in(role)
    for url in ("/staff/indicators", "/staff/indicators/month.csv"):
        assert client.get(url).status_code == (200 if allowed else 403)


def test_the_public_page_needs_no_sign_in_and_says_what_the_figures_are(client):
    html = client.get("/figures").get_data(as_text=True)
    assert "not crimes recorded by the police" in html and "fewer than 5" in html
