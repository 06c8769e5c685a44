"""Writers and the disk (app/database.py): on SQLite they take turns at its one write lock, and
only a campaign click commits without waiting for the disk."""
import sqlite3
import threading
import time

import sqlalchemy as sa

from app.extensions import db

from .campaign_helpers import Clock, make_campaign, utc, visit
from .report_helpers import VICTIM, reference_shown, send, walk


def test_every_sqlite_connection_uses_wal_waits_for_the_write_lock_and_for_the_disk(app):
    with app.app_context(), db.engine.connect() as conn:
        setting = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert setting("journal_mode") == "wal"
        assert setting("busy_timeout") == 5000
        assert setting("synchronous") == 2  # FULL
        assert setting("foreign_keys") == 1


def test_a_submission_waits_its_turn_for_the_write_lock_instead_of_failing(app, tmp_path):
    client = app.test_client()
    walk(client, VICTIM)
    holding, release = threading.Event(), threading.Event()

    def another_writer():  # holds SQLite's write lock for a moment, as a burst of submissions would
        conn = sqlite3.connect(tmp_path / "test.db", isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        holding.set()
        release.wait(5)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=another_writer)
    thread.start()
    holding.wait(5)
    threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    response, _ = send(client)
    waited = time.monotonic() - started
    thread.join()
    assert response.headers["Location"] == "/report/confirmation"
    assert waited >= 0.25  # it queued behind the other writer, then went through
    reference_shown(client)


def test_a_click_commits_without_waiting_for_the_disk_and_a_report_waits(any_db_app, monkeypatch):
    """A killed process never loses a click (tests/test_click_crash.py); a power cut may lose the
    last moment of them. Reports, and every other write, always wait for the disk."""
    app = any_db_app
    Clock(monkeypatch, utc(2026, 3, 10, 9))
    sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    waits, relaxed = ("2", "1") if sqlite else ("on", "off")
    seen = []

    def at_commit(conn):  # the setting the commit about to run will use
        sql = "PRAGMA synchronous" if sqlite else "SHOW synchronous_commit"
        seen.append(str(conn.connection.driver_connection.execute(sql).fetchone()[0]))

    with app.app_context():
        make_campaign()
        sa.event.listen(db.engine, "commit", at_commit)
    client = app.test_client()
    visit(client, "/c/bus321")  # the first click of the day also makes the day's salt
    seen.clear()
    assert visit(client, "/c/bus321").status_code == 302
    assert seen == [relaxed]
    with app.app_context():
        # Every connection the pool hands out waits for the disk again.
        held = [db.engine.raw_connection() for _ in range(db.engine.pool.checkedin())]
        sql = "PRAGMA synchronous" if sqlite else "SHOW synchronous_commit"
        assert held and all(str(c.driver_connection.execute(sql).fetchone()[0]) == waits for c in held)
        for connection in held:
            connection.close()
    seen.clear()
    walk(client, VICTIM)
    assert send(client)[0].headers["Location"] == "/report/confirmation"
    assert seen and set(seen) == {waits}
