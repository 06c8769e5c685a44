"""Migrations: every one runs up and down, and the head matches the models, on both databases."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db

from . import services


def _check(url: str, tmp_path):
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url, INSTANCE_DIR=tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"render_as_batch": True}), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(db.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set(), f"downgrade left tables behind: {tables}"
        upgrade()
        db.engine.dispose()


def test_migrations_up_down_and_match_models_on_sqlite(tmp_path):
    _check(f"sqlite:///{tmp_path / 'm.db'}", tmp_path)


@pytest.mark.postgres
def test_migrations_up_down_and_match_models_on_postgres(tmp_path):
    url, schema = services.postgres_schema_url()
    try:
        _check(url, tmp_path)
    finally:
        services.drop_postgres_schema(schema)
