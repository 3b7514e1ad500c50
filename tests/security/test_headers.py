"""Security headers, cookies and production configuration (ASVS V3, V13, V14)."""
import pathlib
import re

import pytest

from config import DEFAULT_SECRET_KEY, ProductionConfig
from diaspora.auth.models import Role
from tests.factories import PASSWORD


def test_every_page_has_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers, "HSTS only in production"


def test_templates_have_no_inline_script(app):
    for path in pathlib.Path(app.template_folder).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", text):
            assert "src=" in match.group(1), f"inline <script> in {path}"
        assert not re.search(r"\son[a-z]+\s*=", text), f"inline event handler in {path}"


def test_authenticated_pages_are_not_cached(client, make_user, login):
    login(make_user(Role.MEMBER))
    assert client.get("/members/").headers["Cache-Control"] == "no-store"


def test_session_cookie_flags(app_factory, make_user):
    app = app_factory(SESSION_COOKIE_SECURE=True)
    with app.app_context():
        user = make_user()
        client = app.test_client()
        response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_hsts_in_production_config(app_factory):
    app = app_factory(ENFORCE_HSTS=True)
    assert "max-age=" in app.test_client().get("/").headers["Strict-Transport-Security"]


def test_production_config_refuses_default_secret(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", DEFAULT_SECRET_KEY)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig.validate()


def test_production_config_refuses_debug(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 48)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="FLASK_DEBUG"):
        ProductionConfig.validate()


def test_production_config_secure_cookies_and_full_cost_kdf():
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    assert ProductionConfig.ENFORCE_HSTS
    assert ProductionConfig.PASSWORD_HASH_METHOD == "scrypt"  # Werkzeug's full-cost scrypt
