"""Walk the access matrix: every route of the app, every role, the expected outcome; and no GET writes."""
from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from diaspora.auth.models import Role
from diaspora.cv import services as cv_services
from diaspora.extensions import db
from diaspora.ministries.models import OpportunityStatus
from tests.documents import make_pdf
from tests.factories import PASSWORD
from tests.security.access_matrix import ENDS_SESSION, ROLES, ROUTES

IGNORED_METHODS = {"HEAD", "OPTIONS"}
LOG_TABLES = {"audit_events"}


def app_routes(app) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
            for method in rule.methods - IGNORED_METHODS}


def test_every_route_is_in_the_matrix(app):
    missing = sorted(app_routes(app) - set(ROUTES))
    assert missing == [], f"routes without an access-matrix row: {missing}"
    stale = sorted(set(ROUTES) - app_routes(app))
    assert stale == [], f"matrix rows for routes that no longer exist: {stale}"


@pytest.fixture
def world(make_user, make_member, make_institution, make_fellowship):
    owner_institution, other_institution = make_institution(), make_institution()
    member = make_member()
    other = make_member()
    users = {
        "A": None, "M": member.user, "m": other.user,
        "F": make_user(Role.MINISTRY, institution=owner_institution),
        "f": make_user(Role.MINISTRY, institution=other_institution),
        "O": make_user(Role.OFFICER), "X": make_user(Role.ADMIN),
    }
    fellowship = make_fellowship(institution=owner_institution)
    draft = make_fellowship(institution=owner_institution, status=OpportunityStatus.DRAFT)
    cv_services.upload_cv(member.user, "cv.pdf", make_pdf(["public procurement"]))
    spare = make_user(Role.MEMBER)
    db.session.commit()
    return users, SimpleNamespace(fellowship=fellowship.id, draft=draft.id, member_user=member.user_id,
                                  member_profile=member.id, spare_user=spare.id)


def outcome(response) -> str:
    status = response.status_code
    location = response.headers.get("Location", "")
    if status in (301, 302, 303) and "/auth/login" in location:
        return "l"
    if status == 403:
        return "d"
    if status == 404:
        return "h"
    if status < 400 or status in (400, 401, 409, 413, 422):
        return "o"
    return f"?{status}"


def row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t))
            for t in db.metadata.sorted_tables if t.name not in LOG_TABLES}


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
            got = outcome(response)
            want = expected[column]
            if not (got == want or (want == "r" and got in "dh")):
                failures.append(f"{role} {method} {url}: expected {want}, got {got} ({response.status_code})")
            if before is not None and row_counts() != before:
                failures.append(f"{role} GET {url} changed rows")
            checked += 1
            if (endpoint, method) in ENDS_SESSION:
                log_in()
    assert failures == [], "\n".join(failures)
    print(f"access matrix: {len(ROUTES)} route-methods x {len(ROLES)} roles = {checked} checks")
