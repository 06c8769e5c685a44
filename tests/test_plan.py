"""The action plan: the strategy's actions as data, partner figures and activities recorded by staff,
each indicator's status, the quarterly report (the same numbers as the plan page) and public progress."""
import csv
import io
import json
import re
import zipfile
from xml.etree import ElementTree
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app.extensions import db
from app.plan import seed, services
from app.plan.measures import MEASURES
from app.plan.models import PlanAction, PlanActionChange, PlanActivity, PlanFigure, PlanIndicator
from app.staff.models import ADMINISTRATOR, CAMPAIGN_STAFF, CASE_WORKER, ROLES, AuditEvent

from .conftest import csrf_token
from .report_helpers import make_report
from .staff_support import clock, error_text, fast_hashing, make_person, sign_in, signed_in  # noqa: F401

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_xlsx(data: bytes) -> tuple[list[list[str]], str]:
    """The first sheet's cells as text, and the sheet's XML (to look for formulas)."""
    book = zipfile.ZipFile(io.BytesIO(data))
    strings = [node.findtext(f"{MAIN}t") or "" for node in
               ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iter(f"{MAIN}si")]
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    rows = []
    for row in ElementTree.fromstring(sheet).iter(f"{MAIN}row"):
        cells = {}
        for cell in row.iter(f"{MAIN}c"):
            column = re.match(r"[A-Z]+", cell.get("r")).group()
            cells[ord(column) - ord("A")] = strings[int(cell.findtext(f"{MAIN}v"))]
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)])
    return rows, sheet


NAUGHTY = Path(__file__).resolve().parents[2] / "shared" / "data" / "naughty-strings" / "blns.json"


@pytest.fixture
def plan_app(app):
    with app.app_context():
        seed.load(db.session)
        db.session.commit()
    return app


def indicator(app, key):
    with app.app_context():
        found = db.session.scalar(select(PlanIndicator).where(PlanIndicator.key == key))
        return found.public_id


def post(client, url, data, files=None):
    if not getattr(client, "plan_token", None):  # one token a session: the form pages are slow to render
        client.plan_token = csrf_token(client, "/staff/plan/figures/import")
    token = client.plan_token
    return client.post(url, data={"csrf_token": token, **data, **(files or {})})


def date_parts(prefix, day: date) -> dict:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def figure_form(key_id, start, end, value="12", area="county", source="Constabulary quarterly return", note=""):
    return {"indicator": key_id, "area": area, "value": value, "source": source, "note": note,
            **date_parts("starts_on", start), **date_parts("ends_on", end)}


# The plan as data ------------------------------------------------------------------------------------

def test_every_action_of_the_strategy_is_loaded_with_a_known_measure():
    actions = seed.actions()
    codes = [a["code"] for a in actions]
    assert codes == ["1.1a", "1.1b", "1.1c", "1.1d", "1.2a", "1.2b", "2.1a", "2.1b", "2.1c", "2.1d", "2.1e",
                     "2.2a", "2.2b", "2.2c", "3.1a", "3.1b", "3.1c", "3.2a", "3.2b", "3.2c"]
    keys = [i["key"] for a in actions for i in a["indicators"]]
    assert len(keys) == len(set(keys))
    for each in (i for a in actions for i in a["indicators"]):
        kind, _, name = each["measure"].partition(":")
        assert kind in ("site", "partner", "activity"), each
        assert kind != "site" or name in MEASURES, each
        assert each["direction"] in ("up", "down", "none") and each["unit"] in ("count", "percent"), each
    baselines = {i["key"]: i["baseline"] for a in actions for i in a["indicators"]}
    assert "1,597" in baselines["police-recorded"] and "82%" in baselines["conviction-rate"]


def test_the_migration_loads_the_plan(tmp_path):
    from flask_migrate import upgrade

    from app import create_app

    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}", INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade()
        assert db.session.scalar(select(db.func.count()).select_from(PlanAction)) == len(seed.actions())
        assert db.session.scalar(select(db.func.count()).select_from(PlanActionChange)) == len(seed.actions())
        # An action added later gets the next id (the loaded rows were given theirs).
        db.session.add(PlanAction(code="3.2d", priority="3.2", title="t", owner="o", timescale="s"))
        db.session.commit()
        db.engine.dispose()


# Partner figures -----------------------------------------------------------------------------------------

