"""Walk the access matrix: every route of the app, every role, the expected outcome; and no GET writes."""
from __future__ import annotations

import sqlalchemy as sa

from diaspora.extensions import db
from diaspora.tokens.services import create_token
from tests.factories import PASSWORD
from tests.security.access_matrix import API_ROUTES, ENDS_SESSION, ROLES, ROUTES

IGNORED_METHODS = {"HEAD", "OPTIONS"}
LOG_TABLES = {"audit_events"}


def app_routes(app) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
            for method in rule.methods - IGNORED_METHODS}


def test_every_route_is_in_the_matrix(app):
    assert not set(ROUTES) & set(API_ROUTES), "a route has a row in both tables"
    missing = sorted(app_routes(app) - set(ROUTES) - set(API_ROUTES))
    assert missing == [], f"routes without an access-matrix row: {missing}"
    stale = sorted((set(ROUTES) | set(API_ROUTES)) - app_routes(app))
    assert stale == [], f"matrix rows for routes that no longer exist: {stale}"
    assert all(rule.rule.startswith("/api/") for rule in app.url_map.iter_rules()
               if (rule.endpoint, "GET") in API_ROUTES or (rule.endpoint, "POST") in API_ROUTES)


def outcome(response) -> str:
    status = response.status_code
    location = response.headers.get("Location", "")
    if status in (301, 302, 303) and "/auth/login" in location:
        return "l"
    if status == 401:
        return "u"
    if status == 403:
        return "d"
    if status == 404:
        return "h"
    if status < 400 or status in (400, 409, 413, 422):
        return "o"
    return f"?{status}"


def row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
            for t in db.metadata.sorted_tables if t.name not in LOG_TABLES}


def _matches(got: str, want: str) -> bool:
    return got == want or (want == "r" and got in "dh")


def test_access_matrix(app, world):
    users, objects = world
    checked = 0
    failures = []
    for column, role in enumerate(ROLES):
        user = users[role]
        client = app.test_client()

        def log_in():
            if user is not None:
                response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
                assert response.status_code == 302

        log_in()
        for (endpoint, method), (build, expected) in sorted(ROUTES.items(), key=lambda item: item[0][1] == "POST"):
            url = build(objects)
            before = row_counts() if method == "GET" else None
            response = client.open(url, method=method, data={})
            response.close()
            got, want = outcome(response), expected[column]
            if not _matches(got, want):
                failures.append(f"{role} {method} {url}: expected {want}, got {got} ({response.status_code})")
            if before is not None and row_counts() != before:
                failures.append(f"{role} GET {url} changed rows")
            checked += 1
            if (endpoint, method) in ENDS_SESSION:
                log_in()
    assert failures == [], "\n".join(failures)
    print(f"web access matrix: {len(ROUTES)} route-methods x {len(ROLES)} roles = {checked} checks")


def test_api_access_matrix(app, world):
    """Each role with its own personal bearer token; anonymous with none (401)."""
    users, objects = world
    headers = {}
    for role, user in users.items():
        headers[role] = {"Authorization": f"Bearer {create_token(user, 'matrix')[1]}"} if user else {}
    db.session.commit()
    client = app.test_client()
    failures, checked = [], 0
    for column, role in enumerate(ROLES):
        for (_endpoint, method), (build, expected) in sorted(API_ROUTES.items(), key=lambda item: item[0][1] != "GET"):
            url, kwargs = build(objects)
            response = client.open(url, method=method, headers=headers[role], **kwargs)
            response.close()
            got, want = outcome(response), expected[column]
            if not _matches(got, want):
                failures.append(f"{role} {method} {url}: expected {want}, got {got} ({response.status_code})")
            checked += 1
    assert failures == [], "\n".join(failures)
    print(f"API access matrix: {len(API_ROUTES)} operations x {len(ROLES)} roles = {checked} checks")


def test_session_cookie_alone_never_authenticates_the_api(app, world):
    users, objects = world
    for role in "MFOX":
        client = app.test_client()
        assert client.post("/auth/login", data={"email": users[role].email, "password": PASSWORD}).status_code == 302
        for (endpoint, method), (build, expected) in API_ROUTES.items():
            if expected[0] != "u":
                continue  # public documents
            url, kwargs = build(objects)
            response = client.open(url, method=method, **kwargs)
            assert response.status_code == 401, f"{role} {method} {url} with a cookie: {response.status_code}"
