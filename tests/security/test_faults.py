"""Faults: the database goes away mid-run and comes back. (A mail server that fails half way through a
workflow: tests/notifications/test_after_commit.py.)

The outage test needs PostgreSQL (the server runs on this machine and in CI): a TCP proxy
between the app and PostgreSQL is cut and restored while a real HTTP server keeps running.
"""
from __future__ import annotations

import os
import threading
import time
import urllib.error
import urllib.request

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from diaspora.extensions import db
from tests.conftest import WORKER
from tests.tcp_proxy import TcpProxy

POSTGRES = os.environ.get("FAULT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _postgres_available() -> bool:
    try:
        with psycopg.connect(make_url(POSTGRES).set(drivername="postgresql").render_as_string(False),
                             connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture
def proxied_database():
    if not _postgres_available():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    base = make_url(POSTGRES)
    name = f"ura_fault_{WORKER}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    engine = sa.create_engine(base.set(database=name))
    db.metadata.create_all(engine)
    engine.dispose()
    proxy = TcpProxy(base.host or "127.0.0.1", base.port or 5432)
    yield proxy, base.set(host="127.0.0.1", port=proxy.port, database=name).render_as_string(hide_password=False)
    proxy.close()


def _get(url: str) -> tuple[int, str]:
    try:
        request = urllib.request.Request(url, headers={"Accept-Language": "en"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_database_outage_gives_503_then_recovers(proxied_database, app_factory):
    proxy, url = proxied_database
    app = app_factory(SQLALCHEMY_DATABASE_URI=url)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    statuses = []
    try:
        status, _ = _get(base + "/")
        statuses.append(status)
        assert status == 200
        proxy.cut()
        for _ in range(5):
            status, body = _get(base + "/")
            statuses.append(status)
            assert status == 503, body[:300]
            assert "Traceback" not in body and "psycopg" not in body
            assert "database is not reachable" in body
        proxy.restore()
        restored_at = time.monotonic()
        while True:
            status, _ = _get(base + "/")
            statuses.append(status)
            if status == 200 or time.monotonic() - restored_at > 10:
                break
            time.sleep(0.1)
        recovery = time.monotonic() - restored_at
        assert status == 200, f"no recovery within {recovery:.1f} s"
        assert 500 not in statuses
        print(f"database outage: {statuses.count(503)} answers 503, recovered {recovery:.2f} s after restore")
    finally:
        server.shutdown()
        server.server_close()
        with app.app_context():
            db.engine.dispose()