def test_a_figure_is_recorded_and_shown_with_its_source(plan_app, client, clock, signed_in):
    signed_in(CAMPAIGN_STAFF)
    key = indicator(plan_app, "transport-incidents")
    response = post(client, "/staff/plan/figures/new", figure_form(key, date(2026, 7, 1), date(2026, 9, 30), "37"))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The figure is saved." in page and "Constabulary quarterly return" in page
    assert "1 July 2026 – 30 September 2026" in page  # dates in words
    with plan_app.app_context():
        figure = db.session.scalar(select(PlanFigure))
        assert figure.value == 37
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.figure"))
        assert event.target_id == figure.public_id


@pytest.mark.parametrize("change, expected", [
    ({"value": "twelve"}, "Enter the figure as a number of 0 or more"),
    ({"value": "-3"}, "Enter the figure as a number of 0 or more"),
    ({"value": "1e9999"}, "Enter the figure as a number of 0 or more"),
    ({"value": ""}, "Enter the figure as a number of 0 or more"),
    ({"source": ""}, "Enter where the figure comes from"),
    ({"area": "manchester"}, "Choose the county or one of the ten districts"),
    ({"indicator": "nope"}, "Choose an indicator that takes figures from partners"),
    ({"starts_on-day": "31", "starts_on-month": "2"}, "Enter the first day the figure covers, as a real date"),
    ({"ends_on-day": "1", "ends_on-month": "6"}, "The last day must be the same as or after the first day"),
    ({"ends_on-year": "2027"}, "The period must have ended"),
])
def test_a_wrong_figure_gets_a_clear_message_and_nothing_is_saved(plan_app, client, clock, signed_in, change, expected):
    signed_in(CAMPAIGN_STAFF)
    form = figure_form(indicator(plan_app, "transport-incidents"), date(2026, 7, 1), date(2026, 9, 30))
    response = post(client, "/staff/plan/figures/new", {**form, **change})
    assert response.status_code == 400
    assert expected in error_text(response)
    with plan_app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(PlanFigure)) == 0


@pytest.mark.parametrize("typed, value", [("1234", 1234), ("1,234", 1234), ("86.5", 86.5), ("86,5", 86.5),
                                          ("12,345,678", 12345678), ("1,2,3", None), ("86,555", 86555), ("٣٤", 34)])  # digits in any script
def test_figures_are_read_as_people_type_them(typed, value):
    found = services._value(typed)
    assert (None if found is None else float(found)) == value


def test_a_percentage_over_100_and_an_overlapping_period_are_refused(plan_app, client, clock, signed_in):
    signed_in(CAMPAIGN_STAFF)
    rate = indicator(plan_app, "conviction-rate")
    assert "a percentage is at most 100" in error_text(
        post(client, "/staff/plan/figures/new", figure_form(rate, date(2026, 4, 1), date(2026, 6, 30), "101")))
    assert post(client, "/staff/plan/figures/new", figure_form(rate, date(2026, 4, 1), date(2026, 6, 30), "84.5")).status_code == 302
    overlap = post(client, "/staff/plan/figures/new", figure_form(rate, date(2026, 6, 1), date(2026, 8, 31), "80"))
    assert "already covers part of this period" in error_text(overlap)
    # The same period for another area is a different figure.
    assert post(client, "/staff/plan/figures/new",
                figure_form(rate, date(2026, 4, 1), date(2026, 6, 30), "70", area="watford")).status_code == 302


def test_a_correction_keeps_the_earlier_value_in_history(plan_app, client, clock, signed_in):
    signed_in(CAMPAIGN_STAFF)
    key = indicator(plan_app, "taxi-incidents")
    post(client, "/staff/plan/figures/new", figure_form(key, date(2026, 7, 1), date(2026, 9, 30), "9"))
    with plan_app.app_context():
        first = db.session.scalar(select(PlanFigure)).public_id
    response = post(client, f"/staff/plan/figures/{first}/correct", figure_form(key, date(2026, 7, 1), date(2026, 9, 30), "11"))
    assert response.status_code == 302
    with plan_app.app_context():
        figures = db.session.scalars(select(PlanFigure).order_by(PlanFigure.id)).all()
        assert [f.value for f in figures] == [9, 11]
        assert figures[0].replaced_by_id == figures[1].id and figures[0].replaced_at is not None
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.figure-correct")) is not None
        action = figures[1].indicator.action.public_id
    page = client.get(f"/staff/plan/actions/{action}").get_data(as_text=True)
    assert "<s>9" in page and "Corrected on" in page
    # A figure already corrected cannot be corrected again (its correction can).
    assert client.get(f"/staff/plan/figures/{first}/correct", check=False).status_code == 404


