"""When something the site leans on is missing, it degrades with a clear message and loses no report.

- Redis down: rate limits fall back to each worker's memory (a documented choice: limits still
  hold, per worker, and Redis is used again when it answers), so nothing fails and nothing opens up.
- Redis that stops answering (it accepts the connection, then nothing): the same, after a short
  timeout, instead of every limited request waiting for ever.
- SMTP down: a report never waits for e-mail; the notification stays queued with the reason.
- Disk full: the step in hand gets the 503 notice with what was typed, the saved answers stay, and
  everything carries on once space is free again.
"""
import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app.extensions import db
from app.outbox import sender
from app.reporting.models import Outbox

from . import services
from .campaign_helpers import BROWSER, clicks, make_campaign
from .conftest import make_app
from .report_helpers import CSRF, VICTIM, reference_shown, send, stored, walk


def _limits_in_redis_at(port: int, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'test.db'}", INSTANCE_DIR=tmp_path, RATELIMIT_ENABLED=True,
                   RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{port}/0", CAMPAIGN_LINK_RATE_LIMIT="3 per minute")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with app.app_context():
        make_campaign()
    return app


def _links_then_a_report(app) -> None:
    """Four visits to a short link limited to three a minute, then a whole report: nothing fails,
    nothing hangs, and the limit still holds (from memory)."""
    client = app.test_client()

    def visit_and_report():
        statuses = [client.get("/c/bus321", headers={"User-Agent": BROWSER}).status_code for _ in range(4)]
        assert statuses == [302] * 4
        with app.app_context():
            assert len(clicks()) == 3
        walk(client, VICTIM)
        response, _ = send(client)
        assert response.headers["Location"] == "/report/confirmation"
        assert stored(app, reference_shown(client)).description

    services.finishes(visit_and_report)


def test_redis_down_limits_fall_back_to_memory_and_nothing_fails(tmp_path):
    _links_then_a_report(_limits_in_redis_at(services.free_port(), tmp_path))


def test_redis_that_never_answers_costs_a_moment_not_the_page(tmp_path):
    with services.silent_server() as port:  # without a socket timeout, every limited request waits for ever
        _links_then_a_report(_limits_in_redis_at(port, tmp_path))


def test_smtp_down_a_report_is_accepted_and_its_notification_waits(app, client):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=services.free_port(), MAIL_FROM="site@example.org",
                      CASE_TEAM_EMAIL="team@example.org")
    walk(client, VICTIM)
    response, _ = send(client)
    assert response.headers["Location"] == "/report/confirmation"
    reference = reference_shown(client)
    with app.app_context():
        result = sender.send_due()
        assert (result.delivered, result.failed) == (0, 1)
        row = db.session.scalar(db.select(Outbox))
        assert row.delivered_at is None and row.next_attempt_at is not None
        assert "refused" in row.last_error.lower() or "connect" in row.last_error.lower()
    assert stored(app, reference).description


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system of our own, so filling it up harms nothing else."""
    folder = tmp_path / "disk"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        services.unavailable("cannot mount a small file system here (needs root); skipping the disk-full test")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder: Path) -> Path:
    """Writes until the file system refuses even a single byte."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 1):
            while True:
                try:
                    os.write(fd, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(fd)
    return filler


def test_disk_full_keeps_what_was_typed_and_recovers(small_disk, tmp_path):
    database = small_disk / "site.db"
    app = make_app(f"sqlite:///{database}", INSTANCE_DIR=tmp_path)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    walk(client, VICTIM[:2], then="why")
    filler = _fill(small_disk)
    page = client.get("/report/why")
    token = CSRF.search(page.get_data(as_text=True)).group(1)
    typed = {"strands": ["disability"], "csrf_token": token}
    response = client.post("/report/why", data=typed)
    assert response.status_code == 503
    html = BeautifulSoup(response.data, "html.parser")
    assert html.find("input", attrs={"value": "disability"}).has_attr("checked")
    assert "could not save this just now" in html.get_text()

    os.remove(filler)  # space again: no restart needed
    walk(client, [("why", {"strands": ["disability"]}), ("disability", {"disabilities": ["learning"]})] + VICTIM[3:])
    response, _ = send(client)
    assert response.headers["Location"] == "/report/confirmation"
    report = stored(app, reference_shown(client))
    assert report.description == VICTIM[1][1]["description"] and report.strands == "disability"
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA integrity_check")).scalar() == "ok"
