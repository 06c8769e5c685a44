"""The restore drill DEPLOY.md asks for, on every run: a report is written, the database backed up
and restored into a new one, `flask doctor` proves the keys still open the data, and the report
reads back. On SQLite and on a new PostgreSQL database (pg_dump and pg_restore)."""
import uuid

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask_migrate import upgrade

from app import create_app
from app.extensions import db

from . import services
from .report_helpers import make_report, stored


def _new_database(url: str | None, tmp_path, name: str):
    """An empty database: a file for SQLite, a new database on the test PostgreSQL server."""
    if url is None:
        return f"sqlite:///{tmp_path / name}.db", lambda: None
    admin = sa.create_engine(services.POSTGRES_URL, isolation_level="AUTOCOMMIT")
    database = f"drill_{name}_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{database}"'))
    except Exception as exc:  # any failure means the service is not there
        services.unavailable(f"PostgreSQL cannot create a database ({type(exc).__name__})")

    def drop():
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()

    return sa.engine.make_url(services.POSTGRES_URL).set(database=database).render_as_string(hide_password=False), drop


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request):
    return services.POSTGRES_URL if request.param == "postgres" else None


def _app(url, tmp_path, keys):
    return create_app("test", SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=tmp_path, DATA_ENCRYPTION_KEYS=keys)


def test_a_report_survives_backup_and_restore_and_the_keys_still_open_it(server, tmp_path):
    keys = [Fernet.generate_key().decode()]
    first_url, drop_first = _new_database(server, tmp_path, "live")
    second_url, drop_second = _new_database(server, tmp_path, "restored")
    try:
        live = _app(first_url, tmp_path, keys)
        with live.app_context():
            upgrade()
        reference = make_report(live, description="Written before the backup MARKER-5521")
        written = live.test_cli_runner().invoke(args=["backup", "write", str(tmp_path / "backups")])
        assert written.exit_code == 0, written.output
        backup = next((tmp_path / "backups").glob("reporthate-*"))
        assert backup.stat().st_mode & 0o077 == 0  # the owner's only
        with live.app_context():
            db.engine.dispose()

        restored = _app(second_url, tmp_path, keys)
        loaded = restored.test_cli_runner().invoke(args=["backup", "restore", str(backup)])
        assert loaded.exit_code == 0, loaded.output
        doctor = restored.test_cli_runner().invoke(args=["doctor"])
        assert doctor.exit_code == 0, doctor.output
        assert "OK    keys:" in doctor.output and "cannot be opened" not in doctor.output
        assert "OK    migrations: database is at" in doctor.output
        report = stored(restored, reference)
        with restored.app_context():
            assert "MARKER-5521" in report.description
            db.engine.dispose()

        # The drill's point: without the keys kept apart, the same backup opens nothing.
        stranger = _app(second_url, tmp_path, [Fernet.generate_key().decode()])
        refused = stranger.test_cli_runner().invoke(args=["doctor"])
        assert refused.exit_code == 1 and "cannot be opened with any configured key" in refused.output
        with stranger.app_context():
            db.engine.dispose()
    finally:
        drop_first()
        drop_second()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    app = _app(f"sqlite:///{tmp_path / 'x.db'}", tmp_path, [Fernet.generate_key().decode()])
    with app.app_context():
        upgrade()
    (tmp_path / "old.sqlite").write_bytes(b"")
    result = app.test_cli_runner().invoke(args=["backup", "restore", str(tmp_path / "old.sqlite")])
    assert result.exit_code == 1 and "not empty" in result.output
    with app.app_context():
        db.engine.dispose()


@pytest.mark.postgres
def test_a_failed_dump_leaves_no_file_that_looks_like_a_backup(tmp_path):
    url, drop = _new_database(services.POSTGRES_URL, tmp_path, "gone")
    drop()  # the database no longer exists: pg_dump fails
    app = _app(url, tmp_path, [Fernet.generate_key().decode()])
    result = app.test_cli_runner().invoke(args=["backup", "write", str(tmp_path / "backups")])
    assert result.exit_code == 1 and "pg_dump failed" in result.output
    assert list((tmp_path / "backups").iterdir()) == []