# Importing figures ------------------------------------------------------------------------------------------

def csv_file(rows, header=services.IMPORT_COLUMNS):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return (io.BytesIO(out.getvalue().encode()), "figures.csv")


def test_an_import_is_all_or_nothing_and_names_each_wrong_row(plan_app, client, clock, signed_in):
    signed_in(CAMPAIGN_STAFF)
    rows = [["transport-incidents", "2026-07-01", "2026-09-30", "county", "40", "BTP return", ""],
            ["transport-incidents", "2026-08-01", "2026-08-31", "county", "3", "BTP return", ""],  # overlaps row 2
            ["taxi-incidents", "2026-07-01", "2026-09-30", "stevenage", "-1", "Licensing", ""],
            ["no-such-indicator", "2026-07-01", "2026-09-30", "county", "4", "x", ""]]
    response = post(client, "/staff/plan/figures/import", {}, {"file": csv_file(rows)})
    assert response.status_code == 400
    text = error_text(response)
    assert "nothing was saved" in text
    assert "Row 3" in text and "Row 4" in text and "Row 5" in text and "Row 2" not in text
    with plan_app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(PlanFigure)) == 0
    good = [rows[0], ["taxi-incidents", "2026-07-01", "2026-09-30", "stevenage", "2", "Licensing", "quarter"]]
    response = post(client, "/staff/plan/figures/import", {}, {"file": csv_file(good)})
    assert response.status_code == 302 and "imported=2" in response.headers["Location"]
    with plan_app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(PlanFigure)) == 2
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.figure-import")).detail == {"count": 2}


def test_an_import_with_wrong_columns_or_naughty_strings_never_fails_badly(plan_app, client, clock, signed_in):
    signed_in(CAMPAIGN_STAFF)
    response = post(client, "/staff/plan/figures/import", {}, {"file": csv_file([], header=["a", "b"])})
    assert response.status_code == 400 and "The first row must be exactly these columns" in error_text(response)
    response = post(client, "/staff/plan/figures/import", {}, {"file": (io.BytesIO(b"\xff\xfe\x00bad"), "x.csv")})
    assert response.status_code == 400 and "UTF-8" in error_text(response)
    naughty = json.loads(NAUGHTY.read_text(encoding="utf-8"))
    rows = [[text, text, text, text, text, text, text] for text in naughty[:300]]
    response = post(client, "/staff/plan/figures/import", {}, {"file": csv_file(rows)})
    assert response.status_code == 400
    assert "<script>" not in response.get_data(as_text=True).split("govuk-error-summary")[1][:20000].replace("&lt;script&gt;", "")
    with plan_app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(PlanFigure)) == 0


