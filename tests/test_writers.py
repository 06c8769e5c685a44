"""Report submissions on SQLite queue at a lock file beside the database (app/core/writers.py)."""
import threading
import time

import sqlalchemy as sa

from app.core import writers


def test_the_lock_file_sits_beside_an_sqlite_file_and_nowhere_else(tmp_path):
    assert writers.lock_path(sa.create_engine(f"sqlite:///{tmp_path / 'site.db'}")) == tmp_path / "site.db-writers.lock"
    assert writers.lock_path(sa.create_engine("sqlite://")) is None
    assert writers.lock_path(sa.create_engine("postgresql+psycopg://u@127.0.0.1/x")) is None


def test_writers_take_turns_and_a_held_lock_is_given_up_on_after_the_wait(tmp_path, monkeypatch):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'site.db'}")
    holding, release, order = threading.Event(), threading.Event(), []

    def first():
        with writers.turn(engine):
            holding.set()
            release.wait(5)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    holding.wait(5)
    threading.Timer(0.2, release.set).start()
    started = time.monotonic()
    with writers.turn(engine):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]
    assert time.monotonic() - started >= 0.15

    # A lock held too long is given up on: after WAIT_SECONDS the writer goes on and SQLite decides.
    monkeypatch.setattr(writers, "WAIT_SECONDS", 0.05)
    holding.clear(), release.clear()
    thread = threading.Thread(target=first)
    thread.start()
    holding.wait(5)
    started = time.monotonic()
    with writers.turn(engine):
        waited = time.monotonic() - started
    release.set()
    thread.join()
    assert 0.05 <= waited < 1


def test_a_submission_on_sqlite_queues_at_the_lock_file(app, monkeypatch):
    from .report_helpers import VICTIM, send, walk

    taken = []
    real = writers.turn

    def watched(engine):
        taken.append(writers.lock_path(engine))
        return real(engine)

    monkeypatch.setattr(writers, "turn", watched)
    client = app.test_client()
    walk(client, VICTIM)
    send(client)
    assert len(taken) == 1 and taken[0].name == "test.db-writers.lock" and taken[0].exists()
