"""Counting visitors: daily salts that are deleted, uniques per day, and nothing personal stored."""
import re
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.campaigns import counting, figures
from app.campaigns.models import Click, DailySalt
from app.extensions import db

from .conftest import make_app
from .campaign_helpers import BROWSER, OTHER_BROWSER, Clock, clicks, make_campaign, salt_days, utc, visit


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, utc(2026, 3, 10, 9))


def _figures(campaign_id, start, end=None) -> tuple[int, int]:
    """A campaign's clicks and unique visitors from start to end (one day when no end is given)."""
    found = [value for (key, _), value in figures.clicks_by_campaign_month(start, end or start).items()
             if key == campaign_id]
    return sum(clicks for clicks, _ in found), sum(visitors for _, visitors in found)


def test_salt_is_made_on_first_use_and_older_ones_are_deleted(app, client, clock):
    with app.app_context():
        make_campaign()
        # A salt left from long ago, as if the site had been switched off for a while.
        db.session.add(DailySalt(day=date(2026, 3, 1), salt="ab" * 32))
        db.session.commit()
        assert salt_days() == [date(2026, 3, 1)]
    visit(client, "/c/bus321")
    with app.app_context():
        assert salt_days() == [date(2026, 3, 10)]
        first = db.session.get(DailySalt, date(2026, 3, 10)).salt
        assert re.fullmatch(r"[0-9a-f]{64}", first)  # 32 random bytes
    visit(client, "/c/bus321")
    with app.app_context():
        assert db.session.get(DailySalt, date(2026, 3, 10)).salt == first  # kept all day
    clock.set(utc(2026, 3, 11, 0, 30))
    visit(client, "/c/bus321")
    with app.app_context():
        assert salt_days() == [date(2026, 3, 11)]
        assert db.session.get(DailySalt, date(2026, 3, 11)).salt != first


def test_salts_are_random(app, clock):
    with app.app_context():
        first = counting.daily_salt()
        clock.set(utc(2026, 3, 11))
        second = counting.daily_salt()
        assert first != second and len({first, second}) == 2


def test_the_same_visitor_on_two_days_is_two_unique_visitors_with_unrelated_hashes(app, client, clock):
    with app.app_context():
        campaign_id = make_campaign().id
    for _ in range(3):
        visit(client, "/c/bus321", address="203.0.113.5")
    visit(client, "/c/bus321", address="203.0.113.5", agent=OTHER_BROWSER)  # another device behind the same address
    visit(client, "/c/bus321", address="203.0.113.99")
    clock.set(utc(2026, 3, 11, 8))
    visit(client, "/c/bus321", address="203.0.113.5")
    with app.app_context():
        rows = clicks()
        day1 = [c.visitor_hash for c in rows if c.day == date(2026, 3, 10)]
        day2 = [c.visitor_hash for c in rows if c.day == date(2026, 3, 11)]
        assert len(set(day1[:3])) == 1  # same person, same day: same hash
        assert len(set(day1)) == 3
        assert day2[0] != day1[0]  # same person, next day: a new hash, unlinkable once the salt is gone
        assert _figures(campaign_id, date(2026, 3, 10)) == (5, 3)
        assert _figures(campaign_id, date(2026, 3, 11)) == (1, 1)
        assert _figures(campaign_id, date(2026, 3, 12)) == (0, 0)
        # 3 on day one + the returning visitor: a month counts a person once per day they came.
        assert _figures(campaign_id, date(2026, 3, 1), date(2026, 3, 31)) == (6, 4)


def test_the_day_follows_hertfordshire_time(app, client, clock):
    from app.core import clock as site_clock
    from datetime import timezone

    if site_clock.SITE_TIMEZONE is timezone.utc:
        pytest.skip("no time zone database on this machine")
    with app.app_context():
        make_campaign()
    clock.set(utc(2026, 7, 1, 23, 30))  # 00:30 on 2 July in summer time
    visit(client, "/c/bus321")
    with app.app_context():
        assert clicks()[0].day == date(2026, 7, 2)
        assert salt_days() == [date(2026, 7, 2)]