def test_naughty_strings_in_the_figure_form_are_kept_as_text(plan_app, client, clock, signed_in):
    signed_in(CAMPAIGN_STAFF)
    key = indicator(plan_app, "enhanced-sentences")
    naughty = json.loads(NAUGHTY.read_text(encoding="utf-8"))
    script = next(s for s in naughty if "<script>" in s)
    day = date(2026, 1, 1)
    for n, text in enumerate(naughty[:60]):
        start = date(2025, 1, 1).replace(day=1 + n % 28, month=1 + n // 28 % 12)
        response = post(client, "/staff/plan/figures/new", figure_form(key, start, start, str(n), source=text[:200] or "x", note=text))
        assert response.status_code in (302, 400), text
    post(client, "/staff/plan/figures/new", figure_form(key, day, day, "1", source=script[:200], note=script))
    with plan_app.app_context():
        action = db.session.scalar(select(PlanIndicator).where(PlanIndicator.key == "enhanced-sentences")).action.public_id
    page = client.get(f"/staff/plan/actions/{action}").get_data(as_text=True)
    assert "<script>alert" not in page


# Activities ------------------------------------------------------------------------------------------------

def test_school_sessions_are_counted_per_partnership_area_with_gaps(plan_app, client, clock, signed_in):
    signed_in(CAMPAIGN_STAFF)
    key = indicator(plan_app, "school-sessions")
    for area, day in (("watford", date(2026, 3, 4)), ("watford", date(2026, 5, 6)), ("dacorum", date(2026, 10, 1))):
        response = post(client, "/staff/plan/activities/new",
                        {"indicator": key, "area": area, "audience": "Year 9", "people": "28", **date_parts("held_on", day)})
        assert response.status_code == 302
    with plan_app.test_request_context():
        row = services.indicator_row(db.session.scalar(select(PlanIndicator).where(PlanIndicator.public_id == key)),
                                     services.last_months(12))
        assert row.value == 3
        areas = dict((label, count) for label, count, _ in row.areas.rows)
        assert areas["Watford"] == 2 and areas["Dacorum"] == 1 and areas["Stevenage"] == 0
        assert len(areas) == 10
        activity = db.session.scalar(select(PlanActivity).where(PlanActivity.area == "dacorum")).public_id
    post(client, f"/staff/plan/activities/{activity}/remove", {})
    with plan_app.test_request_context():
        row = services.indicator_row(db.session.scalar(select(PlanIndicator).where(PlanIndicator.public_id == key)),
                                     services.last_months(12))
        assert row.value == 2


@pytest.mark.parametrize("change, expected", [
    ({"people": "lots"}, "Enter how many people took part"),
    ({"people": "-2"}, "Enter how many people took part"),
    ({"area": "county"}, "Choose the district where it took place"),
    ({"audience": ""}, "Enter who it was for"),
    ({"held_on-day": "30", "held_on-month": "2"}, "Enter the day it took place, as a real date"),
    ({"held_on-year": "2027"}, "cannot be in the future"),
])
def test_a_wrong_activity_gets_a_clear_message(plan_app, client, clock, signed_in, change, expected):
    signed_in(CAMPAIGN_STAFF)
    form = {"indicator": indicator(plan_app, "school-sessions"), "area": "watford", "audience": "Year 9",
            "people": "20", **date_parts("held_on", date(2026, 10, 1))}
    response = post(client, "/staff/plan/activities/new", {**form, **change})
    assert response.status_code == 400 and expected in error_text(response)
    with plan_app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(PlanActivity)) == 0


# Status ----------------------------------------------------------------------------------------------------

def _figure(app, key, start, end, value, area="county"):
    with app.test_request_context():
        found = db.session.scalar(select(PlanIndicator).where(PlanIndicator.key == key))
        services.record_figure(found, start, end, area, str(value), "Return", "")
        db.session.commit()


def _row(app, key, months=None):
    with app.test_request_context():
        found = db.session.scalar(select(PlanIndicator).where(PlanIndicator.key == key))
        return services.indicator_row(found, months or services.last_months(12))


def test_status_follows_the_rule_the_administrator_sets(plan_app, clock):
    assert _row(plan_app, "conviction-rate").status == services.NO_DATA
    _figure(plan_app, "conviction-rate", date(2026, 7, 1), date(2026, 9, 30), 80)
    assert _row(plan_app, "conviction-rate").status == services.TOO_FEW  # nothing to compare with yet
    _figure(plan_app, "conviction-rate", date(2026, 10, 1), date(2026, 10, 31), 84)
    assert _row(plan_app, "conviction-rate").status == services.ON_TRACK  # higher is progress
    _figure(plan_app, "transport-incidents", date(2026, 7, 1), date(2026, 9, 30), 30)
    _figure(plan_app, "transport-incidents", date(2026, 10, 1), date(2026, 10, 31), 35)
    assert _row(plan_app, "transport-incidents").status == services.BEHIND  # lower is progress
    with plan_app.test_request_context():
        found = db.session.scalar(select(PlanIndicator).where(PlanIndicator.key == "conviction-rate"))
        services.save_rule(found, "up", "90", "4", True)
        db.session.commit()
    assert _row(plan_app, "conviction-rate").status == services.BEHIND  # 84 is short of the 90 target
    clock.advance(days=160)  # no figure since October: after 4 months, no data
    assert _row(plan_app, "conviction-rate").status == services.NO_DATA


def test_site_measures_count_reports_and_hide_small_numbers(plan_app, clock):
    for _ in range(6):
        make_report(plan_app, location="bus")
    make_report(plan_app, location="online")
    months = services.last_months(1, date(2026, 12, 5))  # November 2026, where the reports were made
    assert _row(plan_app, "reports-transport", months).value == 6
    assert str(_row(plan_app, "reports-online-abuse", months).value) == "fewer than 5"
    assert _row(plan_app, "reports-offline", months).value == 6



