"""Configuration classes.

Development and tests generate their secrets into `instance/`; production refuses to start
without them, so a forgotten setting can never fall back to a key that is in the repository.
"""
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url

from .crypto import GENERATE_SECRET, split_keys, valid_key, weak_secret

BASE_DIR = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """A required setting is missing or wrong; the message says which and how to fix it."""


def _instance_secret(instance: Path, name: str, make) -> str:
    """Read a secret kept in the instance folder, creating it on first use (development only)."""
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = instance / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(make())
    return path.read_text().strip()


class Config:
    APP_ENV = "base"
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000")
    INSTANCE_DIR = Path(os.environ.get("INSTANCE_DIR", BASE_DIR / "instance"))
    CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "content"))

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Seconds a PostgreSQL connection may take to open (see engine_options).
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))

    # Public session cookie: holds only the language and a random draft key, never answers.
    SESSION_COOKIE_NAME = "session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Strict"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = 4 * 60 * 60

    WTF_CSRF_TIME_LIMIT = 4 * 60 * 60
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # Where "Exit this page" sends a person: a neutral, everyday site.
    EXIT_URL = os.environ.get("EXIT_URL", "https://www.bbc.co.uk/weather")

    # Rate limits: memory by default, Redis when several app servers share the load.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_ENABLED = True
    # Redis down: the same limits are kept in each worker's memory until it answers again, so a
    # person is never refused for our fault and the limits never simply switch off.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # A Redis that stops answering (overloaded, or cut off without a reset) must cost a moment, not
    # hold every limited request for ever: after half a second it counts as down, as above.
    RATELIMIT_STORAGE_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}

    # How many reverse proxies in front of the app may set X-Forwarded-For/-Proto. 0 trusts none.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    # How long a report is kept before it is deleted (the privacy notice says 2 years; a report
    # passed to the police is kept for 7, which the case worker's status change sets).
    REPORT_RETENTION_DAYS = int(os.environ.get("REPORT_RETENTION_DAYS", str(2 * 365)))

    # E-mail notifications (`flask outbox send`). Recipients may be comma-separated lists.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "0") or 0)
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"  # implicit TLS, usually port 465
    MAIL_STARTTLS = os.environ.get("MAIL_STARTTLS", "") == "1"  # STARTTLS, usually port 587
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "")
    CASE_TEAM_EMAIL = os.environ.get("CASE_TEAM_EMAIL", "")
    REFERRAL_EMAIL = os.environ.get("REFERRAL_EMAIL", "")
    # The police team told when a case worker passes a report on (as far as the person agreed).
    POLICE_REFERRAL_EMAIL = os.environ.get("POLICE_REFERRAL_EMAIL", "")
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
    # How long the single-use link in a referral e-mail to Beacon works after it is sent.
    REFERRAL_LINK_HOURS = int(os.environ.get("REFERRAL_LINK_HOURS", "72"))

    # Who runs the site, as every page names them ([[setting:...]] in content, the footer). Production
    # refuses to start without them; development and tests show sample values marked as not real.
    # Read from the environment when the app starts (see _organisation).
    ORGANISATION_NAME = CONTACT_EMAIL = DATA_CONTROLLER = DPO_CONTACT = ""
    # The county's own hate crime pages, shown on the support page: "Name|https://..." pairs separated
    # by ";" in the environment, a list of (name, url) here.
    PARTNER_LINKS: list = []

    MAX_CONTENT_LENGTH = 256 * 1024
    # Each Markdown file is parsed once per version (app/content/pages.py); nothing about a visitor is kept.
    CONTENT_CACHE = True

    @classmethod
    def load(cls, config: dict) -> None:
        """Fill in settings that depend on the environment; raise ConfigError when one is missing."""


ORGANISATION_SETTINGS = ("ORGANISATION_NAME", "CONTACT_EMAIL", "DATA_CONTROLLER", "DPO_CONTACT")
# Shown outside production, so no one can mistake them for the real operator.
SAMPLE_ORGANISATION = {
    "ORGANISATION_NAME": "Sample organisation (not real)",
    "CONTACT_EMAIL": "sample-contact-not-real@example.invalid",
    "DATA_CONTROLLER": "Sample data controller (not real)",
    "DPO_CONTACT": "sample-dpo-not-real@example.invalid",
}


def _organisation(config: dict, samples: bool) -> None:
    """The organisation settings from the app's overrides or the environment; samples if allowed."""
    for name in ORGANISATION_SETTINGS:
        value = str(config.get(name) or os.environ.get(name) or "").strip()
        config[name] = value or (SAMPLE_ORGANISATION[name] if samples else "")
    if not config.get("PARTNER_LINKS"):
        config["PARTNER_LINKS"] = partner_links(os.environ.get("PARTNER_LINKS", ""))


def partner_links(value: str) -> list[tuple[str, str]]:
    """ "Name|https://address; Other name|https://other" as [(name, address)]; only https links."""
    links = []
    for item in value.split(";"):
        if not item.strip():
            continue
        name, _bar, url = (part.strip() for part in item.partition("|"))
        if not name or urlsplit(url).scheme != "https" or not urlsplit(url).hostname:
            raise ConfigError(f"PARTNER_LINKS: {item.strip()!r} must be a name, then |, then an https:// address.")
        links.append((name, url))
    return links


