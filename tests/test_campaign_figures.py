"""Campaign figures follow the indicators' small-number rule everywhere they are published, and
cannot be worked out by taking one shown figure from another (app/indicators/services.py)."""
import csv
import io
from datetime import date

import pytest
from bs4 import BeautifulSoup

from app.extensions import db
from app.indicators import services
from app.reporting.models import Report
from app.staff.models import CAMPAIGN_STAFF

from .campaign_helpers import make_campaign, utc, visit
from .report_helpers import VICTIM, make_report, send, walk
from .staff_support import clock, fast_hashing, make_person, sign_in, signed_in  # noqa: F401  (fixtures)

MARCH = "from=2026-03-01&to=2026-03-31"


@pytest.fixture
def when(clock):
    """The site's one clock (the staff fixture's), set to March 2026."""
    clock.set(utc(2026, 3, 10))
    return clock


def _clicks(client, code, count, day):
    for n in range(count):
        visit(client, f"/c/{code}", address=f"198.51.{day.month}.{n}")


def _reports(app, campaign_id, count, day):
    for _ in range(count):
        reference = make_report(app)
        with app.app_context():
            db.session.execute(db.update(Report).where(Report.reference == reference).values(
                origin_campaign_id=campaign_id, created_at=utc(day.year, day.month, day.day, 13)))
            db.session.commit()


def _cells(html, caption=None) -> list[list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    tables = [t for t in soup.select("table") if caption is None or t.caption.get_text(strip=True) == caption]
    return [[c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])] for t in tables for row in t.select("tbody tr")]


CAMPAIGN_TABLES = ("Each campaign", "Each channel", "Campaign link clicks by month")


def _figures(html) -> tuple:
    """A page's campaign figures: a campaign page's tables and summary list, the dashboard's campaign tables."""
    if "<h1 class=\"govuk-heading-xl\">Indicators</h1>" in html:
        return tuple(_cells(html, caption) for caption in CAMPAIGN_TABLES)
    soup = BeautifulSoup(html, "html.parser")
    return _cells(html), [dd.get_text(strip=True) for dd in soup.select(".govuk-summary-list__value")]


def _everywhere(app, client, code) -> dict[str, str]:
    """Every page and export that publishes campaign figures, as text."""
    pages = {url: client.get(url).get_data(as_text=True) for url in (
        "/staff/campaigns", f"/staff/campaigns/{code}", f"/staff/indicators?{MARCH}", "/staff/indicators",
        f"/staff/indicators/clicks.csv?{MARCH}", "/staff/indicators/clicks.csv")}
    pages["flask campaigns list"] = app.test_cli_runner().invoke(args=["campaigns", "list"]).output
    return pages


def test_a_campaign_that_reached_one_person_shows_none_of_its_numbers(app, client, clock, when, signed_in):
    with app.app_context():
        make_campaign("one-person")
    person = app.test_client()
    visit(person, "/c/one-person")
    walk(person, VICTIM)
    send(person)
    with app.app_context():
        db.session.execute(db.update(Report).values(created_at=utc(2026, 3, 10, 13)))
        db.session.commit()
        assert db.session.scalar(db.select(Report.origin_campaign_id)) is not None
    when.set(utc(2026, 4, 2))  # March has ended
    signed_in(CAMPAIGN_STAFF)
    pages = _everywhere(app, client, "one-person")
    index = _cells(pages["/staff/campaigns"])
    assert index[0][-3:] == ["fewer than 5"] * 3
    show = BeautifulSoup(pages["/staff/campaigns/one-person"], "html.parser")
    summary = {dt.get_text(strip=True): dd.get_text(strip=True) for dt, dd in
               zip(show.select(".govuk-summary-list__key"), show.select(".govuk-summary-list__value"))}
    assert [summary[k] for k in ("Clicks", "Unique visitors", "Reports")] == ["fewer than 5"] * 3
    assert _cells(pages["/staff/campaigns/one-person"]) == [["March 2026"] + ["fewer than 5"] * 3]
    dashboard = pages[f"/staff/indicators?{MARCH}"]
    assert _cells(dashboard, "Each campaign") == [["Campaign one-person", "Bus"] + ["fewer than 5"] * 3 + ["too few to show"]]
    assert _cells(dashboard, "Each channel") == [["Bus"] + ["fewer than 5"] * 3 + ["too few to show"]]
    assert _cells(dashboard, "Campaign link clicks by month") == [["March 2026", "fewer than 5"]]
    assert list(csv.reader(io.StringIO(pages[f"/staff/indicators/clicks.csv?{MARCH}"])))[1:] == [["2026-03", "fewer than 5"]]
    listed = pages["flask campaigns list"].splitlines()[1]
    assert listed.count("fewer than 5") == 3 and " 1 " not in listed


