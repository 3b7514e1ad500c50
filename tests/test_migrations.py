"""The schema only changes through Alembic: upgrading from empty must give exactly the models' schema."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from diaspora.extensions import db


def test_upgrade_from_empty_matches_models_and_downgrades(app_factory, tmp_path):
    url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    app = app_factory(SQLALCHEMY_DATABASE_URI=url)
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
