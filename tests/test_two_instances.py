"""Two app servers behind one "load balancer", one PostgreSQL and one Redis: a person's requests
may land on either, and reports, drafts, staff sessions and rate limits must not notice.

Each server is gunicorn with two workers, started from the production configuration; every request
of the client goes to the other server than the one before."""
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pyotp
import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet, MultiFernet

from . import services
from .conftest import production_env
from .http_client import HttpClient
from .report_helpers import CSRF, VICTIM, sent_through_server, walk
from .services import free_port, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

# The production app with limits low enough to test and a Redis key prefix of its own.
WSGI = """
import os
from app import create_app
app = create_app("production", CAMPAIGN_LINK_RATE_LIMIT="4 per minute",
                 RATELIMIT_KEY_PREFIX=os.environ["TEST_RATELIMIT_PREFIX"])
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    redis_url = services.redis_url()
    database_url, schema = services.postgres_schema_url()
    folder = tmp_path_factory.mktemp("two")
    (folder / "two_wsgi.py").write_text(WSGI)
    key = Fernet.generate_key().decode()
    env = production_env(folder, DATA_ENCRYPTION_KEYS=key, DATABASE_URL=database_url, RATELIMIT_STORAGE_URI=redis_url,
                         TEST_RATELIMIT_PREFIX="two-" + uuid.uuid4().hex[:8], PYTHONPATH=f"{folder}{os.pathsep}{ROOT}")
    # Migrations run once, before any server starts.
    subprocess.run([str(VENV_BIN / "flask"), "--app", "two_wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    ports, procs = [free_port(), free_port()], []
    try:
        for port in ports:
            procs.append(subprocess.Popen(
                [str(VENV_BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "two_wsgi:app"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            ))
        for port, proc in zip(ports, procs):
            wait_for(port, proc, "gunicorn")
        yield {"bases": [f"http://127.0.0.1:{p}" for p in ports], "env": env, "key": key, "url": database_url}
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        services.drop_postgres_schema(schema)


def test_a_report_answered_across_both_servers_is_stored_once(cluster):
    client = HttpClient(*cluster["bases"], host="reporthate.example.org")
    walk(client, VICTIM)  # every answer lands on the other server from the last: the draft is shared
    reference = sent_through_server(client)
    engine = sa.create_engine(cluster["url"])
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT reference, description FROM report")).all()
    engine.dispose()
    assert [r[0] for r in rows] == [reference]
    assert "MARKER-7731" in MultiFernet([Fernet(cluster["key"])]).decrypt(rows[0][1].encode()).decode()


def test_a_staff_session_started_on_one_server_works_on_the_other(cluster):
    created = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "two_wsgi", "staff", "create", "cw@example.org", "--role", "case_worker"],
        cwd=ROOT, env=cluster["env"], check=True, capture_output=True, text=True,
    ).stdout
    path = re.search(r"https://[^/]+(/staff/set-up/\S+)", created).group(1)
    client = HttpClient(*cluster["bases"], host="reporthate.example.org")
    token = CSRF.search(client.get(path).get_data(as_text=True)).group(1)
    password = "a long and quiet river 42"
    response = client.post(path, {"csrf_token": token, "username": "cw@example.org",
                                  "password": password, "confirm": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    secret = re.search(r'app-staff-secret"><code>([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    token = CSRF.search(page).group(1)
    response = client.post("/staff/two-factor/set-up", {"csrf_token": token, "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200 and "recovery" in response.get_data(as_text=True).lower()
    for _ in range(4):  # both servers, twice each
        home = client.get("/staff/")
        assert home.status_code == 200, home.headers.get("Location")
        assert "cw@example.org" in home.get_data(as_text=True)


def test_rate_limits_are_shared_by_both_servers(cluster):
    client = HttpClient(*cluster["bases"], host="reporthate.example.org")
    statuses = [client.get("/c/NOSUCHCODE").status_code for _ in range(6)]
    assert statuses == [302] * 6  # everyone is sent on; over the limit, they are not counted
    engine = sa.create_engine(cluster["url"])
    with engine.connect() as conn:
        counted = conn.execute(sa.text("SELECT count(*) FROM click WHERE code_used = 'nosuchcode'")).scalar()
    engine.dispose()
    # Four counted in all (not four per server or per worker), whichever server answered.
    assert counted == 4
