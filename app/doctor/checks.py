"""The checks behind `flask doctor`. Each one is small, independent and never raises."""
import smtplib
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from cryptography.fernet import InvalidToken
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..config import BASE_DIR
from ..crypto import GENERATE_SECRET, split_keys, valid_key, weak_secret
from ..extensions import db

OK, WARN, FAIL = "OK", "WARN", "FAIL"
TIMEOUT = 5  # seconds for each network check


@dataclass(frozen=True)
class Finding:
    area: str
    status: str
    message: str


def check_configuration() -> list[Finding]:
    config = current_app.config
    env = config.get("APP_ENV")
    found = [Finding("configuration", OK, f"running as {env}")]
    if env != "production":
        found.append(Finding("configuration", WARN, "not production: secrets come from instance/ and cookies are not Secure"))
        return found
    site = urlsplit(config.get("SITE_URL", ""))
    if site.scheme != "https":
        found.append(Finding("configuration", FAIL, f"SITE_URL must start with https:// (it is {config.get('SITE_URL')!r})"))
    if not config.get("SESSION_COOKIE_SECURE"):
        found.append(Finding("configuration", FAIL, "cookies are not marked Secure"))
    if config.get("TRUSTED_PROXIES", 0) == 0:
        found.append(Finding("configuration", WARN, "TRUSTED_PROXIES is 0: behind a proxy, set it to the number of proxies"))
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        found.append(Finding("configuration", WARN, "DATABASE_URL is SQLite: fine for one server, not for several"))
    return found


def check_organisation() -> list[Finding]:
    """Who runs the site, as every page names them. Outside production the sample values are shown
    (marked "not real"); in production a missing one stops the start, and a sample one is a failure."""
    from ..config import ORGANISATION_SETTINGS, SAMPLE_ORGANISATION

    config = current_app.config
    production = config.get("APP_ENV") == "production"
    found = []
    for name in ORGANISATION_SETTINGS:
        value = str(config.get(name) or "").strip()
        if not value:
            found.append(Finding("organisation", FAIL, f"{name} is not set: pages would not say who runs the site"))
        elif value == SAMPLE_ORGANISATION[name]:
            found.append(Finding("organisation", FAIL if production else WARN,
                                 f"{name} is the sample value {value!r}: set the real one"))
        else:
            found.append(Finding("organisation", OK, f"{name} is {value!r}"))
    for setting in ("CONTACT_EMAIL",):
        value = str(config.get(setting) or "")
        if value and "@" not in value:
            found.append(Finding("organisation", FAIL, f"{setting} must be an e-mail address (it is {value!r})"))
    return found


