"""Kill the server in the middle of a burst of short-link clicks: every redirect sent is a stored click.

Same harness as the report crash test: the real app under gunicorn, SIGKILL of the master and its
workers while clicks are in flight, then a count. Bounded by count (400 clicks), with generous waits.
"""
import http.client
import sqlite3
import threading
import time
from datetime import date

from app.campaigns import editing
from app.campaigns.models import Click
from app.extensions import db

from .campaign_helpers import BROWSER
from .conftest import make_app
from .services import free_port
from .test_report_crash import _start, kill_mid_burst

CLICKS = 400


def test_every_redirect_sent_is_a_stored_click(any_db_url, tmp_path):
    database = any_db_url
    app = make_app(database, INSTANCE_DIR=tmp_path)
    keys = list(app.config["DATA_ENCRYPTION_KEYS"])
    with app.app_context():
        editing.create_campaign(code="crash-bus", name="Crash test bus panel", channel="bus",
                                  placement="Route 321", landing_path="/how-to-report",
                                  starts_on=date(2000, 1, 1), ends_on=date(2100, 1, 1))
        db.session.remove()
        db.engine.dispose()
    port = free_port()
    server = _start(database, keys, port, tmp_path)
    redirected = [0]
    lock = threading.Lock()

    def click(_):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/c/crash-bus", headers={"User-Agent": BROWSER})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            return
        if response.status == 302 and response.getheader("Location") == "/how-to-report":
            with lock:
                redirected[0] += 1

    kill_mid_burst(server, click, range(CLICKS), lambda: redirected[0], CLICKS // 3)
    assert 0 < redirected[0] < CLICKS, "the kill should land in the middle of the burst"
    print(f"{redirected[0]} of {CLICKS} redirects sent before the kill")

    check = make_app(database, INSTANCE_DIR=tmp_path, DATA_ENCRYPTION_KEYS=keys)
    with check.app_context():
        stored = db.session.scalar(db.select(db.func.count()).select_from(Click))
        db.session.remove()
        db.engine.dispose()
    # Every redirect a browser received is a row; a row whose response was cut off may be extra.
    assert stored >= redirected[0]
    if database.startswith("sqlite:///"):
        with sqlite3.connect(database.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