def local_site_url() -> str:
    """The address `make run` serves on (HOST and PORT, or flask's own FLASK_RUN_HOST/PORT)."""
    host = os.environ.get("HOST") or os.environ.get("FLASK_RUN_HOST") or "127.0.0.1"
    port = os.environ.get("PORT") or os.environ.get("FLASK_RUN_PORT") or "5000"
    return f"http://{host}:{port}"


class DevelopmentConfig(Config):
    APP_ENV = "development"

    @classmethod
    def load(cls, config: dict) -> None:
        _organisation(config, samples=True)
        instance = Path(config["INSTANCE_DIR"])
        # Set-up links, short links, QR captions and emails follow the port actually served,
        # unless SITE_URL is set (or given to create_app).
        if not os.environ.get("SITE_URL") and config.get("SITE_URL") == Config.SITE_URL:
            config["SITE_URL"] = local_site_url()
        # Flask pre-sets SECRET_KEY to None, so "missing" means falsy, not absent.
        if not config.get("SECRET_KEY"):
            config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _instance_secret(
                instance, "secret_key", lambda: secrets.token_urlsafe(48)
            )
        if not config.get("DATA_ENCRYPTION_KEYS"):
            keys = os.environ.get("DATA_ENCRYPTION_KEYS") or _instance_secret(
                instance, "data_key", lambda: Fernet.generate_key().decode()
            )
            config["DATA_ENCRYPTION_KEYS"] = split_keys(keys)
        if not config.get("SQLALCHEMY_DATABASE_URI"):
            config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'site.db'}"


class TestConfig(Config):
    APP_ENV = "test"
    TESTING = True
    WTF_CSRF_ENABLED = True
    RATELIMIT_ENABLED = False
    SECRET_KEY = "test-secret-key-not-for-production"
    DATA_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    CONTENT_CACHE = False

    @classmethod
    def load(cls, config: dict) -> None:
        _organisation(config, samples=True)
        config.setdefault("SQLALCHEMY_DATABASE_URI", "sqlite://")


class ProductionConfig(Config):
    APP_ENV = "production"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def load(cls, config: dict) -> None:
        missing = [name for name in ("SECRET_KEY", "DATA_ENCRYPTION_KEYS", "DATABASE_URL") if not os.environ.get(name)]
        _organisation(config, samples=False)
        missing += [name for name in ORGANISATION_SETTINGS if not config[name]]
        if missing:
            raise ConfigError(
                "Production needs these environment settings: " + ", ".join(missing)
                + ". See README.md, 'Configuration'. SECRET_KEY: a long random string; "
                "DATA_ENCRYPTION_KEYS: one or more Fernet keys, newest first, comma-separated; "
                "DATABASE_URL: a PostgreSQL address; ORGANISATION_NAME, CONTACT_EMAIL, DATA_CONTROLLER, "
                "DPO_CONTACT: who runs the site and how people reach them, as every page names them."
            )
        weakness = weak_secret(os.environ["SECRET_KEY"])
        if weakness:
            raise ConfigError(f"SECRET_KEY {weakness}. Make one with: {GENERATE_SECRET}")
        keys = split_keys(os.environ["DATA_ENCRYPTION_KEYS"])
        if not all(valid_key(key) for key in keys):
            raise ConfigError("DATA_ENCRYPTION_KEYS holds a key that is not a valid Fernet key.")
        config["SECRET_KEY"] = os.environ["SECRET_KEY"]
        config["DATA_ENCRYPTION_KEYS"] = keys
        config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
        # Only the site's own host name is answered: a forged Host header gets a 400, so it can never
        # reach a redirect, a set-up link or an email.
        config["TRUSTED_HOSTS"] = [urlsplit(config["SITE_URL"]).hostname]


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def engine_options(config) -> dict:
    """The database engine's options. On PostgreSQL a server that stops answering (a failover, a
    host dropped from the network) fails a request within seconds, so the person gets the 503 page
    with what they typed, instead of waiting minutes for the operating system's TCP timeouts while
    the proxy in front gives up with its own page. Values set in DATABASE_URL are kept."""
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "postgresql":
        args = dict(options.get("connect_args", {}))
        seconds = config["DATABASE_CONNECT_TIMEOUT"]
        if "connect_timeout" not in url.query:
            args.setdefault("connect_timeout", seconds)
        if "tcp_user_timeout" not in url.query:
            # Linux: data the server has not acknowledged within this time (ms) closes the connection.
            args.setdefault("tcp_user_timeout", seconds * 2000)
        options["connect_args"] = args
    return options


def private_sqlite_file(database_uri: str) -> None:
    """Create an SQLite database file readable by its owner only, before SQLite would create it
    world-readable; SQLite gives its write-ahead log the file's own permissions. Existing files are
    left as they are (`flask doctor` warns when they are wider), and so is a missing folder: the
    database then fails to open, as it would have anyway."""
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    try:
        os.close(os.open(url.database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:  # it exists, or its folder does not
        pass


def config_for(name: str | None):
    name = name or os.environ.get("APP_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}.") from None
