"""`flask doctor` finds what would stop the site serving people, and says so in plain words."""

import pytest
from cryptography.fernet import Fernet
from flask_migrate import upgrade

from app import create_app
from app.doctor import checks
from app.extensions import db

from . import services


def _doctor(app):
    return app.test_cli_runner().invoke(args=["doctor"])


def _status(findings, area):
    return {f.status for f in findings if f.area == area}


@pytest.fixture
def migrated(tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'd.db'}", INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_a_migrated_test_site_passes_with_warnings_only(migrated):
    result = _doctor(migrated)
    assert result.exit_code == 0, result.output
    assert "OK    migrations: database is at" in result.output
    assert "WARN  e-mail: MAIL_SERVER is not set" in result.output
    assert "Nothing stops this site serving" in result.output


def test_an_unmigrated_database_fails_and_says_what_to_run(app):
    result = _doctor(app)
    assert result.exit_code == 1
    assert "run `flask db upgrade`" in result.output


def test_a_wrong_key_for_stored_data_is_found(migrated):
    with migrated.app_context():
        from app.crypto import encrypt

        db.session.execute(db.text(
            "INSERT INTO report_draft (token_hash, answers, created_at, updated_at, expires_at) "
            "VALUES ('x', :answers, '2026-01-01', '2026-01-01', '2027-01-01')"), {"answers": encrypt("{}")})
        db.session.commit()
        assert _status(checks.check_keys(), "keys") == {checks.OK}
        migrated.config["DATA_ENCRYPTION_KEYS"] = [Fernet.generate_key().decode()]
        findings = checks.check_keys()
    assert checks.FAIL in _status(findings, "keys")
    assert any("cannot be opened" in f.message for f in findings)


def test_an_invalid_key_and_a_short_secret_fail(migrated):
    with migrated.app_context():
        migrated.config["DATA_ENCRYPTION_KEYS"] = ["not-a-key"]
        assert _status(checks.check_keys(), "keys") == {checks.FAIL}
        migrated.config["DATA_ENCRYPTION_KEYS"] = [Fernet.generate_key().decode()]
        migrated.config["SECRET_KEY"] = "short"
        assert checks.FAIL in _status(checks.check_keys(), "keys")


def test_unreachable_redis_and_mail_only_warn(migrated):
    """The running site copes with both (limits per worker, notices wait in the outbox), so a reboot
    during either outage must not keep it down: doctor, run before every start, warns and passes."""
    migrated.config["RATELIMIT_STORAGE_URI"] = f"redis://127.0.0.1:{services.free_port()}/0"
    migrated.config["MAIL_SERVER"] = "127.0.0.1"
    migrated.config["MAIL_PORT"] = services.free_port()
    result = _doctor(migrated)
    assert result.exit_code == 0, result.output
    assert "WARN  redis: cannot reach the rate-limit store" in result.output
    assert "WARN  e-mail: cannot talk to 127.0.0.1" in result.output
    assert "FAIL" not in result.output


@pytest.mark.redis
def test_real_redis_answers(migrated):
    migrated.config["RATELIMIT_STORAGE_URI"] = services.redis_url()
    with migrated.app_context():
        assert _status(checks.check_redis(), "redis") == {checks.OK}


def test_doctor_reports_the_organisation_settings(migrated):
    result = _doctor(migrated)
    assert "WARN  organisation: DATA_CONTROLLER is the sample value 'Sample data controller (not real)'" in result.output
    migrated.config.update(APP_ENV="production", ORGANISATION_NAME="Herts partners", DPO_CONTACT="")
    with migrated.app_context():
        findings = {f.message: f.status for f in checks.check_organisation()}
    assert findings["ORGANISATION_NAME is 'Herts partners'"] == checks.OK
    assert findings["DPO_CONTACT is not set: pages would not say who runs the site"] == checks.FAIL
    assert findings["CONTACT_EMAIL is the sample value 'sample-contact-not-real@example.invalid': set the real one"] == checks.FAIL


def test_production_settings_are_held_to_account(migrated):
    migrated.config.update(APP_ENV="production", SITE_URL="http://example.org", SESSION_COOKIE_SECURE=False)
    with migrated.app_context():
        findings = checks.check_configuration() + checks.check_mail() + checks.check_redis()
    messages = " ".join(f.message for f in findings if f.status == checks.FAIL)
    assert "SITE_URL must start with https://" in messages
    assert "cookies are not marked Secure" in messages
    # No mail server means no notices, not a site that cannot serve (README: unset sends nothing).
    assert "MAIL_SERVER is not set" not in messages
    assert any(f.status == checks.WARN and "MAIL_SERVER is not set" in f.message for f in findings)


def _env_example() -> dict[str, str]:
    from pathlib import Path

    lines = (Path(__file__).resolve().parent.parent / "deploy" / "env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


@pytest.mark.parametrize("secret", [
    _env_example()["SECRET_KEY"],          # the example file's, published with the project
    "test-secret-key-not-for-production",  # the test configuration's
    "x" * 64,
    "password" * 8,
])
def test_a_published_or_guessable_secret_fails_in_production(migrated, secret):
    migrated.config.update(APP_ENV="production", SECRET_KEY=secret)
    with migrated.app_context():
        findings = [f for f in checks.check_keys() if f.status == checks.FAIL]
    assert findings and "SECRET_KEY" in findings[0].message
    assert "secrets.token_urlsafe(48)" in findings[0].message  # and says how to make one


def test_a_generated_secret_passes_in_production(migrated):
    import secrets

    migrated.config.update(APP_ENV="production", SECRET_KEY=secrets.token_urlsafe(48))
    with migrated.app_context():
        assert _status(checks.check_keys(), "keys") == {checks.OK}


@pytest.mark.postgres
def test_a_migrated_postgres_database_passes(tmp_path):
    url, schema = services.postgres_schema_url()
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=tmp_path)
    try:
        with app.app_context():
            upgrade()
            findings = checks.check_database() + checks.check_migrations()
            db.engine.dispose()
        assert {f.status for f in findings} == {checks.OK}
    finally:
        services.drop_postgres_schema(schema)


def test_a_database_or_instance_folder_others_can_read_is_a_warning(migrated, tmp_path):
    with migrated.app_context():
        assert _status(checks.check_private_files(), "files") == {checks.OK}
        (tmp_path / "d.db").chmod(0o644)
        tmp_path.chmod(0o755)
        try:
            findings = [f for f in checks.check_private_files() if f.status == checks.WARN]
            assert any("d.db" in f.message and "chmod 600" in f.message for f in findings)
            assert any(f.message.startswith(str(tmp_path) + " ") and "chmod 700" in f.message for f in findings)
        finally:
            tmp_path.chmod(0o700)


def test_a_missing_built_stylesheet_fails(migrated, tmp_path):
    (tmp_path / "dist").mkdir()
    for name in ("main.css", "app.js"):
        (tmp_path / "dist" / name).write_text("x")
    with migrated.app_context():
        migrated.static_folder = str(tmp_path)
        findings = checks.check_built_files()
    assert [f.status for f in findings] == [checks.FAIL] and "staff.css" in findings[0].message


def test_an_instance_folder_the_site_cannot_open_is_a_warning_not_a_failure(migrated, tmp_path, monkeypatch):
    """A release may hold an instance/ folder made by root that the site's user cannot list."""
    from pathlib import Path

    def refused(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refused)
    with migrated.app_context():
        findings = checks.check_private_files()
    assert [f.status for f in findings] == [checks.WARN] and "cannot look inside" in findings[0].message
