"""Kill the server mid-way through a burst of submissions: every reference a person saw must be stored.

Runs the real app under gunicorn on a free loopback port, sends concurrent final submissions from
threads, SIGKILLs the master and its workers, restarts, and compares. Bounded: 60 submissions, 20 s.
"""
import http.client
import json
import os
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlencode


from app.config import BASE_DIR
from app.extensions import db
from app.reporting import services, steps
from app.reporting.models import Report, ReportDraft

from .conftest import make_app
from .report_helpers import complete_answers
from .services import free_port

SUBMISSIONS = 60
# Generous waits on a condition, never a wall-clock limit on the test itself: a loaded 2-core
# machine may be slow, and slowness is not what these tests are about.
PATIENCE = 120.0
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _answers(index: int) -> dict:
    return complete_answers(description=f"Crash test {index}", location="street", district="watford", town="",
                            when="not-sure", date=None, heard=None)


def _start(url: str, keys: list, port: int, instance: Path) -> subprocess.Popen:
    factory = (
        f"app:create_app('test', SQLALCHEMY_DATABASE_URI={url!r}, DATA_ENCRYPTION_KEYS={keys!r}, "
        f"WTF_CSRF_ENABLED=False, INSTANCE_DIR={str(instance)!r})"
    )
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", "3", "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "1",
         "--log-level", "warning", factory],
        cwd=BASE_DIR, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    while time.monotonic() - started < PATIENCE and process.poll() is None:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("gunicorn did not start: " + process.stderr.read().decode(errors="replace")[-2000:])


def kill_mid_burst(server: subprocess.Popen, work, items, done, enough: int) -> None:
    """Runs `work` on every item from 12 threads and SIGKILLs the server (master and workers) once
    `done()` reaches `enough`, while the rest are still in flight; then lets every thread finish."""
    try:
        with ThreadPoolExecutor(max_workers=12) as pool:
            futures = [pool.submit(work, item) for item in items]
            waited = time.monotonic()
            while done() < enough and not all(f.done() for f in futures) and time.monotonic() - waited < PATIENCE:
                time.sleep(0.002)
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=PATIENCE)
            for future in futures:
                future.result(timeout=PATIENCE)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)


def _submit(port: int, cookie: str, key: str) -> str | None:
    """One person pressing "Send report": returns the reference if a confirmation page was shown."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/report/check", body=urlencode({"submission_key": key, "website": ""}),
                       headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"session={cookie}"})
    response = connection.getresponse()
    response.read()
    if response.status != 302:
        return None
    new_cookie = re.search(r"session=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/report/confirmation", headers={"Cookie": f"session={new_cookie}"})
    page = connection.getresponse()
    body = page.read().decode()
    if page.status != 200:
        return None
    return re.search(r"HC-[0-9A-Z]{4}-[0-9A-Z]{4}", body).group(0)


def test_every_reference_shown_survives_a_kill(any_db_url, tmp_path):
    database = any_db_url
    app = make_app(database, INSTANCE_DIR=tmp_path)
    keys = list(app.config["DATA_ENCRYPTION_KEYS"])
    serializer = app.session_interface.get_signing_serializer(app)
    people = []
    with app.app_context():
        expires = datetime.now(timezone.utc) + timedelta(hours=4)
        for index in range(SUBMISSIONS):
            token, key = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
            answers = {**_answers(index), "_submission_key": key}
            db.session.add(ReportDraft(token_hash=services._hash(token), answers=json.dumps(answers),
                                       expires_at=expires))
            people.append((serializer.dumps({services.SESSION_KEY: token}), key))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()

    port = free_port()
    server = _start(database, keys, port, tmp_path)
    shown: dict[str, str] = {}  # submission key -> reference shown to that person
    lock = threading.Lock()

    def person(cookie_key):
        cookie, key = cookie_key
        try:
            reference = _submit(port, cookie, key)
        except (OSError, http.client.HTTPException, AttributeError):
            return
        if reference:
            with lock:
                shown[key] = reference

    # Pull the plug once some people have had their confirmation and others are still sending.
    kill_mid_burst(server, person, people, lambda: len(shown), SUBMISSIONS // 3)
    assert shown, "no confirmation was received before the kill"

    # Restart: everything shown is there, and people whose send was cut off can press the button again.
    print(f"{len(shown)} of {SUBMISSIONS} confirmations shown before the kill")
    server = _start(database, keys, port, tmp_path)
    try:
        retried = {}
        for cookie, key in people:
            if key not in shown:
                retried[key] = _submit(port, cookie, key)
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=PATIENCE)

    check = make_app(database, INSTANCE_DIR=tmp_path, DATA_ENCRYPTION_KEYS=keys)
    with check.app_context():
        rows = {r.idempotency_key: r for r in db.session.scalars(db.select(Report))}
        for key, reference in shown.items():
            assert key in rows and rows[key].reference == reference, reference
            assert rows[key].description.startswith("Crash test ")
        assert len(rows) == SUBMISSIONS  # every person's report exactly once, none twice
        assert all(retried.values()), "a retry after the restart did not show a confirmation"
        db.session.remove()
        db.engine.dispose()
    if database.startswith("sqlite:///"):
        with sqlite3.connect(database.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
