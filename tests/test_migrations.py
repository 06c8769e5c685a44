"""Migrations: every one runs up, down and up again, one at a time, and the head matches the models,
on both databases."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db


def _revisions(app) -> list[str]:
    """Every migration, oldest first (the chain has one head)."""
    script = ScriptDirectory(app.extensions["migrate"].directory)
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _current(app) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _check(url: str, tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        # One migration at a time: up, back down (the rollback DEPLOY.md gives for a release), and
        # up again, so every downgrade leaves exactly what its upgrade can run on once more.
        before = None
        for revision in _revisions(app):
            upgrade(revision=revision)
            downgrade(revision=before or "base")
            assert _current(app) == before, f"{revision} did not go back to {before}"
            upgrade(revision=revision)
            assert _current(app) == revision
            before = revision
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"render_as_batch": True}), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set(), f"downgrade left tables behind: {tables}"
        upgrade()
        db.engine.dispose()


def test_migrations_up_down_and_match_models(any_db_url, tmp_path):
    _check(any_db_url, tmp_path)


def test_centre_history_is_started(any_db_url, tmp_path):
    """Centres already there when 0006 runs get their first history row: open (or closed) since added."""
    app = create_app("test", SQLALCHEMY_DATABASE_URI=any_db_url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade(revision="0005_follow_up")
        with db.engine.begin() as conn:
            for code, active in (("OPEN1", True), ("SHUT1", False)):
                conn.execute(db.text(
                    "INSERT INTO centre (code, slug, name, address, town, postcode, district, opening_hours, phone,"
                    " email, website, languages, step_free, access_notes, services, active, is_sample,"
                    " created_at, updated_at) VALUES (:code, :slug, 'A centre', '', '', '', 'watford', '', '', '',"
                    " '', '', false, '', '', :active, false, '2025-05-06 10:00:00', '2025-05-06 10:00:00')"),
                    {"code": code, "slug": code.lower(), "active": active})
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(db.text(
                'SELECT c.code, h."on", h.active FROM centre_change h JOIN centre c ON c.id = h.centre_id ORDER BY c.code'
            )).all()
        db.engine.dispose()
    assert [(code, str(on), bool(active)) for code, on, active in rows] == [
        ("OPEN1", "2025-05-06", True), ("SHUT1", "2025-05-06", False)]



def test_accounts_already_there_start_with_no_lock_outs(any_db_url, tmp_path):
    """0007 adds the lock-out count to accounts made before it, and lock-out notices to the outbox."""
    app = create_app("test", SQLALCHEMY_DATABASE_URI=any_db_url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade(revision="0006_indicator_history")
        with db.engine.begin() as conn:
            conn.execute(db.text(
                "INSERT INTO staff_user (public_id, email, name, role, active, failed_count, created_at)"
                " VALUES ('p1', 'a@example.org', '', 'case_worker', true, 0, '2026-11-28 10:00:00')"))
        upgrade()
        with db.engine.begin() as conn:
            lockouts = conn.execute(db.text("SELECT lockouts FROM staff_user")).scalar_one()
            conn.execute(db.text(
                "INSERT INTO outbox (kind, staff_user_id, created_at, attempts)"
                " SELECT 'staff-locked-codes', id, '2026-11-28 10:00:00', 0 FROM staff_user"))
        downgrade(revision="0006_indicator_history")
        db.engine.dispose()
    assert lockouts == 0
