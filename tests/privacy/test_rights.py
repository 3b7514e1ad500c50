"""Consent, export, erasure and retention (GDPR / Albanian Law No. 124/2024)."""
import json
from datetime import timedelta

import sqlalchemy as sa

from diaspora.audit import AuditEvent
from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.members.models import Gender, MemberProfile
from diaspora.notifications import services as notifications
from diaspora.notifications.models import NotificationKind
from diaspora.timeutil import utcnow
from tests.factories import PASSWORD

CANARY_NAME = "Kanarinë Zogjçe Canaryson"
CANARY_EMAIL = "canary.zogjce@example.org"


def database_text() -> str:
    """Every row of every table as text: what a database dump would contain."""
    chunks = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(sa.select(table)):
            chunks.append(repr(tuple(row)))
    return "\n".join(chunks)


def test_withdraw_consent(client, make_member, login):
    profile = make_member()
    login(profile.user)
    assert client.post("/members/consent/withdraw").status_code == 302
    db.session.refresh(profile)
    assert not profile.has_consent and not profile.matchable and profile.consent_withdrawn_at is not None
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "consent_withdrawn")) is not None


def test_export_contains_every_personal_field(client, make_member, login):
    profile = make_member(full_name="Eni Çaushi", phone="+39 333 1234567", skills=["SDMX"], city="Bari",
                          gender=Gender.WOMAN)
    notifications.notify(profile.user, NotificationKind.ACCOUNT, "agent_certified")
    login(profile.user)
    response = client.post("/members/data")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == profile.user.email
    assert data["profile"]["full_name"] == "Eni Çaushi" and data["profile"]["phone"] == "+39 333 1234567"
    assert data["profile"]["date_of_birth"] == "1985-04-02" and data["profile"]["consent_version"] == "2026-11"
    assert data["profile"]["gender"] == "woman"
    assert data["notifications"][0]["kind"] == "account"


def test_erasure_leaves_no_canary_anywhere(app, client, make_user, make_member, login, outbox):
    user = make_user(Role.MEMBER, email=CANARY_EMAIL)
    profile = make_member(user=user, full_name=CANARY_NAME, summary=f"I am {CANARY_NAME}.", gender=Gender.ANOTHER)
    notifications.notify(user, NotificationKind.ACCOUNT, "agent_certified")
    db.session.commit()  # the mail goes out once the notice commits
    uploads = app.config["UPLOAD_DIR"]
    assert outbox(), "the canary received mail before erasure"
    login(user)
    response = client.post("/members/erase", data={"password": PASSWORD})
    assert response.status_code == 302
    dump = database_text()
    assert CANARY_NAME not in dump and CANARY_EMAIL not in dump and "Kanarinë" not in dump
    files = [p for p in uploads.rglob("*") if p.is_file()] if uploads.exists() else []
    assert not any(CANARY_NAME.encode() in p.read_bytes() or CANARY_EMAIL.encode() in p.read_bytes() for p in files)
    assert not any(CANARY_EMAIL in (m["To"] or "") for m in outbox())
    assert db.session.scalar(sa.select(sa.func.count(MemberProfile.id))) == 1, "anonymised row stays for statistics"
    assert db.session.get(MemberProfile, profile.id).gender is None
    assert client.get("/members/").status_code == 302, "erasure ends the session"


def test_erasure_needs_the_password(client, make_member, login):
    profile = make_member(full_name="Mbetet Këtu")
    login(profile.user)
    response = client.post("/members/erase", data={"password": "not my password at all"})
    assert response.status_code == 422
    db.session.refresh(profile)
    assert profile.full_name == "Mbetet Këtu"


def test_retention_command_erases_inactive_members(app, make_user, make_member):
    old = make_user(Role.MEMBER, last_login_at=utcnow() - timedelta(days=2000))
    make_member(user=old, full_name="Harruar Prej Kohësh")
    recent = make_user(Role.MEMBER, last_login_at=utcnow() - timedelta(days=10))
    make_member(user=recent, full_name="Aktiv Së Fundmi")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["privacy", "purge-inactive", "--days", "1095"])
    assert result.exit_code == 0 and "erased 1" in result.output
    dump = database_text()
    assert "Harruar Prej Kohësh" not in dump and "Aktiv Së Fundmi" in dump
    db.session.expire_all()
    assert not db.session.get(User, old.id).active


def test_audit_log_records_logins_and_denials_without_secrets(client, make_user, login, caplog):
    member = make_user(Role.MEMBER)
    db.session.commit()
    client.post("/auth/login", data={"email": member.email, "password": "a wrong password here"})
    login(member)
    client.get("/admin/users")
    actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[:3] == ["login_failed", "login", "access_denied"]
    logged = caplog.text + database_text()
    assert PASSWORD not in logged and "a wrong password here" not in logged
