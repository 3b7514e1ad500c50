"""Shared fixtures: an app on a fresh database per test, a client, a login helper, factories.

SQLite by default; PostgreSQL when TEST_DATABASE_URL is set (one database per xdist worker,
created on first use). Tables are created once per worker and emptied after each test.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from config import BASE_DIR, TestConfig
from diaspora import create_app
from diaspora.extensions import db as _db
from diaspora.mail import outbox_messages
from tests import factories

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def _postgres_url(base: str) -> str:
    """Each xdist worker gets its own database next to the one named in TEST_DATABASE_URL."""
    url = make_url(base)
    name = f"{url.database}_{WORKER}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        return _postgres_url(base)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def _schema(database_url):
    engine = sa.create_engine(database_url)
    _db.metadata.drop_all(engine)
    _db.metadata.create_all(engine)
    _stamp_head(engine)
    engine.dispose()
    return database_url


def _stamp_head(engine) -> None:
    """The models' schema is the migrations' head (tests/test_migrations.py): say so, as `flask db upgrade`
    would, so that /readyz finds the schema current."""
    with engine.begin() as connection:
        MigrationContext.configure(connection).stamp(ScriptDirectory(str(BASE_DIR / "migrations")), "heads")


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production.

    Tests hold an app context for factories; without this, requests would share its `g`
    (Flask-Login's cached user) and its database session. What the test wrote is committed
    first, so the request sees it, and the test's objects reload afterwards.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Tests read English unless they ask for Albanian (the product's default for a new visitor).
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open(self, *args, **kwargs):
        if has_app_context():
            _db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_config(tmp_path: Path, database_url: str, **overrides) -> type[TestConfig]:
    attributes = dict(
        INSTANCE_DIR=tmp_path, SQLALCHEMY_DATABASE_URI=database_url,
        MAIL_OUTBOX_DIR=tmp_path / "outbox", UPLOAD_DIR=tmp_path / "uploads",
        MATCHING_MODEL_DIR=tmp_path / "models", MATCHING_INDEX_DIR=tmp_path / "index",
    )
    attributes.update(overrides)
    return type("PerTestConfig", (TestConfig,), attributes)


def _empty_tables() -> None:
    _db.session.rollback()
    for table in reversed(_db.metadata.sorted_tables):
        _db.session.execute(table.delete())
    _db.session.commit()


@pytest.fixture
def app_factory(tmp_path, _schema):
    """Build an app with config overrides (e.g. CSRF on); every app shares the fresh database."""
    created = []

    def build(**overrides):
        application = create_app(make_config(tmp_path, _schema, **overrides))
        application.test_client_class = IsolatedClient
        created.append(application)
        return application

    yield build
    for application in created:
        with application.app_context():
            _empty_tables()
            _db.engine.dispose()


@pytest.fixture
def app(app_factory):
    application = app_factory()
    with application.app_context():
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def login(client):
    """login(user) logs the test client in through the real login form."""
    def do_login(user, password: str = factories.PASSWORD, remember: bool = False):
        _db.session.commit()
        response = client.post("/auth/login", data={"email": user.email, "password": password,
                                                     "remember": "y" if remember else ""})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response
    return do_login


@pytest.fixture
def outbox(app):
    """The messages written to the outbox, newest last."""
    return outbox_messages


@pytest.fixture
def make_user():
    return factories.make_user


@pytest.fixture
def make_member():
    return factories.make_member


@pytest.fixture
def make_institution():
    return factories.make_institution


@pytest.fixture
def make_fellowship():
    return factories.make_fellowship


@pytest.fixture
def make_lead():
    return factories.make_lead


@pytest.fixture
def audit_log(caplog):
    """audit_log(action): the audit log lines written for `action` so far (written once the change commits)."""
    caplog.set_level(logging.INFO, logger="ura.audit")
    return lambda action: [r for r in caplog.records if r.name == "ura.audit" and f"action={action} " in r.message]
