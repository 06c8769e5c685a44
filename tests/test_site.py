"""The frame around every page: languages, Exit this page, errors, headers, health, config."""
import os
import secrets
import stat
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from cryptography.fernet import Fernet
from sqlalchemy import text

from app import create_app, i18n
from app.config import ConfigError
from app.extensions import db


def soup_of(response):
    return BeautifulSoup(response.data, "html.parser")


@pytest.mark.parametrize("lang", i18n.LANGUAGES, ids=lambda lang: lang.code)
def test_lang_and_dir_come_from_the_language_table(client, lang):
    html = soup_of(client.get(f"/is-this-a-hate-crime?lang={lang.code}")).html
    assert html["lang"] == lang.code
    assert html["dir"] == lang.direction


def test_language_choice_is_remembered_then_accept_language_then_english(client):
    assert soup_of(client.get("/", headers={"Accept-Language": "pl,en;q=0.5"})).html["lang"] == "pl"
    assert soup_of(client.get("/", headers={"Accept-Language": "fr"})).html["lang"] == "en"
    client.get("/?lang=ur")
    assert soup_of(client.get("/", headers={"Accept-Language": "pl"})).html["lang"] == "ur"
    assert soup_of(client.get("/?lang=xx")).html["lang"] == "ur"


def test_switcher_names_each_language_in_its_own_script_and_works_without_js(client):
    soup = soup_of(client.get("/is-this-a-hate-crime"))
    nav = soup.find("nav", class_="app-languages")
    links = {a["lang"]: a for a in nav.find_all("a")}
    assert links["ur"].get_text(strip=True) == "اردو"
    assert links["ur"]["href"] == "/is-this-a-hate-crime?lang=ur"
    assert links["pl"]["hreflang"] == "pl"
    assert nav.find(attrs={"aria-current": "true"}).get_text(strip=True) == "English"


def test_ui_is_translated(client):
    assert "Przejdź do głównej treści" in client.get("/?lang=pl").get_data(as_text=True)
    assert "مرکزی مواد" in client.get("/?lang=ur").get_data(as_text=True)


def test_exit_this_page_is_on_every_public_page_and_clears_the_session(app, client):
    for url in ["/", "/how-to-report", "/is-this-a-hate-crime", "/no-such-page"]:
        button = soup_of(client.get(url)).find("a", class_="govuk-exit-this-page__button")
        assert button is not None and button["href"] == "/exit", url
    client.get("/?lang=pl")
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == app.config["EXIT_URL"]
    assert "storage" in response.headers["Clear-Site-Data"]
    with client.session_transaction() as session:
        assert dict(session) == {}


def test_exit_runs_every_feature_hook(app, client):
    from app.core.exit import register_exit_hook

    called = []
    register_exit_hook(app, lambda: called.append(True))
    client.get("/exit")
    assert called == [True]


def test_exit_url_is_configurable(tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI="sqlite://", EXIT_URL="https://www.example.org/")
    assert app.test_client().get("/exit").headers["Location"] == "https://www.example.org/"


def test_404_in_the_persons_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "pl"})
    assert response.status_code == 404
    assert soup_of(response).html["lang"] == "pl"
    assert "Nie znaleziono strony" in response.get_data(as_text=True)


