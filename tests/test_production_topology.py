"""The production set-up of DEPLOY.md on loopback, from the shipped files: nginx with
deploy/nginx-reporthate.conf (TLS with a test certificate) in front of two gunicorn servers started
with deploy/reporthate.service's own command line, on PostgreSQL and Redis.

A person sends a report through nginx; pages and static files arrive compressed (also through a
proxy that says "Via"), with the security headers, and only a static file's real version is cached
for a year. Then every log file the set-up wrote is read: none holds the client's address, its user
agent or the report's reference. nginx runs as the current user with its own prefix.
"""
import gzip
import re
import shlex
import signal
import ssl
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet, MultiFernet

from . import services
from .certificates import self_signed
from .conftest import production_env
from .http_client import HttpClient
from .nginx_site import SITE, main_config, nginx_binary, on_loopback, start
from .report_helpers import VICTIM, sent_through_server, walk
from .services import free_port, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.nginx]
ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
NAME = "reporthate.example.org"
# The client connects from its own loopback address, so nginx's own connections to the app
# (from 127.0.0.1) cannot be mistaken for it, and it sends a user agent nothing else sends.
CLIENT_ADDRESS = "127.0.0.2"
AGENT = "Mozilla/5.0 (X11; Linux x86_64) Topology-" + uuid.uuid4().hex[:8]


def _gunicorn_command(port: int, logs: Path, number: int) -> list[str]:
    """ExecStart of the shipped unit, with this checkout's programs, a free port, two workers (two
    servers on two shared cores) and the access log in a file instead of the journal."""
    unit = (ROOT / "deploy" / "reporthate.service").read_text().replace("\\\n", " ")
    line = re.search(r"^ExecStart=(.*)$", unit, re.M).group(1).replace("%%", "%")
    args = shlex.split(line)
    args[0] = str(VENV_BIN / "gunicorn")
    args[args.index("--bind") + 1] = f"127.0.0.1:{port}"
    args[args.index("--workers") + 1] = "2"
    args[args.index("--access-logfile") + 1] = str(logs / f"gunicorn-{number}-access.log")
    return args + ["--error-logfile", str(logs / f"gunicorn-{number}-error.log")]


def _site(folder: Path, ports: dict, app_ports: list[int]) -> str:
    """The shipped site on loopback, with a test certificate and this run's two app servers."""
    cert, key = self_signed(folder, NAME)
    site = on_loopback(SITE.read_text(), folder, ports)
    upstream = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in app_ports)
    site = re.sub(r"^    server 127\.0\.0\.1:8000 .*\n", upstream, site, flags=re.M)
    site = site.replace(f"/etc/letsencrypt/live/{NAME}/fullchain.pem", str(cert))
    return site.replace(f"/etc/letsencrypt/live/{NAME}/privkey.pem", str(key))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    nginx = nginx_binary("the production set-up")
    redis_url = services.redis_url()
    database_url, schema = services.postgres_schema_url()
    folder = tmp_path_factory.mktemp("topology")
    logs = folder / "logs"
    logs.mkdir()
    (folder / "acme" / ".well-known" / "acme-challenge").mkdir(parents=True)
    (folder / "acme" / ".well-known" / "acme-challenge" / "probe").write_text("challenge answered\n")
    key = Fernet.generate_key().decode()
    env = production_env(folder / "instance", DATA_ENCRYPTION_KEYS=key, DATABASE_URL=database_url,
                         RATELIMIT_STORAGE_URI=redis_url, TRUSTED_PROXIES="1")
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    # The unit's ExecStartPre: with no mail server set, doctor warns and lets the site start.
    doctor = subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", "doctor"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "WARN  e-mail: MAIL_SERVER is not set" in doctor.stdout
    app_ports = [free_port(), free_port()]
    ports = {"http": free_port(), "https": free_port()}
    (folder / "site.conf").write_text(_site(folder, ports, app_ports))
    main_config(folder)
    procs, outputs = [], []
    try:
        for number, port in enumerate(app_ports, start=1):
            out = open(logs / f"gunicorn-{number}-output.log", "wb")  # what the journal would keep
            outputs.append(out)
            procs.append(subprocess.Popen(_gunicorn_command(port, logs, number), cwd=ROOT, env=env,
                                          stdout=out, stderr=subprocess.STDOUT))
        nginx_proc = start(nginx, folder)
        procs.append(nginx_proc)
        wait_for(ports["https"], nginx_proc, "nginx")
        for number, (port, proc) in enumerate(zip(app_ports, procs), start=1):
            wait_for(port, proc, "gunicorn", logs / f"gunicorn-{number}-output.log")
        tls = ssl.create_default_context(cafile=str(folder / "cert.pem"))
        yield {"ports": ports, "tls": tls, "logs": logs, "url": database_url, "key": key, "app_ports": app_ports}
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM if proc is not procs[-1] else signal.SIGQUIT)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for out in outputs:
            out.close()
        services.drop_postgres_schema(schema)


