"""The charts beside the indicator tables: drawn on the server by pygal, labelled, and without script."""
import re
from datetime import date

from bs4 import BeautifulSoup

from app.indicators.charts import bar_chart
from app.indicators.services import Table

from .staff_support import clock, fast_hashing, signed_in  # noqa: F401  (fixtures)
from .test_indicators import _reports


def _table():
    return Table("district", "Reports by district", "District",
                 [("Watford", 12, False), ("Dacorum", 3, False), ("St Albans", 30, True), ("Hertsmere", 0, False)])


def test_the_chart_has_its_title_axis_labels_and_values(app):
    with app.test_request_context():
        svg = BeautifulSoup(str(bar_chart(_table())), "html.parser").find("svg")
    text = [t.get_text() for t in svg.find_all("text")]
    assert "Reports by district" in text  # the title
    assert "Reports" in text  # the value axis
    for label in ("Watford", "Dacorum", "St Albans", "Hertsmere"):
        assert label in text
    # Each value is written by its bar, hidden ones as the table writes them.
    for value in ("30", "fewer than 5", "5 or more", "0"):
        assert value in text
    assert svg["aria-hidden"] == "true" and [t.get_text() for t in svg.find_all("title")] == ["Reports by district"]
    # Exact counts only get a bar: the hidden one has none.
    widths = [float(r["width"]) for r in svg.select(".bar rect") if r.get("width")]
    assert len(widths) == 1 or max(widths) > 0


def test_the_chart_carries_no_script_no_inline_style_and_no_handler(app):
    with app.test_request_context():
        svg = str(bar_chart(_table()))
    assert "<script" not in svg and "<style" not in svg
    assert not re.search(r'\sstyle="', svg) and not re.search(r"\son[a-z]+=", svg)


def test_a_table_of_nothing_gets_no_chart_of_zeros(app):
    with app.test_request_context():
        empty = Table("district", "Reports by district", "District", [("Watford", 0, False), ("Dacorum", 0, False)])
        assert str(bar_chart(empty)) == ""
        hidden = Table("district", "Reports by district", "District", [("Watford", 2, False), ("Dacorum", 0, False)])
        assert str(bar_chart(hidden)) == ""


def test_long_labels_are_shortened_and_the_chart_still_draws(app):
    long = "Race or ethnicity, or where someone is thought to come from"
    with app.test_request_context():
        svg = BeautifulSoup(str(bar_chart(Table("strand", "Because of", "Because of", [(long, 6, False), ("Religion", 7, False)]))),
                            "html.parser")
    labels = [t.get_text() for t in svg.select(".axis.y text")]
    assert any(label.endswith("…") and long.startswith(label[:-1]) for label in labels)


def test_a_label_with_markup_stays_text(app):
    with app.test_request_context():
        svg = str(bar_chart(Table("x", "<b>t</b>", "L", [("<script>alert(1)</script>", 9, False)])))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_every_table_on_the_figures_pages_has_its_chart_beside_it(app, client, clock, signed_in):
    _reports(app, 6, district="watford")
    _reports(app, 7, district="dacorum")
    for url in ("/figures", "/staff/indicators?from=2026-01-01&to=2026-12-31"):
        if url.startswith("/staff"):
            signed_in("campaign_staff")
        response = client.get(url)
        soup = BeautifulSoup(response.data, "html.parser")
        figures = soup.select(".app-figure")
        assert figures, url
        charted = [f for f in figures if f.find("svg", class_="app-chart")]
        assert charted, url
        for figure in charted:
            assert figure.find("table") is not None  # the chart stays beside its table
            assert not figure.find("script")
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