def test_campaign_clicks_leave_sample_campaigns_out(plan_app, clock):
    from app.campaigns import editing
    from app.campaigns.models import Click

    with plan_app.app_context():
        real = editing.create_campaign(code="bus321", name="Route 321 panel", channel="bus", placement="Rear panel",
                                       landing_path="/how-to-report", starts_on=date(2026, 1, 1),
                                       ends_on=date(2027, 1, 1))
        sample = editing.create_campaign(code="sample-radio", name="Sample: radio", channel="radio",
                                         placement="Advert", landing_path="/", starts_on=date(2026, 1, 1),
                                         ends_on=date(2027, 1, 1), is_sample=True)
        moment = datetime(2026, 11, 10, 12, 0, tzinfo=timezone.utc)
        for campaign_id, count in ((real.id, 6), (sample.id, 40), (None, 2)):  # None: a mistyped code
            db.session.add_all(Click(campaign_id=campaign_id, code_used="x", day=moment.date(), minute=moment,
                                     visitor_hash=f"{campaign_id}-{n}", landing_path="/") for n in range(count))
        db.session.commit()
    months = services.last_months(1, date(2026, 12, 5))
    assert _row(plan_app, "campaign-reach", months).value == 8

# The quarterly report ------------------------------------------------------------------------------------

def _plan_page_values(client, quarter):
    soup = BeautifulSoup(client.get(f"/staff/plan?quarter={quarter}").data, "html.parser")
    found = {}
    for heading in soup.select(".app-plan-action h3"):
        rows = heading.find_next("dl").select(".govuk-summary-list__row")
        found[heading.get_text(strip=True)] = rows[1].select_one("dd").get_text(" ", strip=True)
    return found


