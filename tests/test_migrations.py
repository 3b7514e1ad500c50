"""The schema only changes through Alembic: upgrading from empty must give exactly the models' schema,
on SQLite always and on PostgreSQL when the suite runs there."""
import os

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy.engine import make_url

from diaspora.extensions import db
from tests.conftest import WORKER


def _fresh_postgres() -> str:
    base = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"{base.database}_migrations_{WORKER}"
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("PostgreSQL migrations are checked in the PostgreSQL pass (TEST_DATABASE_URL)")
    return _fresh_postgres()


def test_upgrade_from_empty_matches_models_and_downgrades(app_factory, empty_database):
    app = app_factory(SQLALCHEMY_DATABASE_URI=empty_database)
    with app.app_context():
        upgrade()
        engine = db.engine
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        downgrade(revision="base")
        assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        db.engine.dispose()