def test_a_campaign_with_enough_numbers_shows_them(app, client, clock, when, signed_in):
    with app.app_context():
        campaign_id = make_campaign("bus321").id
    _clicks(client, "bus321", 20, date(2026, 3, 10))
    _reports(app, campaign_id, 6, date(2026, 3, 10))
    when.set(utc(2026, 4, 2))
    signed_in(CAMPAIGN_STAFF)
    pages = _everywhere(app, client, "bus321")
    assert _cells(pages["/staff/campaigns"])[0][-3:] == ["20", "20", "6"]
    assert _cells(pages["/staff/campaigns/bus321"]) == [["March 2026", "20", "20", "6"]]
    assert _cells(pages[f"/staff/indicators?{MARCH}"], "Each campaign") == [["Campaign bus321", "Bus", "20", "20", "6", "30%"]]
    assert ["2026-03", "20"] in list(csv.reader(io.StringIO(pages[f"/staff/indicators/clicks.csv?{MARCH}"])))
    assert pages["flask campaigns list"].splitlines()[1].split()[5:8] == ["20", "20", "6"]


def test_a_total_is_not_exact_when_a_part_of_it_is_hidden(app, client, when):
    """A channel less its campaigns, or all campaigns in a month less the others, would give the hidden one away."""
    with app.app_context():
        big = make_campaign("bus-big").id
        make_campaign("bus-small")
        make_campaign("radio", channel="radio", placement="Breakfast advert")
    _clicks(client, "bus-big", 20, date(2026, 3, 10))
    _clicks(client, "bus-small", 2, date(2026, 3, 10))
    _clicks(client, "radio", 7, date(2026, 3, 10))
    _reports(app, big, 6, date(2026, 3, 10))
    when.set(utc(2026, 4, 2))
    with app.test_request_context():
        figures = services.CampaignFigures.between(date(2026, 3, 1), date(2026, 3, 31))
        each = {row.campaign.code: (str(row.clicks), str(row.reports), row.conversion) for row in figures.each()}
        assert each == {"bus-big": ("20", "6", 30), "bus-small": ("fewer than 5", "0", None), "radio": ("7", "0", 0)}
        channels = {row.channel: (str(row.clicks), str(row.visitors), str(row.reports), row.conversion)
                    for row in figures.by_channel()}
        # bus is 22 clicks, but 22 - 20 would be the small campaign's 2; its reports (6 + 0) are exact
        assert channels == {"bus": ("5 or more", "5 or more", "6", None), "radio": ("7", "7", "0", 0)}
        [(month, value, _, exact)] = figures.clicks_table().shown_rows()
        assert (month, str(value), exact) == ("2026-03", "5 or more", False)  # not 29 = 20 + 7 + the hidden 2


def test_periods_and_time_cannot_be_compared_to_recover_a_small_number(app, client, clock, when):
    """Only whole months that have ended are counted, and a sum over months is exact only when every
    month is: two periods, or the same page on two days, never differ by a hidden number."""
    with app.app_context():
        campaign_id = make_campaign("bus321").id
    _clicks(client, "bus321", 20, date(2026, 3, 10))
    _reports(app, campaign_id, 6, date(2026, 3, 10))
    when.set(utc(2026, 4, 2))
    person = make_person(app, clock, CAMPAIGN_STAFF)
    sign_in(client, person, clock)
    before = _everywhere(app, client, "bus321")
    _clicks(client, "bus321", 1, date(2026, 4, 2))  # one person today: this month has not ended
    _reports(app, campaign_id, 1, date(2026, 4, 2))
    after = _everywhere(app, client, "bus321")
    for name, text in before.items():  # looking again shows nothing new
        if name.startswith("/staff/") and ".csv" not in name:
            assert _figures(after[name]) == _figures(text), name
        else:
            assert after[name] == text, name
    with app.test_request_context():
        assert services.CampaignFigures.between(date(2026, 4, 1), date(2026, 4, 30)).months == []
    when.set(utc(2026, 5, 1))  # April has ended with its one click and one report
    with app.test_request_context():
        march = services.CampaignFigures.between(date(2026, 3, 1), date(2026, 3, 31)).each()[0]
        both = services.CampaignFigures.between(date(2026, 3, 15), date(2026, 4, 15)).each()[0]
        ever = services.CampaignFigures.ever()
    assert (march.clicks, march.reports) == (20, 6)
    assert [str(v) for v in (both.clicks, both.visitors, both.reports)] == ["5 or more"] * 3  # not 21, 21, 7
    assert both.conversion is None
    assert [str(v) for v in (ever.row(ever.campaigns[0]).clicks, ever.unmatched_clicks())] == ["5 or more", "0"]
    sign_in(client, person, clock)  # a month later: the staff session of 2 April has long ended
    html = client.get("/staff/campaigns/bus321").get_data(as_text=True)
    assert _cells(html) == [["April 2026"] + ["fewer than 5"] * 3, ["March 2026", "20", "20", "6"]]
    values = [dd.get_text(strip=True) for dd in BeautifulSoup(html, "html.parser").select(".govuk-summary-list__value")]
    assert values[-3:] == ["5 or more"] * 3  # not 21, 21, 7
