"""One JSON line per request and per job, with the request id; no personal data beyond ids."""
from __future__ import annotations

import io
import re

import sqlalchemy as sa

from diaspora.auth.models import Role, User
from diaspora.demo.seed import seed
from diaspora.extensions import db
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from tests.documents import make_pdf
from tests.members.test_profile import profile_form

PASSWORD = "a long passphrase from Vlorë"


def _verification_path(message) -> str:
    return re.search(r"http://localhost(/auth/verify/[^\s]+)", message.get_content()).group(1)


def test_request_line_has_id_user_endpoint_status_and_duration(client, make_user, login, captured_log):
    user = make_user(Role.MEMBER)
    login(user)
    response = client.get("/members/profile")
    line = captured_log.events("request")[-1]
    assert response.headers["X-Request-ID"] == line["request_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert line["user_id"] == user.id and line["endpoint"] == "members.profile"
    assert line["method"] == "GET" and line["status"] == response.status_code
    assert isinstance(line["duration_ms"], float) and line["level"] == "info"


def test_request_id_is_taken_only_from_a_trusted_proxy(app_factory, captured_log):
    direct = app_factory().test_client().get("/", headers={"X-Request-ID": "client-chose-this-id"})
    assert direct.headers["X-Request-ID"] != "client-chose-this-id"
    proxied = app_factory(PROXY_COUNT=1).test_client().get("/", headers={"X-Request-ID": "nginx-0123456789abcdef"})
    assert proxied.headers["X-Request-ID"] == "nginx-0123456789abcdef"
    assert captured_log.events("request")[-1]["request_id"] == "nginx-0123456789abcdef"
    odd = app_factory(PROXY_COUNT=1).test_client().get("/", headers={"X-Request-ID": "spaces and \"quotes\""})
    assert re.fullmatch(r"[0-9a-f]{32}", odd.headers["X-Request-ID"])


def test_probes_are_not_logged_unless_they_fail(client, captured_log):
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 200
    assert [line["endpoint"] for line in captured_log.events("request")] == ["main.index"]


def test_job_lines_carry_the_request_id_that_started_them(client, make_user, login, captured_log):
    user = make_user(Role.MEMBER)
    login(user)
    response = client.post("/cv/upload", data={"file": (io.BytesIO(make_pdf(["Public procurement", "SDMX"])), "cv.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    request_line = captured_log.events("request")[-1]
    job_line = captured_log.events("job")[-1]
    assert job_line["kind"] == "parse_cv" and job_line["status"] == "done"
    assert job_line["request_id"] == request_line["request_id"] == response.headers["X-Request-ID"]
    assert isinstance(job_line["job_id"], int) and job_line["duration_ms"] >= 0


def _personal_values() -> set[str]:
    """Every email, phone number and name of a member or user in the database after the journey."""
    values = set(db.session.scalars(sa.select(User.email)))
    for name, phone in db.session.execute(sa.select(MemberProfile.full_name, MemberProfile.phone)):
        values.add(name)
        values.update(part for part in name.split() if len(part) > 3)
        if phone:
            values.add(phone)
            values.add(phone.replace(" ", ""))
    return {value for value in values if value}


def test_a_full_journey_logs_no_personal_data(app, client, login, outbox, captured_log, make_user):
    # The demo programme (its members, postings and workflow) and one new member who goes through everything.
    with app.test_request_context(base_url="http://localhost"):
        seed(profile_count=12)
        db.session.commit()
    email = "drita.kelmendi@example.org"
    assert client.post("/auth/register", data={"email": email, "password": PASSWORD, "confirm": PASSWORD,
                                                "locale": "en"}).status_code == 200
    assert client.post(_verification_path(outbox()[-1])).status_code == 302
    member = db.session.scalar(sa.select(User).where(User.email == email))
    login(member, password=PASSWORD)
    assert client.post("/members/profile/edit", data=profile_form(
        full_name="Drita Kelmendi", phone="+39 347 555 0199")).status_code == 302
    cv = make_pdf(["Drita Kelmendi", email, "+39 347 555 0199", "Public procurement", "SDMX", "internal audit"])
    assert client.post("/cv/upload", data={"file": (io.BytesIO(cv), "Drita_Kelmendi_CV.pdf")},
                       content_type="multipart/form-data").status_code == 302
    assert client.get("/cv/").status_code == 200
    assert client.post("/cv/suggestions", data={"skill": []}).status_code == 302
    fellowship = db.session.scalar(sa.select(Opportunity).where(Opportunity.status == OpportunityStatus.OPEN)
                                   .order_by(Opportunity.id))
    for path in ("/members/", "/members/profile", "/opportunities", f"/opportunities/{fellowship.id}",
                 "/members/opportunities", "/notifications/", "/members/privacy"):
        assert client.get(path).status_code == 200, path
    client.post(f"/members/opportunities/{fellowship.id}/interest")
    assert client.post("/members/data").status_code == 200
    assert client.post("/auth/login", data={"email": email, "password": "wrong password"}).status_code in (302, 401)
    client.post("/auth/logout")

    officer = db.session.scalar(sa.select(User).where(User.role == Role.OFFICER).order_by(User.id))
    login(officer, password="ura-demo-password-2026")
    profile = db.session.scalar(sa.select(MemberProfile).where(MemberProfile.user_id == member.id))
    assert client.get(f"/officers/opportunities/{fellowship.id}").status_code == 200
    assert client.get(f"/officers/opportunities/{fellowship.id}/candidates/{profile.id}").status_code == 200
    assert client.get(f"/officers/members/{profile.id}").status_code == 200
    download = client.get(f"/cv/{member.id}/file")
    download.close()
    assert download.status_code == 200
    decided = client.post(f"/officers/opportunities/{fellowship.id}/candidates/{profile.id}/decide",
                          data={"action": "propose", "reason": ""})
    assert decided.status_code in (302, 409)

    text = captured_log.text
    assert len(captured_log.events("request")) >= 20 and captured_log.events("job")
    assert any(line.get("user_id") == member.id for line in captured_log.events("request"))
    personal = _personal_values()
    assert {email, "Drita Kelmendi", "+39 347 555 0199"} <= personal and len(personal) > 30
    leaks = sorted(value for value in personal if value.casefold() in text.casefold())
    assert leaks == [], f"personal data in the log: {leaks}"