def test_figures_keep_campaigns_apart_and_show_unmatched_clicks(app, client, clock):
    with app.app_context():
        bus = make_campaign().id
        taxi = make_campaign("taxi-watford", channel="taxi", placement="Watford rank card").id
    visit(client, "/c/bus321")
    visit(client, "/c/taxi-watford")
    visit(client, "/c/taxi-watford", address="198.51.100.1")
    visit(client, "/c/old-poster")
    with app.app_context():
        day = date(2026, 3, 10)
        assert figures.clicks_by_campaign_month(day, day) == {
            (bus, "2026-03"): (1, 1), (taxi, "2026-03"): (2, 2), (0, "2026-03"): (1, 1)}  # 0: no campaign
        assert figures.clicks_by_campaign_month(day, day - timedelta(days=1)) == {}


def test_the_per_day_query_uses_the_campaign_day_index(app, clock):
    with app.app_context():
        plan = db.session.execute(
            sa.text("EXPLAIN QUERY PLAN SELECT day, count(*), count(DISTINCT visitor_hash) FROM click "
                    "WHERE campaign_id = 1 AND day >= '2026-01-01' AND day <= '2026-01-31' GROUP BY day")
        ).all()
        assert "ix_click_campaign_day" in " ".join(str(row) for row in plan)


def test_purge_salts_keeps_only_today(app, clock):
    with app.app_context():
        for day in (date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10)):
            db.session.add(DailySalt(day=day, salt="cd" * 32))
        db.session.commit()
        assert counting.purge_salts() == 2
        assert salt_days() == [date(2026, 3, 10)]
    result = app.test_cli_runner().invoke(args=["campaigns", "purge-salts"])
    assert result.exit_code == 0 and "Deleted 0" in result.output
    clock.set(utc(2026, 3, 12))
    result = app.test_cli_runner().invoke(args=["campaigns", "purge-salts"])
    assert "Deleted 1" in result.output
    with app.app_context():
        assert salt_days() == []


def test_the_click_is_committed_before_the_redirect_on_each_database(any_db_app, monkeypatch):
    Clock(monkeypatch, utc(2026, 3, 10, 9))
    app = any_db_app
    with app.app_context():
        campaign_id = make_campaign().id
    client = app.test_client()
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.1"):
        assert visit(client, "/c/bus321", address=address).status_code == 302
    assert visit(client, "/c/nope").headers["Location"] == "/"
    with app.app_context():
        # A separate connection sees only what was committed.
        with db.engine.connect() as conn:
            rows = conn.execute(sa.select(Click.campaign_id, Click.code_used, Click.day)).all()
        assert sorted(rows, key=str) == sorted(
            [(campaign_id, "bus321", date(2026, 3, 10))] * 3 + [(None, "nope", date(2026, 3, 10))], key=str)
        assert _figures(campaign_id, date(2026, 3, 10)) == (3, 2)
        # Written as driver SQL: each value reads back through the model as the model would store it.
        click = clicks()[0]
        assert (click.day, click.source, click.landing_path, click.lang) == (date(2026, 3, 10), "link", "/how-to-report", "en")
        assert click.minute.replace(tzinfo=None) == datetime(2026, 3, 10, 9, 0)
        assert len(click.visitor_hash) == 32


TEST_ADDRESSES = ["127.0.0.1", "192.0.2.44", "2001:db8::7"]
TEST_AGENTS = [BROWSER, OTHER_BROWSER, "Twitterbot/1.0"]


