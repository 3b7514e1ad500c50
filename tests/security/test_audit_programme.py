"""The audit log records who viewed, exported or changed personal data; no secret reaches a log or the table."""
from __future__ import annotations

import logging

import sqlalchemy as sa

from diaspora.audit import AuditEvent
from diaspora.extensions import db
from diaspora.tokens.services import PREFIX_LENGTH
from tests.factories import PASSWORD
from tests.security.test_row_visibility import session_client


def events(action: str, **where) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(AuditEvent.action == action)
    for column, value in where.items():
        query = query.where(getattr(AuditEvent, column) == value)
    return list(db.session.scalars(query))


def test_views_exports_downloads_and_role_grants_are_audited(app, world):
    users, w = world
    officer_id, member_id = users["O"].id, users["M"].id
    officer = session_client(app, users["O"])
    assert officer.get(f"/officers/opportunities/{w.fellowship}/candidates/{w.member_profile}").status_code == 200
    assert events("candidate_viewed", actor_id=officer_id, subject_user_id=member_id)
    focal_point = session_client(app, users["F"])
    assert focal_point.get(f"/ministries/candidates/{w.fellowship}/{w.member_profile}").status_code == 200
    assert events("candidate_viewed", actor_id=users["F"].id, subject_user_id=member_id)
    assert officer.get(f"/officers/members/{w.member_profile}").status_code == 200
    assert events("profile_viewed", actor_id=officer_id, subject_user_id=member_id)
    response = officer.get(f"/cv/{member_id}/file")
    assert response.status_code == 200
    response.close()
    assert events("cv_viewed", actor_id=officer_id, subject_user_id=member_id)
    for dataset in ("profiles", "placements", "engagements", "investments", "rewards"):
        assert officer.get(f"/reports/export/{dataset}.xlsx").status_code == 200
        assert events("report_exported", actor_id=officer_id, object_id=dataset)
    assert officer.post("/bulk/profiles/export", data={"export-profiles-format": "csv"}).status_code == 302
    assert events("profiles_exported", actor_id=officer_id)
    admin = session_client(app, users["X"])
    created = admin.post("/admin/users", data={"email": "new.officer@example.org", "role": "officer",
                                               "institution_id": "0", "display_name": "New Officer"})
    assert created.status_code == 302
    granted = events("role_granted", actor_id=users["X"].id)
    assert granted and granted[-1].details["role"] == "officer"
    assert admin.post(f"/admin/users/{w.spare_user}/active", data={"active": "0"}).status_code == 302
    assert events("account_deactivated", actor_id=users["X"].id, object_id=str(w.spare_user))


def test_no_password_or_token_secret_in_any_log_line_or_audit_row(app, world, caplog):
    users, _w = world
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    assert client.post("/auth/login", data={"email": users["M"].email, "password": "wrong " + PASSWORD}
                       ).status_code == 401
    assert client.post("/auth/login", data={"email": users["M"].email, "password": PASSWORD}).status_code == 302
    page = client.post("/tokens/", data={"name": "spreadsheet"})
    assert page.status_code == 201
    token = page.get_data(as_text=True).split('id="new-token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    assert len(token) > PREFIX_LENGTH + 20
    api = client.get("/api/v1/profile", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    new_password = "another long passphrase 2027"
    changed = client.post("/auth/password", data={"current_password": PASSWORD, "password": new_password,
                                                  "confirm": new_password})
    assert changed.status_code in (200, 302)
    secret_part = token[PREFIX_LENGTH:]  # the prefix is shown on purpose, to tell tokens apart
    secrets_ = (PASSWORD, "wrong " + PASSWORD, new_password, secret_part, secret_part[:16], secret_part[-16:])
    lines = [record.getMessage() + repr(record.args) + str(record.exc_info) for record in caplog.records]
    assert any("audit action=api_token_created" in line for line in lines), "the token creation was logged"
    rows = [repr((e.action, e.object_type, e.object_id, e.ip, e.details)) for e in db.session.scalars(
        sa.select(AuditEvent))]
    assert any("api_token_created" in row for row in rows) and any("'login'" in row for row in rows)
    for secret in secrets_:
        assert not [line for line in lines if secret in line], "a secret reached a log line"
        assert not [row for row in rows if secret in row], "a secret reached the audit table"
