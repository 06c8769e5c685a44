"""Indicators at scale: daily roll-ups give exactly the live counts, on any day and after changes;
centres are counted over time; district shares sit beside the strategy's baseline; demo traffic."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from app.campaigns import figures as campaign_figures
from app.campaigns.models import Click, ClickDay, ClickDayMark
from app.centres.models import Centre, CentreChange
from app.core import clock
from app.extensions import db
from app.indicators import rollup, services
from app.indicators.models import ReportDay, ReportDayMark
from app.reporting.models import Report

from .campaign_helpers import Clock, make_campaign, utc, visit
from .report_helpers import make_report


def _report(app, day, **answers):
    reference = make_report(app, **answers)
    with app.app_context():
        db.session.execute(db.update(Report).where(Report.reference == reference).values(
            created_at=datetime(day.year, day.month, day.day, 15, tzinfo=timezone.utc)))
        db.session.commit()


def _live(start, end, district=""):
    """The same counts worked out from the report table alone, the slow way."""
    found = rollup.Tally()
    for created_at, *rest in rollup._live_rows(start, end, district):
        found.add(clock.site_day(created_at), 1, rollup.facts(*rest))
    return found


def test_report_rollup_equals_the_live_count_and_follows_late_changes(app, monkeypatch):
    Clock(monkeypatch, utc(2026, 6, 20, 9))
    for day, answers in [
        (date(2026, 6, 1), dict(district="watford", location="bus", strands=["race", "religion"])),
        (date(2026, 6, 1), dict(district="watford", location="online", platform="x", strands=["race"])),
        (date(2026, 6, 10), dict(district="stevenage", location="street", strands=["disability"], support="yes")),
        (date(2026, 6, 20), dict(district="watford", location="taxi", strands=["race"])),  # today: counted live
    ]:
        _report(app, day, **answers)
    with app.app_context():
        june = rollup.tally(date(2026, 6, 1), date(2026, 6, 30))
        assert db.session.scalar(select(ReportDayMark.through)) == date(2026, 6, 19)
        assert db.session.scalar(select(func.sum(ReportDay.total)).where(ReportDay.district == "*")) == 3  # not today
        expected = _live(date(2026, 6, 1), date(2026, 6, 30))
        assert (june.total, june.counts, june.months) == (expected.total, expected.counts, expected.months)
        assert june.counts["strand:race"] == 3 and june.counts["location:taxi"] == 1 and june.counts["support"] == 1
        watford = rollup.tally(date(2026, 6, 1), date(2026, 6, 30), "watford")
        assert watford.total == 3 and watford.counts["district:stevenage"] == 0
        assert rollup.tally(date(2026, 6, 2), date(2026, 6, 9)).total == 0  # the days between
    # A report appears on a day already rolled up (a restore, or synthetic data): the roll-up rebuilds.
    _report(app, date(2026, 6, 10), district="stevenage", location="home", strands=["transgender"])
    with app.app_context():
        assert rollup.tally(date(2026, 6, 1), date(2026, 6, 30)).counts["strand:transgender"] == 1


def test_two_processes_rolling_up_at_once_do_not_fail(app, monkeypatch):
    Clock(monkeypatch, utc(2026, 6, 20, 9))
    _report(app, date(2026, 6, 1), district="watford")
    with app.app_context():
        db.session.add(ReportDay(day=date(2026, 6, 1), district="watford", total=1, tallies="{}"))
        db.session.commit()  # as if another process had just written this day, but not its mark
        rollup.roll_up(date(2026, 6, 20))  # loses the race: no error, nothing doubled
        assert db.session.scalar(select(func.count()).select_from(ReportDay)) == 1


def test_click_rollup_equals_the_live_count_across_days(app, client, monkeypatch):
    clock = Clock(monkeypatch, utc(2026, 3, 10, 9))
    with app.app_context():
        bus = make_campaign().id
    visit(client, "/c/bus321", address="203.0.113.5")
    visit(client, "/c/bus321", address="203.0.113.5")
    visit(client, "/c/nothing-here")
    clock.set(utc(2026, 3, 11, 9))
    visit(client, "/c/bus321", address="203.0.113.5")
    with app.app_context():
        # Day one is finished: asking for counts rolls it up; day two is still counted live.
        assert campaign_figures.clicks_by_campaign_month(date(2026, 3, 10), date(2026, 3, 10)) == {
            (bus, "2026-03"): (2, 1), (0, "2026-03"): (1, 1)}
        assert db.session.scalar(select(ClickDayMark.through)) == date(2026, 3, 10)
        assert {(r.campaign_key, r.day, r.clicks, r.visitors) for r in db.session.scalars(select(ClickDay))} == {
            (bus, date(2026, 3, 10), 2, 1), (0, date(2026, 3, 10), 1, 1)}
        assert campaign_figures.clicks_by_campaign_month(date(2026, 3, 11), date(2026, 3, 11)) == {
            (bus, "2026-03"): (1, 1)}
        assert campaign_figures.clicks_by_campaign_month(date(2026, 3, 1), date(2026, 3, 31)) == {
            (bus, "2026-03"): (3, 2), (0, "2026-03"): (1, 1)}
    clock.set(utc(2026, 3, 15, 9))
    visit(client, "/c/bus321", address="198.51.100.7")
    with app.app_context():
        assert campaign_figures.clicks_by_campaign_month(date(2026, 3, 1), date(2026, 3, 31))[(bus, "2026-03")] == (4, 3)
        assert db.session.scalar(select(func.sum(ClickDay.clicks))) == 4  # the 11th rolled up; the 15th is live
        live = db.session.scalar(select(func.count()).select_from(Click))
        assert live == 5


def test_centres_open_over_time(app, monkeypatch):
    clock = Clock(monkeypatch, utc(2026, 1, 15, 9))
    with app.app_context():
        for code in ("A1", "B2"):
            db.session.add(Centre(code=code, slug=f"centre-{code.lower()}", name=f"Centre {code}", district="watford"))
        db.session.commit()
    clock.set(utc(2026, 3, 3, 9))
    with app.app_context():
        db.session.scalar(select(Centre).where(Centre.code == "A1")).active = False
        db.session.commit()
        db.session.scalar(select(Centre).where(Centre.code == "B2")).name = "Renamed"  # not an opening or closing
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(CentreChange)) == 3
    with app.test_request_context():
        table = services.centres_by_month(services.Period(date(2025, 12, 1), date(2026, 4, 10)))
        assert [(label, count) for label, count, _ in table.rows] == [
            ("2025-12", 0), ("2026-01", 2), ("2026-02", 2), ("2026-03", 1), ("2026-04", 1)]
        assert [value for _, value, _, _ in table.shown_rows()] == [0, 2, 2, 1, 1]  # places, not people


def test_district_shares_sit_beside_the_baseline(app, monkeypatch):
    Clock(monkeypatch, utc(2026, 6, 20, 9))
    for _ in range(6):
        _report(app, date(2026, 6, 1), district="watford")
    for _ in range(4):
        _report(app, date(2026, 6, 2), district="stevenage")
    with app.test_request_context():
        shares = {row.name: (row.baseline, row.share) for row in
                  services.district_shares(services.Period(date(2026, 6, 1), date(2026, 6, 30), "watford"))}
    assert shares["Watford"] == (17, 60)
    assert shares["Stevenage"] == (None, None)  # 4 reports: too few to show a share
    assert shares["Dacorum"] == (12, 0)


def test_demo_traffic_makes_what_it_says(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "traffic", "--clicks", "700", "--reports", "90", "--days", "30",
                                 "--seed", "3", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Now 700 clicks and 90 reports in all." in result.output
    with app.app_context():
        days = db.session.execute(select(func.min(Report.created_at), func.max(Report.created_at))).one()
        assert days[1] - days[0] <= timedelta(days=30)
        keys = db.session.scalars(select(Report.idempotency_key)).all()
        assert all(key.startswith("demo:") for key in keys)
        assert db.session.scalar(select(func.count(func.distinct(Report.reference)))) == 90
        today = clock.today()
        assert db.session.scalar(select(func.max(Click.day))) <= today
    refused = runner.invoke(args=["demo", "traffic", "--clicks", "5"], input="n\n")
    assert refused.exit_code != 0  # asks first, and stops on "no"


def test_campaigns_in_the_period_with_conversion_and_channels(app, client, monkeypatch):
    clock = Clock(monkeypatch, utc(2026, 3, 10, 9))
    with app.app_context():
        bus = make_campaign()
        taxi = make_campaign("taxi-watford", channel="taxi", placement="Watford rank card")
        bus_id = bus.id
        assert taxi.id
    for n in range(20):
        visit(client, "/c/bus321", address=f"198.51.100.{n}")
    visit(client, "/c/taxi-watford")
    for _ in range(6):
        reference = make_report(app)
        with app.app_context():
            db.session.execute(db.update(Report).where(Report.reference == reference).values(
                origin_campaign_id=bus_id, created_at=utc(2026, 3, 10, 10)))
            db.session.commit()
    clock.set(utc(2026, 4, 2, 9))
    visit(client, "/c/bus321", address="203.0.113.1")  # April: outside a March period
    with app.test_request_context():
        each, by_channel = services.campaign_rows(services.Period(date(2026, 3, 1), date(2026, 3, 31)))
        rows = {row.name: row for row in each}
        assert (rows["Campaign bus321"].clicks, rows["Campaign bus321"].visitors) == (20, 20)
        assert rows["Campaign bus321"].reports == 6 and rows["Campaign bus321"].conversion == 30
        taxi_row = next(row for row in each if row.channel == "taxi")
        assert (str(taxi_row.clicks), taxi_row.conversion, str(taxi_row.reports)) == ("fewer than 5", None, "0")
        assert [(row.channel, str(row.clicks)) for row in by_channel] == [("bus", "20"), ("taxi", "fewer than 5")]
        april = services.campaign_rows(services.Period(date(2026, 4, 1), date(2026, 4, 30)))[0]
        assert {row.name: row.clicks for row in april}["Campaign bus321"] == 0  # April has not ended
        months = {label: count for label, count, _ in
                  services.clicks_by_month(services.Period(date(2026, 3, 1), date(2026, 4, 30))).rows}
        assert months == {"2026-03": 21}


def test_a_report_and_a_click_after_a_summer_midnight_count_on_the_same_day(app, client, monkeypatch):
    """00:30 on 17 June in Hertfordshire is 23:30 on 16 June in UTC: both belong to 17 June."""
    when = Clock(monkeypatch, utc(2026, 6, 16, 23, 30))
    with app.app_context():
        make_campaign("summer", starts=date(2026, 6, 1), ends=date(2026, 6, 30))
    visit(client, "/c/summer")
    make_report(app)
    when.set(utc(2026, 6, 20, 9))
    with app.app_context():
        assert rollup.tally(date(2026, 6, 17), date(2026, 6, 17)).total == 1  # rolled up: a finished day
        assert rollup.tally(date(2026, 6, 16), date(2026, 6, 16)).total == 0
        assert db.session.scalar(select(Click.day)) == date(2026, 6, 17)
        assert db.session.scalar(select(ReportDay.day).where(ReportDay.district == "*", ReportDay.total > 0)) == date(2026, 6, 17)
