import re

import pytest

from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.institutions.models import Institution


def test_admin_creates_focal_point_who_sets_password(client, make_user, make_institution, login, outbox):
    admin = make_user(Role.ADMIN)
    institution = make_institution(acronym="INSTAT", name="Institute of Statistics")
    login(admin)
    response = client.post("/admin/users", data={"email": "focal@instat.gov.al", "role": "ministry",
                                                 "institution_id": str(institution.id), "display_name": "Focal"})
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).where(User.email == "focal@instat.gov.al"))
    assert user.role is Role.MINISTRY and user.institution_id == institution.id
    link = re.search(r"http://localhost(/auth/reset/[^\s]+)", outbox()[-1].get_content()).group(1)
    client.post("/auth/logout")
    password = "statistics passphrase 2027"
    assert client.post(link, data={"password": password, "confirm": password}).status_code == 302
    db.session.refresh(user)
    assert user.check_password(password)


def test_focal_point_needs_an_institution(client, make_user, login):
    login(make_user(Role.ADMIN))
    response = client.post("/admin/users", data={"email": "x@gov.al", "role": "ministry", "institution_id": "0"})
    assert response.status_code == 422
    assert "belongs to one institution" in response.get_data(as_text=True)


def test_deactivation_ends_sessions(app, client, make_user, login):
    admin = make_user(Role.ADMIN)
    member = make_user(Role.MEMBER)
    db.session.commit()
    member_client = app.test_client()
    member_client.post("/auth/login", data={"email": member.email, "password": "correct horse battery staple 42"})
    assert member_client.get("/members/").status_code == 200
    login(admin)
    client.post(f"/admin/users/{member.id}/active", data={"active": "0"})
    assert member_client.get("/members/").status_code == 302


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MINISTRY, Role.OFFICER])
def test_only_admins_administer(client, make_user, login, role):
    login(make_user(role))
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users", data={"email": "e@x.org", "role": "admin"}).status_code == 403


def test_cli_creates_officer_and_focal_point(app, make_institution):
    make_institution(acronym="AIDA", name="Albanian Investment Development Agency")
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--role", "officer", "--email", "Officer@IOM.int"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create", "--role", "ministry", "--email", "fp@aida.gov.al",
                                 "--institution", "AIDA", "--password", "a strong passphrase 2027"])
    assert result.exit_code == 0, result.output
    officer = db.session.scalar(db.select(User).where(User.email == "officer@iom.int"))
    focal = db.session.scalar(db.select(User).where(User.email == "fp@aida.gov.al"))
    assert officer.role is Role.OFFICER and focal.institution.acronym == "AIDA"
    result = runner.invoke(args=["users", "create", "--role", "ministry", "--email", "y@x.al", "--institution", "NOPE"])
    assert result.exit_code != 0 and "No institution" in result.output


def test_admin_adds_institution(client, make_user, login):
    login(make_user(Role.ADMIN))
    data = {"name": "National Food Authority", "name_sq": "Autoriteti Kombëtar i Ushqimit", "acronym": "AKU",
            "kind": "agency", "city": "Tiranë"}
    assert client.post("/admin/institutions", data=data).status_code == 302
    assert client.post("/admin/institutions", data=data).status_code == 422
    assert db.session.scalar(db.select(Institution).where(Institution.acronym == "AKU")).name_sq.endswith("Ushqimit")


def _listed(page: str) -> list[str]:
    return re.findall(r"<td>([^<]+@[^<]+)</td>", page)


def test_accounts_search_by_email_name_and_role_paged(client, make_user, make_member, login):
    admin = make_user(Role.ADMIN, email="root@ura.example")
    make_user(Role.OFFICER, email="drita.officer@ura.example", display_name="Drita Leka")
    make_user(Role.MINISTRY, email="focal@instat.example", display_name="Erion Dushku")
    make_member(user=make_user(Role.MEMBER, email="m1@example.org"), full_name="Drita Hoxha")
    for n in range(55):
        make_user(Role.MEMBER, email=f"bulk{n:02d}@example.org")
    login(admin)
    assert _listed(client.get("/admin/users?q=instat").get_data(as_text=True)) == ["focal@instat.example"]
    by_name = _listed(client.get("/admin/users?q=drita").get_data(as_text=True))
    assert sorted(by_name) == ["drita.officer@ura.example", "m1@example.org"], "display and profile names"
    officers = _listed(client.get("/admin/users?q=DRITA&role=officer").get_data(as_text=True))
    assert officers == ["drita.officer@ura.example"]
    page = client.get("/admin/users?q=bulk").get_data(as_text=True)
    assert len(_listed(page)) == 50 and "q=bulk" in page and "page=2" in page
    second = client.get("/admin/users?q=bulk&page=2").get_data(as_text=True)
    assert len(_listed(second)) == 5
    assert 'value="bulk"' in page, "the search box keeps what was typed"
    assert _listed(client.get("/admin/users?q=nobody-at-all").get_data(as_text=True)) == []


@pytest.mark.parametrize("role, area", [(Role.MEMBER, "/members/"), (Role.MINISTRY, "/ministries/"),
                                        (Role.OFFICER, "/officers/"), (Role.ADMIN, "/admin/users")])
def test_each_role_lands_on_its_own_area_after_login(client, make_user, login, role, area):
    response = login(make_user(role))
    assert response.headers["Location"].endswith(area)
    assert client.get("/auth/login").headers["Location"].endswith(area), "a logged-in visit to the login page"
