"""The staff area's one date input: day, month and year boxes, read by one helper for forms and filters."""
from datetime import date

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from app.forms import parse_date, read_date
from app.staff.models import CAMPAIGN_STAFF, CASE_WORKER

from .staff_support import clock, fast_hashing, signed_in  # noqa: F401  (fixtures)


@pytest.mark.parametrize("parts,expected,problem", [
    (("1", "12", "2026"), date(2026, 12, 1), None),
    ((" 01 ", "02", "2027"), date(2027, 2, 1), None),
    (("", "", ""), None, None),
    (("31", "2", "2026"), None, "Enter a real date"),
    (("29", "2", "2028"), date(2028, 2, 29), None),
    (("1", "13", "2026"), None, "Enter a real date"),
    (("1", "1", "26"), None, "Enter a real date"),
    (("1", "1", "99999"), None, "Enter a real date"),
    (("١", "1", "2026"), None, "Enter a real date"),  # digits must be 0-9
    (("-1", "1", "2026"), None, "Enter a real date"),
    (("1", "", "2026"), None, "The date must include a day, month and year"),
])
def test_parse_date(app, parts, expected, problem):
    with app.test_request_context():
        value, message = parse_date(*parts)
        assert value == expected
        assert (str(message) if message else None) == problem or str(message).startswith(problem)


def test_read_date_takes_the_boxes_or_a_date_in_a_link(app):
    with app.test_request_context():
        assert read_date(MultiDict({"from-day": "5", "from-month": "3", "from-year": "2026"}), "from").value == date(2026, 3, 5)
        assert read_date(MultiDict({"from": "2026-03-05"}), "from").value == date(2026, 3, 5)
        answer = read_date(MultiDict({"from": "2026-02-31"}), "from")
        assert answer.value is None and answer.problem is not None
        assert read_date(MultiDict({}), "from").value is None


def _boxes(name, d, m, y):
    return {f"{name}-day": d, f"{name}-month": m, f"{name}-year": y}


def test_the_queue_filters_are_date_boxes(app, client, signed_in):
    signed_in(CASE_WORKER)
    soup = BeautifulSoup(client.get("/staff/cases").data, "html.parser")
    assert soup.find("input", attrs={"name": "from-day"}) and soup.find("input", attrs={"name": "to-year"})
    assert not soup.find("input", attrs={"type": "date"})
    response = client.get("/staff/cases", query_string={**_boxes("from", "31", "2", "2026"), **_boxes("to", "1", "", "2026")})
    soup = BeautifulSoup(response.data, "html.parser")
    summary = [a.get_text(strip=True) for a in soup.select(".govuk-error-summary__list a")]
    assert any(s.startswith("Enter a real date") for s in summary)
    assert "The date must include a day, month and year" in summary
    assert [a["href"] for a in soup.select(".govuk-error-summary__list a")] == ["#from-day", "#to-day"]
    assert soup.find("input", attrs={"name": "from-day"})["value"] == "31"  # kept as typed
    response = client.get("/staff/cases", query_string={**_boxes("from", "2", "3", "2026"), **_boxes("to", "1", "3", "2026")})
    assert "same as or after" in response.get_data(as_text=True)


def test_the_dashboard_filters_are_date_boxes(app, client, signed_in):
    signed_in(CAMPAIGN_STAFF)
    response = client.get("/staff/indicators", query_string={**_boxes("from", "1", "1", "2026"), **_boxes("to", "31", "3", "2026")})
    soup = BeautifulSoup(response.data, "html.parser")
    assert "<title>Error:" not in response.get_data(as_text=True)
    assert soup.find("input", attrs={"name": "to-day"})["value"] == "31"
    assert not soup.find("input", attrs={"type": "date"})
    response = client.get("/staff/indicators", query_string=_boxes("from", "30", "2", "2026"))
    html = response.get_data(as_text=True)
    assert "<title>Error:" in html and "Enter a real date" in html and 'href="#from-day"' in html
