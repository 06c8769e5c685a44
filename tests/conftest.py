"""Fixtures in the flaskr style: a fresh app and database for every test."""
import os

import pytest
from cryptography.fernet import Fernet
from jinja2 import BytecodeCache

from app import create_app
from app.extensions import db

from . import services
from .pagecheck import PageClient


class _SharedBytecode(BytecodeCache):
    """Compiled templates shared by every test's app: each test builds a fresh app (and Jinja
    environment), and compiling the same templates again for each one was most of a test's time."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


SHARED_BYTECODE = _SharedBytecode()

# Production refuses to start without the organisation's settings; tests that start it give these.
ORGANISATION_ENV = {
    "ORGANISATION_NAME": "Test organisation",
    "CONTACT_EMAIL": "contact@example.org",
    "DATA_CONTROLLER": "Test data controller",
    "DPO_CONTACT": "dpo@example.org",
}


def production_env(instance, **settings) -> dict:
    """The environment of a production process a test starts: the organisation's settings, a fresh
    secret key, the instance folder given, nothing sent by e-mail; `settings` add or override."""
    return {**os.environ, **ORGANISATION_ENV, "APP_ENV": "production", "SITE_URL": "https://reporthate.example.org",
            "SECRET_KEY": Fernet.generate_key().decode(), "INSTANCE_DIR": str(instance), "MAIL_SERVER": "",
            **settings}


def organisation_env(monkeypatch) -> None:
    for name, value in ORGANISATION_ENV.items():
        monkeypatch.setenv(name, value)


def make_app(database_url: str, **overrides):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=database_url, **overrides)
    app.test_client_class = PageClient
    app.jinja_env.bytecode_cache = SHARED_BYTECODE
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture
def app(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'test.db'}", INSTANCE_DIR=tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def postgres_url():
    url, schema = services.postgres_schema_url()
    yield url
    services.drop_postgres_schema(schema)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db_url(request, tmp_path):
    """The address of an empty database: the embedded one, then a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url, schema = services.postgres_schema_url()
    yield url
    services.drop_postgres_schema(schema)


@pytest.fixture
def any_db_app(any_db_url, tmp_path):
    """The same test on the embedded database and on PostgreSQL."""
    app = make_app(any_db_url, INSTANCE_DIR=tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def csrf_token(client, url: str) -> str:
    """The CSRF token from a form page, as a browser would send it."""
    from bs4 import BeautifulSoup

    html = client.get(url).get_data(as_text=True)
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})
    assert field is not None, f"{url} has no CSRF token"
    return field["value"]
