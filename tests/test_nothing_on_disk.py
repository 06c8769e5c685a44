"""After real traffic, nothing on disk holds a visitor's address, their browser's user agent, or
what they wrote in plain text: not the database (and its write-ahead log), not the logs, not the
instance folder.

The site runs under gunicorn from the production configuration behind a pretend proxy that sends
X-Forwarded-For, with the access log format of deploy/reporthate.service written to a file.
"""
import re
import signal
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

from .conftest import production_env
from .http_client import HttpClient
from .report_helpers import VICTIM, send, walk
from .services import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ADDRESS = "203.0.113.77"  # a documentation address: the visitor's, as the proxy reports it
AGENT_MARK = "Zq7DiskAgent"
WORDS = "Zq7 the words a person wrote 4417"
TOWN = "Zq7Townname"
SET_UP_TOKEN = "Zq7SetUpToken0123456789"  # a staff set-up link's secret, as it would appear in a path
IPV4 = re.compile(rb"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])")


def _access_log_options() -> list[str]:
    """gunicorn's access log format and logger class, exactly as the shipped unit sets them."""
    unit = (ROOT / "deploy" / "reporthate.service").read_text()
    return ["--access-logformat", re.search(r"--access-logformat '([^']+)'", unit).group(1).replace("%%", "%"),
            "--logger-class", re.search(r"--logger-class (\S+)", unit).group(1)]


def test_no_address_agent_or_plain_words_anywhere_on_disk(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    logs = tmp_path / "logs"
    logs.mkdir()
    env = production_env(instance, DATA_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
                         DATABASE_URL=f"sqlite:///{instance / 'site.db'}", TRUSTED_PROXIES="1")
    flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    # Sample centres and campaigns to visit, loaded as a developer would: a production site refuses them.
    subprocess.run([*flask, "sample-data"], cwd=ROOT, env={**env, "APP_ENV": "development"}, check=True,
                   capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", str(logs / "access.log"), *_access_log_options(),
         "--error-logfile", str(logs / "error.log"), "--log-level", "info", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_for(port, server, "gunicorn")
        client = HttpClient(f"http://127.0.0.1:{port}", host="reporthate.example.org")
        # As a browser over HTTPS behind the proxy: same-origin posts carry a Referer (the site's
        # referrer policy is same-origin), which CSRF protection requires on HTTPS.
        client.headers = {"X-Forwarded-For": ADDRESS, "X-Forwarded-Proto": "https",
                          "Referer": "https://reporthate.example.org/report",
                          "User-Agent": f"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 {AGENT_MARK}"}
        for path, status in (("/", 200), ("/c/sample-bus321", 302), ("/what-is-hate-crime?utm_campaign=sample-radio", 200),
                             ("/no-such-page", 404), ("/centres?near=Watford", 200),
                             (f"/staff/set-up/{SET_UP_TOKEN}", 404), ("/staff/cases/HC-7K4P-92QD", 302)):
            assert client.get(path).status_code == status, path
        route = [(name, {**data, "description": WORDS} if name == "what" else
                  {**data, "town": TOWN} if name == "area" else data) for name, data in VICTIM]
        walk(client, route)
        response, _ = send(client)
        assert response.headers["Location"] == "/report/confirmation"
        assert client.get("/report/confirmation").status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "site.db" for p in files) and (logs / "access.log").stat().st_size > 0
    for path in files:
        data = path.read_bytes()
        for secret in (ADDRESS, AGENT_MARK, WORDS, TOWN, SET_UP_TOKEN, "7K4P-92QD", "near="):
            assert secret.encode() not in data, f"{secret!r} found in {path.relative_to(tmp_path)}"
        # No address of any kind in the logs, only the server's own loopback address.
        if path.parent == logs:
            found = {m.group(0) for m in IPV4.finditer(data)} - {b"127.0.0.1", b"0.0.0.0"}
            assert not found, f"addresses in {path.name}: {found}"
