"""Figures as a person reads them: dates in words in their language, and sample data never counted."""
import re
from datetime import date

from bs4 import BeautifulSoup

from app.campaigns import sample as sample_campaigns
from app.centres.models import Centre
from app.centres.sample import load_sample_centres
from app.extensions import db
from app.indicators import services
from app.staff.models import CAMPAIGN_STAFF

from .campaign_helpers import make_campaign, utc, visit
from .staff_support import clock, fast_hashing, signed_in  # noqa: F401  (fixtures)

ISO = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b|\b\d{4} Q[1-4]\b")


def _text(html: str) -> str:
    """What a person reads on the page (not the values of form fields or links)."""
    return BeautifulSoup(html, "html.parser").find("main").get_text(" ", strip=True)


def test_the_public_figures_give_dates_in_words_in_the_persons_language(client, clock):
    # The staff clock says 28 November 2026: the figures cover the year up to today.
    english = _text(client.get("/figures?lang=en").get_data(as_text=True))
    assert "From 29 November 2025 to 28 November 2026" in english
    assert "4th quarter 2026" in english
    assert not ISO.search(english), ISO.search(english)
    polish = _text(client.get("/figures?lang=pl").get_data(as_text=True))
    assert "29 listopada 2025" in polish and "28 listopada 2026" in polish
    assert not ISO.search(polish)
    arabic = _text(client.get("/figures?lang=ar").get_data(as_text=True))
    assert "28 نوفمبر 2026" in arabic and not ISO.search(arabic)


def test_the_dashboard_gives_dates_in_words(app, client, clock, signed_in):
    signed_in(CAMPAIGN_STAFF)
    html = client.get("/staff/indicators?from=2026-01-01&to=2026-12-31&lang=en").get_data(as_text=True)
    text = _text(html)
    assert "from 1 January 2026 to 31 December 2026" in text
    assert "June 2026" in text and "Months counted: January 2026 to October 2026." in text
    assert not ISO.search(text), ISO.search(text)
    # The form keeps the dates chosen, in the staff area's day, month and year boxes (the one date
    # input), and the CSV keeps keys a spreadsheet can sort.
    boxes = {box["name"]: box.get("value") for box in BeautifulSoup(html, "html.parser").select("main input")}
    assert (boxes["from-day"], boxes["from-month"], boxes["from-year"]) == ("1", "1", "2026")
    assert (boxes["to-day"], boxes["to-month"], boxes["to-year"]) == ("31", "12", "2026")
    csv = client.get("/staff/indicators/month.csv?from=2026-01-01&to=2026-12-31").get_data(as_text=True)
    assert '"2026-06"' in csv
    turkish = _text(client.get("/staff/indicators?from=2026-01-01&to=2026-12-31&lang=tr").get_data(as_text=True))
    assert "1 Ocak 2026" in turkish and "Haziran 2026" in turkish


def _real_centre(code="REAL-1", active=True) -> None:
    db.session.add(Centre(code=code, slug=code.lower(), name=f"Centre {code}", district="watford", active=active))
    db.session.commit()


def test_sample_centres_are_never_counted(app, client, clock, signed_in):
    with app.app_context():
        load_sample_centres()
        _real_centre("REAL-1")
        _real_centre("REAL-2", active=False)
    with app.test_request_context():
        assert services.centres_active() == 1
        assert services.centres_open_on([date(2026, 11, 28)]) == [1]
        cards = {str(c.title): c.value for c in services.cards(services.default_period(date(2026, 11, 28)))}
        assert cards["Reporting centres open"] == 1
    assert "Reporting centres open now: 1." in _text(client.get("/figures").get_data(as_text=True))
    signed_in(CAMPAIGN_STAFF)
    html = client.get("/staff/indicators?from=2026-11-01&to=2026-11-28").get_data(as_text=True)
    table = next(t for t in BeautifulSoup(html, "html.parser").select("table")
                 if t.caption.get_text(strip=True) == "Reporting centres open at the end of each month")
    assert [row.find("td").get_text(strip=True) for row in table.select("tbody tr")] == ["1"]


def test_sample_campaigns_never_count_towards_campaign_totals(app, client, clock):
    clock.set(utc(2026, 3, 10))
    with app.app_context():
        sample_campaigns.load_samples()
        make_campaign("bus321")
    for n in range(6):
        visit(client, "/c/bus321", address=f"198.51.100.{n}")
        visit(client, "/c/sample-bus321", address=f"198.51.101.{n}")
    clock.set(utc(2026, 4, 2))
    with app.test_request_context():
        figures = services.CampaignFigures.between(date(2026, 3, 1), date(2026, 3, 31))
        bus = {row.channel: row.clicks for row in figures.by_channel()}["bus"]
        assert bus == 6  # the real campaign's clicks only, not 12
        [(_, clicks, _, _)] = figures.clicks_table().shown_rows()
        assert clicks == 6


def test_campaign_pages_give_their_dates_in_words(app, client, clock, signed_in):
    with app.app_context():
        make_campaign("bus321", starts=date(2026, 3, 1), ends=date(2026, 12, 31))
    signed_in(CAMPAIGN_STAFF)
    for url in ("/staff/campaigns?lang=en", "/staff/campaigns/bus321?lang=en"):
        text = _text(client.get(url).get_data(as_text=True))
        assert "1 March 2026 – 31 December 2026" in text, url
        assert not ISO.search(text), (url, ISO.search(text))
