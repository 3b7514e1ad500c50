"""Personal API tokens: shown once, stored as a hash, revocable, and the only way into the API."""
from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from diaspora.auth.models import Role
from diaspora.tokens.models import ApiToken
from diaspora.tokens.services import _decode

TOKEN = re.compile(rb"ura_[A-Za-z0-9_-]{43}")


def test_token_is_shown_once_and_stored_hashed(app, db, client, login, make_user):
    member = make_user(Role.MEMBER)
    login(member)
    response = client.post("/tokens/", data={"name": "sync"})
    assert response.status_code == 201
    plain = TOKEN.search(response.data).group().decode()
    row = db.session.scalar(select(ApiToken))
    assert row.token_hash == hashlib.sha256(_decode(plain)).hexdigest()
    assert plain not in (row.token_hash, row.name) and plain.startswith(row.prefix) and len(row.prefix) == 12
    listing = client.get("/tokens/")
    assert plain.encode() not in listing.data and row.prefix.encode() in listing.data
    assert client.get("/api/v1/opportunities", headers={"Authorization": f"Bearer {plain}"}).status_code == 200
    assert db.session.get(ApiToken, row.id, populate_existing=True).last_used_at is not None


def test_revoked_token_answers_401(app, db, client, login, make_user, bearer):
    member = make_user(Role.MEMBER)
    headers = bearer(member)
    assert client.get("/api/v1/opportunities", headers=headers).status_code == 200
    login(member)
    token = db.session.scalar(select(ApiToken))
    assert client.post(f"/tokens/{token.id}/revoke").status_code == 302
    response = client.get("/api/v1/opportunities", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["status"] == 401 and "Bearer" in response.headers["WWW-Authenticate"]


def test_someone_elses_token_cannot_be_revoked(app, db, client, login, make_user, bearer):
    owner, other = make_user(Role.MEMBER), make_user(Role.MEMBER)
    headers = bearer(owner)
    login(other)
    token = db.session.scalar(select(ApiToken))
    assert client.post(f"/tokens/{token.id}/revoke").status_code == 404
    assert client.get("/api/v1/opportunities", headers=headers).status_code == 200


def test_deactivated_account_token_answers_401(app, db, client, make_user, bearer):
    member = make_user(Role.MEMBER)
    headers = bearer(member)
    member.active = False
    db.session.commit()
    assert client.get("/api/v1/opportunities", headers=headers).status_code == 401


def test_malformed_and_unknown_tokens_answer_401(app, client):
    for value in ("Bearer nonsense", "Bearer ura_" + "A" * 43, "Basic abc", "Bearer ura_!!!"):
        response = client.get("/api/v1/opportunities", headers={"Authorization": value})
        assert response.status_code == 401 and response.is_json


def test_session_cookie_alone_does_not_authenticate_the_api(app, client, login, make_user, make_member):
    member = make_member()
    login(member.user)
    assert client.get("/members/profile").status_code == 200  # the cookie works on the web pages
    assert client.get("/api/v1/profile").status_code == 401
    assert client.put("/api/v1/profile", json={}).status_code == 401


def test_api_needs_no_csrf_token_but_pages_still_do(app_factory, db, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        ministry = make_user(Role.MINISTRY)
        from diaspora.tokens.services import create_token
        _token, plain = create_token(ministry, "ci")
        db.session.commit()
        client = app.test_client()
        response = client.post("/api/v1/opportunities", headers={"Authorization": f"Bearer {plain}"}, json={
            "kind": "fellowship", "title": "Statistics expert", "description": "Help INSTAT.",
            "acquis_chapters": [18]})
        assert response.status_code == 201, response.get_json()
        assert client.post("/tokens/", data={"name": "x"}).status_code in (302, 400)