def _client(site) -> HttpClient:
    client = HttpClient(f"https://127.0.0.1:{site['ports']['https']}", host=NAME, tls=site["tls"], source=CLIENT_ADDRESS)
    # A browser's headers; on HTTPS the app's CSRF check wants a Referer from the site itself.
    client.headers = {"User-Agent": AGENT, "Referer": f"https://{NAME}/report/"}
    return client


def _get(site, path: str, **headers):
    client = _client(site)
    client.headers.update(headers)
    return client.get(path)


def test_the_production_set_up(site):
    # One test, in order: the logs are read at the end, after everything else has been asked.
    client = _client(site)
    walk(client, VICTIM)
    reference = sent_through_server(client)
    engine = sa.create_engine(site["url"])
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT reference, description FROM report")).all()
    engine.dispose()
    assert [row[0] for row in rows] == [reference]
    assert "MARKER-7731" in MultiFernet([Fernet(site["key"])]).decrypt(rows[0][1].encode()).decode()
    # An address holding the reference is asked for too, so a logged path would show it.
    _get(site, f"/report/status/{reference}")

    # A page: the app's security headers, through nginx, and no nginx version.
    page = _get(site, "/", **{"Accept-Encoding": "gzip"})
    assert page.status_code == 200
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
                   "Strict-Transport-Security"):
        assert page.headers.get(header), header
    assert page.headers["Server"] == "nginx"
    assert page.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(page.get_data()).decode()
    stylesheet = re.search(r'href="(/static/dist/main\.css\?v=[0-9a-f]+)"', html).group(1)

    # Compressed also for someone behind a proxy, with Vary so a shared cache keeps both copies.
    for path in ("/", stylesheet):
        proxied = _get(site, path, **{"Accept-Encoding": "gzip", "Via": "1.1 proxy.council.example"})
        assert proxied.headers.get("Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in proxied.headers.get("Vary", ""), path

    # The real version is kept for a year, with the headers every response carries.
    versioned = _get(site, stylesheet)
    assert versioned.status_code == 200
    assert "max-age=31536000" in versioned.headers["Cache-Control"]
    assert versioned.headers["X-Content-Type-Options"] == "nosniff"
    # A made-up version is not: the next build could reuse the address for another file.
    bogus = _get(site, "/static/dist/main.css?v=bogus")
    assert bogus.status_code == 200 and "max-age=31536000" not in bogus.headers["Cache-Control"]
    assert bogus.headers["X-Content-Type-Options"] == "nosniff"
    # A file fetched without a version (the map's images, named by Leaflet's stylesheet) gets a short life.
    for path in ("/static/dist/leaflet/images/marker-icon.png", "/static/dist/leaflet/images/marker-shadow.png"):
        plain = _get(site, path)
        assert plain.status_code == 200, path
        assert plain.headers["Cache-Control"] == "public, max-age=3600", path
        assert plain.headers["X-Content-Type-Options"] == "nosniff", path

    # Plain HTTP: the certificate challenge is answered, everything else goes to https://.
    http = HttpClient(f"http://127.0.0.1:{site['ports']['http']}", host=NAME, source=CLIENT_ADDRESS)
    http.headers = {"User-Agent": AGENT}
    challenge = http.get("/.well-known/acme-challenge/probe")
    assert challenge.status_code == 200 and challenge.get_data(as_text=True) == "challenge answered\n"
    moved = http.get("/report/who")
    assert moved.status_code == 301 and moved.headers["Location"] == f"https://{NAME}/report/who"
    # A name the site does not serve gets no answer at all.
    with pytest.raises(ssl.SSLError):
        HttpClient(f"https://127.0.0.1:{site['ports']['https']}", host="other.example", tls=site["tls"]).get("/")

    # During an upgrade: the maintenance page for every address, with a 503 and Retry-After.
    switch = site["logs"].parent / "maintenance"
    switch.touch()
    try:
        for path in ("/", "/report/who", stylesheet):
            paused = _get(site, path)
            assert paused.status_code == 503 and paused.headers["Retry-After"] == "300", path
            assert 'lang="ar" dir="rtl"' in paused.get_data(as_text=True)
    finally:
        switch.unlink()
    assert _get(site, "/").status_code == 200

    # /healthz answers on each app server, for monitoring.
    for port in site["app_ports"]:
        health = HttpClient(f"http://127.0.0.1:{port}", host=NAME).get("/healthz")
        assert health.status_code == 200 and health.get_data() == b"ok\n"

    # Every log written: nothing of the client, nor the reference.
    written = sorted(p for p in site["logs"].iterdir() if p.is_file())
    assert any(p.name.startswith("gunicorn-1-access") and p.stat().st_size for p in written), written
    for path in written:
        text = path.read_text(errors="replace")
        # gunicorn names its own listening address once when it starts: that is the server's, not a client's.
        text = re.sub(r"Listening at: http://127\.0\.0\.1:\d+", "", text)
        for secret in (CLIENT_ADDRESS, "127.0.0.1", AGENT, reference):
            assert secret not in text, f"{secret} in {path.name}"
