"""/healthz and /readyz: JSON, never cached, no rate limit, no session cookie, 503 naming what fails."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from diaspora import create_app
from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.matches import live
from tests.conftest import _stamp_head, make_config


@pytest.fixture
def no_database(tmp_path):
    """An app whose database refuses connections (port 9: nothing listens)."""
    app = create_app(make_config(tmp_path, "postgresql+psycopg://nobody@127.0.0.1:9/none"))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_healthz_answers_without_the_database(no_database):
    client = no_database.test_client()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_checks_database_migrations_and_index(client, make_member):
    make_member()
    db.session.commit()
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["status"] == "ready" and body["failing"] == []
    assert set(body["checks"]) == {"database", "migrations", "matching_index"}
    index = body["checks"]["matching_index"]
    assert index["rows"] == 1 and index["version"] == index["database_version"]
    assert index["snapshot"].startswith("index-") and index["on_top"] == 0
    assert response.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in response.headers


def test_readyz_brings_the_index_to_the_database_stamp(client, app, make_member):
    client.get("/readyz")
    make_member()  # recorded as a profile change: the database's stamp moves past this worker's index
    db.session.commit()
    stale = app.extensions[live.EXTENSION_KEY].version
    index = client.get("/readyz").json["checks"]["matching_index"]
    assert index["version"] == index["database_version"] > stale and index["rows"] == 1


def test_readyz_names_the_migrations_when_the_schema_is_behind(client):
    db.session.execute(sa.text("UPDATE alembic_version SET version_num = 'b3d0512df8e3'"))
    db.session.commit()
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json["failing"] == ["migrations"]
        assert response.json["checks"]["migrations"]["database"] == ["b3d0512df8e3"]
    finally:
        _stamp_head(db.engine)


def test_readyz_names_the_database_when_it_is_down(no_database):
    client = no_database.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failing"] == ["database", "matching_index", "migrations"]
    assert response.json["checks"]["migrations"] == {"ok": False, "skipped": "database"}


def test_readyz_names_redis_when_configured_and_unreachable(app_factory):
    client = app_factory(REDIS_URL="redis://127.0.0.1:9/0").test_client()
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["failing"] == ["redis"]


def test_probes_renew_no_session(client, make_user, login):
    login(make_user(Role.MEMBER))  # even a probe that sends a session cookie gets none back
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
    assert "Set-Cookie" in client.get("/members/profile").headers  # an ordinary page renews it