def test_500_is_a_helpful_page(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom?lang=ur")
    assert response.status_code == 500
    assert soup_of(response).html["dir"] == "rtl"
    assert b"999" in response.data


def test_database_failure_is_a_calm_503(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/needs-db")
    def needs_db():
        db.session.execute(text("SELECT * FROM no_such_table"))
        return "unreachable"

    response = app.test_client().get("/needs-db?lang=pl")
    assert response.status_code == 503
    assert soup_of(response).html["lang"] == "pl"
    assert response.headers["Retry-After"] == "30"  # when to try again, for browsers and monitoring


def test_healthz_checks_the_database(app, client, tmp_path):
    assert client.get("/healthz").data == b"ok\n"
    broken = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db")
    assert broken.test_client().get("/healthz").status_code == 503


def test_security_headers_on_every_page(client):
    for url in ["/", "/is-this-a-hate-crime", "/no-such-page", "/healthz"]:
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        for part in ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                     "script-src 'self'"]:
            assert part in csp, (url, part)
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"


def test_no_inline_scripts_or_styles(client):
    for url in ["/", "/is-this-a-hate-crime"]:
        soup = soup_of(client.get(url))
        assert all(s.get("src") for s in soup.find_all("script")), url
        assert not soup.find("style") and not soup.find(attrs={"style": True}), url


def test_session_cookie_is_strict_and_httponly(client):
    response = client.get("/?lang=pl")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_production_refuses_to_start_without_secrets(monkeypatch):
    for name in ("SECRET_KEY", "DATA_ENCRYPTION_KEYS", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY, DATA_ENCRYPTION_KEYS, DATABASE_URL"):
        create_app("production")


@pytest.mark.parametrize("secret", ["change-me-to-64-random-characters", "x" * 40, "short"])
def test_production_refuses_a_published_or_guessable_secret_key(monkeypatch, secret):
    monkeypatch.setenv("SECRET_KEY", secret)
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    with pytest.raises(ConfigError, match=r"SECRET_KEY .*secrets\.token_urlsafe\(48\)"):
        create_app("production", SITE_URL="https://reporthate.example.org")


def test_production_rejects_a_bad_encryption_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", "not-a-key")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/db")
    with pytest.raises(ConfigError, match="not a valid Fernet key"):
        create_app("production")


def test_production_cookies_are_host_prefixed_and_secure(monkeypatch):
    from cryptography.fernet import Fernet

    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app("production", SITE_URL="https://localhost")
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/healthz")
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_development_generates_private_keys_in_instance(tmp_path, monkeypatch):
    for name in ("SECRET_KEY", "DATA_ENCRYPTION_KEYS", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSTANCE_DIR", str(tmp_path))
    from app import config

    monkeypatch.setattr(config.Config, "INSTANCE_DIR", tmp_path)
    first = create_app("development")
    second = create_app("development")
    assert first.config["SECRET_KEY"] and first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 48
    assert first.config["DATA_ENCRYPTION_KEYS"] == second.config["DATA_ENCRYPTION_KEYS"]
    assert first.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'site.db'}"
    for name in ("secret_key", "data_key"):
        mode = stat.S_IMODE(os.stat(tmp_path / name).st_mode)
        assert mode == 0o600, name


def test_robots_keeps_staff_and_report_out_of_search(client):
    body = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /staff/" in body and "Disallow: /report/" in body


def test_request_logs_carry_no_address(app, caplog):
    import logging

    from app.core.logs import DropAddress

    record = logging.LogRecord("werkzeug", logging.INFO, "", 0, '127.0.0.1 - - [28/Nov/2026 10:00:00] "GET / HTTP/1.1" 200 -', (), None)
    DropAddress().filter(record)
    assert "127.0.0.1" not in record.getMessage()
    assert any(isinstance(f, DropAddress) for f in logging.getLogger("werkzeug").filters)


def test_a_link_from_another_site_never_replaces_the_persons_cookie(client):
    """SameSite=Strict means the cookie is not sent from another site; a new one must not overwrite it."""
    response = client.get("/?lang=pl", headers={"Sec-Fetch-Site": "cross-site"})
    assert "Set-Cookie" not in response.headers
    response = client.get("/?lang=pl", headers={"Sec-Fetch-Site": "same-origin"})
    assert "Set-Cookie" in response.headers


def test_language_links_drop_campaign_parameters(client):
    soup = soup_of(client.get("/how-to-report?utm_campaign=bus321&utm_source=qr"))
    link = soup.find("a", hreflang="pl")["href"]
    assert link == "/how-to-report?lang=pl"


@pytest.mark.parametrize("path", ["/\\evil.example", "//evil.example", "///evil.example", "/\t/evil.example",
                                  "/\\/evil.example/x"])
def test_language_links_on_any_address_stay_on_this_site(client, path):
    """A 404 page's language links repeat the path asked for; they must never lead to another host."""
    from urllib.parse import urljoin, urlsplit

    response = client.get("/", environ_overrides={"PATH_INFO": path}, check=False)  # its links are 404s too
    assert response.status_code == 404
    links = [a["href"] for a in soup_of(response).select("a[hreflang]")]
    assert len(links) == len(i18n.LANGUAGES) - 1
    for href in links:
        assert href.startswith("/") and href[1:2] not in ("/", "\\") and "\\" not in href and "\t" not in href
        assert urlsplit(urljoin("https://reporthate.example.org/a/b", href)).netloc == "reporthate.example.org"


@pytest.mark.parametrize("path", ["/" + "a" * 250, "/" + "a" * 250 + "/easy-read", "/" + "a-" * 200 + "b",
                                  "/" + "a" * 5000])
def test_a_very_long_address_is_a_404_not_a_500(client, path):
    assert client.get(path).status_code == 404


def test_production_answers_only_its_own_host_name(monkeypatch):
    from cryptography.fernet import Fernet

    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("DATA_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app("production", SITE_URL="https://reporthate.example.org")
    client = app.test_client()
    forged = client.get("/staff", headers={"Host": "evil.example"})
    assert forged.status_code == 400
    assert "evil.example" not in forged.headers.get("Location", "")
    assert "evil.example" not in forged.get_data(as_text=True)
    own = client.get("/staff", headers={"Host": "reporthate.example.org"})
    assert own.status_code == 308
    assert own.headers["Location"] in ("/staff/", "https://reporthate.example.org/staff/")


def test_request_logs_carry_no_set_up_token_reference_or_query(app):
    """The development server's request line, as Werkzeug logs it (format string and arguments)."""
    import logging

    from app.core.logs import DropAddress

    line = "GET /staff/set-up/Zq7SecretToken/x?near=AL1+3XX HTTP/1.1"
    record = logging.LogRecord("werkzeug", logging.INFO, "", 0, '203.0.113.9 - - [03/Dec/2026 10:00:00] "%s" %s %s\n',
                               (line, "200", "-"), None)
    DropAddress().filter(record)
    message = record.getMessage()
    assert "/staff/set-up/[redacted]/x" in message and '" 200 -' in message
    for secret in ("203.0.113.9", "Zq7SecretToken", "AL1", "near="):
        assert secret not in message
    record = logging.LogRecord("werkzeug", logging.INFO, "", 0, '- - - [x] "%s" %s %s\n',
                               ("GET /staff/cases/HC-7K4P-92QD HTTP/1.1", "200", "-"), None)
    DropAddress().filter(record)
    assert "7K4P" not in record.getMessage()


def test_gunicorn_access_log_writes_no_address_agent_token_or_query():
    import datetime
    import logging

    from gunicorn.config import Config as GunicornConfig

    from app.core.logs import AccessLogger

    logger = AccessLogger(GunicornConfig())
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/staff/set-up/Zq7SecretToken?near=AL1+3XX",
               "PATH_INFO": "/staff/set-up/Zq7SecretToken", "QUERY_STRING": "near=AL1+3XX",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "Zq7Agent",
               "HTTP_REFERER": "https://elsewhere.example/Zq7Ref"}
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.4"), ("USER-AGENT", "Zq7Agent")])
    atoms = logger.atoms(response, request, environ, datetime.timedelta(seconds=0.01))
    fmt = ('%(h)s %(t)s "%(r)s" %(U)s %(q)s %(s)s "%(f)s" "%(a)s" %({x-forwarded-for}i)s %({remote_addr}e)s '
           '%({user-agent}i)s')
    from gunicorn.glogging import SafeAtoms

    line = fmt % SafeAtoms(atoms)
    assert "/staff/set-up/[redacted]" in line and " 200 " in line
    for secret in ("203.0.113.9", "198.51.100.4", "Zq7SecretToken", "AL1", "Zq7Agent", "Zq7Ref"):
        assert secret not in line, secret
    logging.getLogger("gunicorn.access").handlers.clear()


def test_the_database_and_instance_folder_are_created_owner_only(tmp_path, monkeypatch):
    for name in ("SECRET_KEY", "DATA_ENCRYPTION_KEYS", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    instance = tmp_path / "new" / "instance"
    monkeypatch.setenv("INSTANCE_DIR", str(instance))
    from app import config

    monkeypatch.setattr(config.Config, "INSTANCE_DIR", instance)
    monkeypatch.setattr(os, "umask", os.umask)  # restored after the test
    previous = os.umask(0o022)  # the usual umask, under which files are created world-readable
    try:
        app = create_app("development")
        with app.app_context():
            db.create_all()
            db.session.execute(text("CREATE TABLE t (x INTEGER)"))
            db.session.execute(text("INSERT INTO t VALUES (1)"))
            db.session.commit()
            files = [instance / "site.db", instance / "site.db-wal"]
            for path in files:
                assert path.exists(), path
                assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path.name
            assert stat.S_IMODE(os.stat(instance).st_mode) == 0o700
            db.engine.dispose()
    finally:
        os.umask(previous)