def check_keys() -> list[Finding]:
    keys = split_keys(current_app.config.get("DATA_ENCRYPTION_KEYS"))
    if not keys:
        return [Finding("keys", FAIL, "DATA_ENCRYPTION_KEYS is empty: nothing a person types can be stored")]
    for number, key in enumerate(keys, start=1):
        if not valid_key(key):
            return [Finding("keys", FAIL, f"encryption key number {number} is not a valid Fernet key")]
    found = []
    weakness = weak_secret(current_app.config.get("SECRET_KEY"))
    # Outside production the test configuration's published key is expected; length still counts.
    if weakness and (current_app.config.get("APP_ENV") == "production" or "shorter" in weakness):
        found.append(Finding("keys", FAIL, f"SECRET_KEY {weakness}: make one with {GENERATE_SECRET}"))
    # A stored value that no configured key opens means the keys were changed without rotating.
    from ..crypto import ENCRYPTED_COLUMNS, decrypt, decrypt_bytes

    try:
        for table, columns in ENCRYPTED_COLUMNS.items():
            column = columns[0]
            value = db.session.execute(
                text(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL LIMIT 1")  # names from code only
            ).scalar()
            if value is not None:
                decrypt_bytes(value) if isinstance(value, (bytes, memoryview)) else decrypt(value)
    except InvalidToken:
        found.append(Finding("keys", FAIL, f"stored data in {table} cannot be opened with any configured key"))
    except SQLAlchemyError:
        db.session.rollback()  # the database check reports this
    found.append(Finding("keys", OK, f"{len(keys)} encryption key(s); the first one encrypts"))
    return found


def check_database() -> list[Finding]:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        return [Finding("database", FAIL, f"cannot connect: {type(exc.orig or exc).__name__}; check DATABASE_URL")]
    found = [Finding("database", OK, f"connected ({db.engine.dialect.name})")]
    if db.engine.dialect.name == "sqlite":
        mode = db.session.execute(text("PRAGMA journal_mode")).scalar()
        if str(mode).lower() != "wal":
            found.append(Finding("database", WARN, f"SQLite journal mode is {mode}, not WAL"))
    return found


def check_migrations() -> list[Finding]:
    migrate = current_app.extensions.get("migrate")
    directory = migrate.directory if migrate is not None else str(BASE_DIR / "migrations")
    script = ScriptDirectory(directory)
    heads = set(script.get_heads())
    try:
        with db.engine.connect() as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError:
        return [Finding("migrations", FAIL, "cannot read the database's migration state")]
    if current == heads:
        return [Finding("migrations", OK, f"database is at {', '.join(sorted(heads))}")]
    if not current:
        return [Finding("migrations", FAIL, "the database has not been migrated: run `flask db upgrade`")]
    return [Finding("migrations", FAIL, f"database is at {', '.join(sorted(current))}, the code needs "
                                        f"{', '.join(sorted(heads))}: run `flask db upgrade`")]


def check_redis() -> list[Finding]:
    uri = current_app.config.get("RATELIMIT_STORAGE_URI", "memory://")
    if not uri.startswith(("redis://", "rediss://")):
        status = WARN if current_app.config.get("APP_ENV") == "production" else OK
        return [Finding("redis", status, "rate limits are kept in memory: each worker counts on its own")]
    import redis

    try:
        redis.Redis.from_url(uri, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT).ping()
    except redis.RedisError as exc:
        # The running site keeps the limits in each worker's memory while Redis is down (see
        # RATELIMIT_IN_MEMORY_FALLBACK_ENABLED), so a Redis outage must not stop the site starting.
        return [Finding("redis", WARN, f"cannot reach the rate-limit store ({type(exc).__name__}): limits are kept "
                                       "per worker until it answers; check RATELIMIT_STORAGE_URI")]
    return [Finding("redis", OK, "rate-limit store answers")]


def check_mail() -> list[Finding]:
    config = current_app.config
    server = config.get("MAIL_SERVER")
    # Mail only ever warns: reports are stored whatever happens to mail, and the outbox keeps every
    # notice until the server takes it, so an outage must not keep the site from starting.
    if not server:
        return [Finding("e-mail", WARN, "MAIL_SERVER is not set: the case team will not hear of new reports")]
    port = int(config.get("MAIL_PORT") or (465 if config.get("MAIL_USE_TLS") else 25))
    try:
        klass = smtplib.SMTP_SSL if config.get("MAIL_USE_TLS") else smtplib.SMTP
        with klass(server, port, timeout=TIMEOUT) as smtp:
            smtp.ehlo()
            if config.get("MAIL_STARTTLS"):
                smtp.starttls()
                smtp.ehlo()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            smtp.noop()
    except (OSError, smtplib.SMTPException, socket.timeout) as exc:
        return [Finding("e-mail", WARN, f"cannot talk to {server}:{port} ({type(exc).__name__}): notices wait "
                                        "in the outbox until it answers")]
    found = [Finding("e-mail", OK, f"{server}:{port} accepts a connection")]
    if not config.get("CASE_TEAM_EMAIL"):
        found.append(Finding("e-mail", WARN, "CASE_TEAM_EMAIL is not set: nobody would be told of a new report"))
    return found


# What every page links (staff pages add staff.css): without one, pages arrive unstyled or inert.
BUILT = ("main.css", "staff.css", "app.js")


def check_built_files() -> list[Finding]:
    found = []
    dist = Path(current_app.static_folder) / "dist"
    missing_built = [name for name in BUILT if not (dist / name).exists()]
    if missing_built:
        found.append(Finding("built files", FAIL, f"static/dist lacks {', '.join(missing_built)}: "
                                                  "run `npm ci && npm run build`"))
    translations = Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])
    missing = [p.parent.parent.name for p in translations.glob("*/LC_MESSAGES/messages.po")
               if not p.with_suffix(".mo").exists()]
    if missing:
        found.append(Finding("built files", FAIL, f"translations not compiled for {', '.join(sorted(missing))}: "
                                                  "run `pybabel compile -d translations`"))
    return found or [Finding("built files", OK, "styles, scripts and translations are built")]


def check_private_files() -> list[Finding]:
    """The instance folder, its keys and an SQLite database hold secrets and reports: owner only."""
    from sqlalchemy.engine import make_url

    paths = [Path(current_app.config["INSTANCE_DIR"])]
    url = make_url(str(current_app.config.get("SQLALCHEMY_DATABASE_URI", "")))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        database = Path(url.database)
        paths += [database.parent, database, Path(f"{database}-wal"), Path(f"{database}-shm")]
    found = []
    if paths[0].is_dir():
        try:
            paths += [p for p in paths[0].iterdir() if p.is_file()]
        except OSError as exc:  # another user's folder (a root-owned instance/ in a release): not ours to judge
            found.append(Finding("files", WARN, f"cannot look inside {paths[0]} ({exc.strerror}): "
                                                "the site does not read it as this user"))
    for path in dict.fromkeys(paths):  # once each, in order
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            continue
        if mode & 0o077:
            wanted = "700" if path.is_dir() else "600"
            found.append(Finding("files", WARN, f"{path} can be read by other users (mode {mode:o}): chmod {wanted} it"))
    return found or [Finding("files", OK, "the instance folder and the database are readable by their owner only")]


CHECKS = (check_configuration, check_organisation, check_keys, check_private_files, check_database, check_migrations, check_redis, check_mail, check_built_files)


def run_all() -> list[Finding]:
    findings = []
    for check in CHECKS:
        try:
            findings.extend(check())
        except Exception as exc:  # a doctor that crashes helps nobody: report and go on
            findings.append(Finding(check.__name__.removeprefix("check_"), FAIL, f"check failed: {type(exc).__name__}"))
    return findings