def test_nothing_resembling_an_address_or_user_agent_is_stored(app, client, clock):
    with app.app_context():
        make_campaign()
        make_campaign("ended", starts=date(2025, 1, 1), ends=date(2025, 2, 1))
    for address in TEST_ADDRESSES:
        for agent in TEST_AGENTS:
            browser = app.test_client()  # one person: their own session
            for path in ("/healthz?utm_campaign=bus321", "/c/bus321", "/c/ended", "/c/unknown"):
                visit(browser, path, address=address, agent=agent)
    clock.set(utc(2026, 3, 11))
    visit(client, "/c/bus321")

    dumped = []
    with app.app_context():
        assert len(clicks()) == 3 * 2 * 4 + 1  # the bot is not counted
        with db.engine.connect() as conn:
            for table in db.metadata.sorted_tables:
                for row in conn.execute(sa.select(table)).mappings():
                    dumped.extend(str(value) for value in row.values() if value is not None)
    text = "\n".join(dumped)
    for address in TEST_ADDRESSES:
        assert address not in text
    for agent in TEST_AGENTS:
        for piece in agent.split():
            if len(piece) > 4:
                assert piece not in text, piece
    assert not re.search(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b", text)
    assert "2001:db8" not in text and "Mozilla" not in text


@pytest.mark.postgres
def test_a_click_is_still_counted_after_the_database_drops_the_connection(postgres_url, tmp_path, monkeypatch):
    """PostgreSQL restarted or failed over: the connections the site holds are gone. The pool finds
    a connection gone before handing it out and opens a new one, so the click is still counted."""
    Clock(monkeypatch, utc(2026, 3, 10, 9))
    app = make_app(postgres_url, INSTANCE_DIR=tmp_path)
    outside = sa.create_engine(postgres_url)
    try:
        with app.app_context():
            make_campaign()
        client = app.test_client()
        assert visit(client, "/c/bus321").status_code == 302  # leaves connections in the pool
        with app.app_context():
            pooled = [db.engine.raw_connection() for _ in range(db.engine.pool.checkedin())]
            backends = [connection.driver_connection.info.backend_pid for connection in pooled]
            for connection in pooled:
                connection.close()
        with outside.connect() as conn:
            for backend in backends:
                assert conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": backend}).scalar()
        response = visit(client, "/c/bus321")
        assert (response.status_code, response.headers["Location"]) == (302, "/how-to-report")
        with app.app_context():
            assert len(clicks()) == 2
    finally:
        outside.dispose()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.mark.postgres
def test_a_click_whose_connection_dies_after_the_pool_checked_it_is_still_counted(postgres_url, tmp_path, monkeypatch,
                                                                                  caplog):
    """The server restarts between the pool's check and the first statement (the pre-ping cannot
    see that): the click is tried once more on a new connection, counted, and the person reaches
    the campaign's page. Were it to fail again, the log names the cause."""
    Clock(monkeypatch, utc(2026, 3, 10, 9))
    app = make_app(postgres_url, INSTANCE_DIR=tmp_path)
    outside = sa.create_engine(postgres_url)
    killed = []

    def restart_once(dbapi_connection, record, proxy):
        if not killed:
            killed.append(dbapi_connection.info.backend_pid)
            with outside.connect() as conn:
                conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": killed[0]})

    try:
        with app.app_context():
            make_campaign()
            sa.event.listen(db.engine, "checkout", restart_once)
        response = visit(app.test_client(), "/c/bus321")
        assert killed, "the connection was never cut"
        assert (response.status_code, response.headers["Location"]) == (302, "/how-to-report")
        with app.app_context():
            sa.event.remove(db.engine, "checkout", restart_once)
            assert len(clicks()) == 1

            # The database gone for good: still sent on, and the log says why.
            killed.clear()
            monkeypatch.setattr(counting, "_connection_lost", lambda exc: False)
            sa.event.listen(db.engine, "checkout", restart_once)
        with caplog.at_level("ERROR"):
            response = visit(app.test_client(), "/c/bus321")
        assert response.status_code == 302
        logged = [r.getMessage() for r in caplog.records if "Campaign link" in r.getMessage()]
        assert logged and "terminating connection" in logged[0], logged  # the cause, from the driver
    finally:
        with app.app_context():
            if sa.event.contains(db.engine, "checkout", restart_once):
                sa.event.remove(db.engine, "checkout", restart_once)
            db.session.remove()
            db.engine.dispose()
        outside.dispose()
