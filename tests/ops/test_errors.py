"""An unhandled error: logged once with its request id and traceback; the person sees the translated page with
that id to quote; Sentry (when configured) gets one event tagged with it and no personal data."""
from __future__ import annotations

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import render_template

from diaspora.auth.models import Role
from tests.factories import PASSWORD


def _failing_app(app_factory, **config):
    app = app_factory(**config)

    def explode():
        raise RuntimeError("boom in a view")

    app.add_url_rule("/explode", "explode", explode)
    return app


@pytest.mark.parametrize("language, reference, title", [
    ("en", "Reference to quote if you contact us", "Something went wrong"),
    ("sq", "Referenca për ta përmendur nëse na kontaktoni", "Diçka shkoi keq"),
])
def test_unhandled_error_page_shows_the_request_id_in_the_readers_language(
        app_factory, captured_log, language, reference, title):
    client = _failing_app(app_factory).test_client()
    response = client.get("/explode", headers={"Accept-Language": language})
    page = response.get_data(as_text=True)
    request_id = response.headers["X-Request-ID"]
    assert response.status_code == 500
    assert title in page and reference in page and request_id in page
    errors = [line for line in captured_log.lines() if line["level"] == "error"]
    assert len(errors) == 1, errors
    assert errors[0]["request_id"] == request_id
    assert "Traceback" in errors[0]["exception"] and "RuntimeError: boom in a view" in errors[0]["exception"]
    assert captured_log.events("request")[-1]["status"] == 500


def test_api_errors_carry_the_request_id_too(app_factory):
    client = _failing_app(app_factory).test_client()
    response = client.get("/explode", headers={"Accept": "application/json"})
    assert response.status_code == 500 and response.json["request_id"] == response.headers["X-Request-ID"]


def test_a_failing_error_page_falls_back_to_a_plain_one(app_factory, monkeypatch, captured_log):
    app = _failing_app(app_factory)

    def broken_layout(*args, **kwargs):
        raise RuntimeError("layout broken too")

    monkeypatch.setattr("diaspora.errors.render_template", broken_layout)
    response = app.test_client().get("/explode")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page and response.headers["X-Request-ID"] in page
    assert render_template is not broken_layout


class _Collector(BaseHTTPRequestHandler):
    envelopes: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.envelopes.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_server():
    _Collector.envelopes = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    import sentry_sdk

    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: every later test runs without reporting
    server.shutdown()
    server.server_close()


def test_sentry_gets_one_event_tagged_with_the_request_id_and_no_personal_data(
        app_factory, sentry_server, make_user, login):
    import sentry_sdk

    app = _failing_app(app_factory, SENTRY_DSN=f"http://publickey@127.0.0.1:{sentry_server.server_port}/1")
    client = app.test_client()
    with app.app_context():
        user = make_user(Role.MEMBER, email="vjosa.berisha@example.org")
        response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
    response = client.get("/explode?email=vjosa.berisha@example.org", headers={"Cookie": "x=1"})
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    events = [json.loads(line) for body in _Collector.envelopes for line in body.splitlines()
              if line.startswith(b"{") and b'"exception"' in line]
    assert len(events) == 1
    event = events[0]
    assert event["tags"]["request_id"] == response.headers["X-Request-ID"]
    assert "boom in a view" in json.dumps(event["exception"])
    everything = b"".join(_Collector.envelopes).decode()
    assert "vjosa.berisha" not in everything and "127.0.0.1" not in json.dumps(event.get("user", {}))