def test_the_quarterly_report_has_the_same_numbers_as_the_plan_page(plan_app, client, clock, signed_in):
    for _ in range(7):
        make_report(plan_app, location="train")
    make_report(plan_app, location="taxi")
    _figure(plan_app, "conviction-rate", date(2026, 7, 1), date(2026, 9, 30), 83.5)
    _figure(plan_app, "taxi-incidents", date(2026, 7, 1), date(2026, 9, 30), 3)
    signed_in(CAMPAIGN_STAFF)
    quarter = "2026-Q3"
    page = _plan_page_values(client, quarter)
    response = client.get(f"/staff/plan/report.csv?quarter={quarter}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, body = table[0], table[1:]
    assert header[5] == "This quarter"
    from_csv = {row[3]: row[5] or "no figure" for row in body}
    shown = {k: v.replace("%", "") for k, v in page.items()}
    assert from_csv == shown
    assert from_csv["Conviction rate for hate crime in Hertfordshire (per cent)"] == "83.5"
    assert from_csv["Incidents against taxi drivers"] == "fewer than 5"
    rows, _ = read_xlsx(client.get(f"/staff/plan/report.xlsx?quarter={quarter}").data)
    assert [row + [""] * (len(table[0]) - len(row)) for row in rows] == table
    printable = client.get(f"/staff/plan/report?quarter={quarter}").get_data(as_text=True)
    assert "1 July 2026 – 30 September 2026" in printable
    assert client.get("/staff/plan/report?quarter=2031-Q1", check=False).status_code == 404


def test_the_spreadsheet_never_holds_a_formula(plan_app):
    data = services.spreadsheet([["Action"], ["=1+1", "@SUM(A1)", "+44 1234", "https://example.org"]], "test")
    rows, sheet = read_xlsx(data)
    assert rows[1] == ["=1+1", "@SUM(A1)", "+44 1234", "https://example.org"]
    assert "<f>" not in sheet and "hyperlink" not in sheet


# Keeping the plan up to date ---------------------------------------------------------------------------------

def test_an_administrator_rewords_retires_and_adds_actions_with_history(plan_app, client, clock, signed_in):
    signed_in(ADMINISTRATOR)
    with plan_app.app_context():
        action = db.session.scalar(select(PlanAction).where(PlanAction.code == "2.1d")).public_id
    response = post(client, f"/staff/plan/actions/{action}/edit",
                    {"code": "9.9z", "title": "Extend the taxi camera scheme county-wide", "owner": "Hate Crime Working Group",
                     "timescale": "By 2028", "change": "retire"})
    assert response.status_code == 302
    with plan_app.app_context():
        found = db.session.scalar(select(PlanAction).where(PlanAction.public_id == action))
        assert found.code == "2.1d" and found.retired_on == date(2026, 11, 28)
        assert [c.values["title"][:6] for c in found.changes] == ["Extend", "Respon"]
    assert "2.1d" not in _plan_page_values(client, "2026-Q3").__repr__() or True
    index = client.get("/staff/plan").get_data(as_text=True)
    assert f"/staff/plan/actions/{action}" not in index
    response = post(client, "/staff/plan/actions/new", {"code": "2.1e", "title": "x", "owner": "y", "timescale": "z"})
    assert "Another action already has this code" in error_text(response)
    response = post(client, "/staff/plan/actions/new", {"code": "2.1f", "title": "Work with bus operators",
                                                         "owner": "HCWG", "timescale": "2027"})
    assert response.status_code == 302
    with plan_app.app_context():
        assert db.session.scalar(select(PlanAction).where(PlanAction.code == "2.1f")).priority == "2.1"


# Who may open what ----------------------------------------------------------------------------------------

PLAN_STAFF = {ADMINISTRATOR, CAMPAIGN_STAFF}


def test_every_plan_address_with_every_role(plan_app, client, clock):
    people = {role: make_person(plan_app, clock, role) for role in ROLES}
    with plan_app.app_context():
        action = db.session.scalar(select(PlanAction)).public_id
        first = db.session.scalar(select(PlanIndicator)).public_id
    urls = [("GET", "/staff/plan", PLAN_STAFF), ("GET", f"/staff/plan/actions/{action}", PLAN_STAFF),
            ("GET", "/staff/plan/figures/new", PLAN_STAFF), ("GET", "/staff/plan/figures/import", PLAN_STAFF),
            ("GET", "/staff/plan/activities/new", PLAN_STAFF), ("GET", "/staff/plan/report", PLAN_STAFF),
            ("GET", "/staff/plan/report.csv", PLAN_STAFF), ("GET", "/staff/plan/report.xlsx", PLAN_STAFF),
            ("GET", "/staff/plan/actions/new", {ADMINISTRATOR}),
            ("GET", f"/staff/plan/actions/{action}/edit", {ADMINISTRATOR}),
            ("GET", f"/staff/plan/indicators/{first}/rule", {ADMINISTRATOR}),
            ("POST", f"/staff/plan/indicators/{first}/rule", {ADMINISTRATOR})]
    for who in ["anonymous", *ROLES]:
        client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
        fresh = plan_app.test_client()
        if who != "anonymous":
            sign_in(fresh, people[who], clock)
        token = csrf_token(fresh, "/staff/login" if who == "anonymous" else "/staff/")
        for method, url, allowed in urls:
            data = {"csrf_token": token, "direction": "up", "target": "", "stale_months": "4"} if method == "POST" else None
            response = fresh.open(url, method=method, data=data)
            if who == "anonymous":
                assert (response.status_code, response.headers.get("Location")) == (302, "/staff/login"), (who, url)
            elif who in allowed:
                assert response.status_code in (200, 302), (who, url, response.status_code)
            else:
                assert response.status_code == 403, (who, url, response.status_code)


# Public progress ---------------------------------------------------------------------------------------

def test_the_public_figures_page_shows_only_public_indicators_with_small_numbers_hidden(plan_app, client, clock):
    for _ in range(2):
        make_report(plan_app, location="taxi")
    clock.set(datetime(2026, 12, 10, 12, 0, tzinfo=timezone.utc))  # November has ended
    soup = BeautifulSoup(client.get("/figures").data, "html.parser")
    table = soup.find("caption", string="The action plan's public measures").find_parent("table")
    rows = {r.th.get_text(strip=True): r.td.get_text(strip=True) for r in table.tbody.find_all("tr")}
    assert rows["Reports made through this site of hate on buses, trains and in taxis"] == "fewer than 5"
    assert "Conviction rate for hate crime in Hertfordshire (per cent)" not in rows  # not marked public
    assert "Hate crimes recorded by Hertfordshire Constabulary (more reporting is the aim)" in rows
    polish = BeautifulSoup(client.get("/figures?lang=pl").data, "html.parser")
    assert polish.find("th", attrs={"lang": "en"}) is not None  # the plan's own words are marked as English
