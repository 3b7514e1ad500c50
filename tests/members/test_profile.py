import pytest

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.members.models import EducationLevel, MemberProfile


def profile_form(**overrides):
    data = {
        "full_name": "Elira Çela", "phone": "", "is_expert": "y", "country": "GR", "city": "Θεσσαλονίκη",
        "languages-0-code": "sq", "languages-0-level": "C2", "languages-1-code": "el", "languages-1-level": "C1",
        "languages-2-code": "en", "languages-2-level": "B2",
        "years_experience": "9", "education-0-degree": "MSc", "education-0-field": "Ekonomi",
        "sectors": "statistika, public finance", "acquis_chapters": ["18", "17"],
        "skills": "SDMX\nllogari kombëtare, contabilità pubblica", "summary": "Statisticiene në Selanik.",
        "available_from": "2027-01-01", "available_to": "2027-12-31", "work_mode": "remote",
        "investment_sectors": "", "consent": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_member_builds_expert_profile(client, make_user, login):
    user = make_user(Role.MEMBER)
    login(user)
    response = client.post("/members/profile/edit", data=profile_form())
    assert response.status_code == 302
    profile = db.session.scalar(db.select(MemberProfile).where(MemberProfile.user_id == user.id))
    assert profile.full_name == "Elira Çela" and profile.city == "Θεσσαλονίκη"
    assert profile.languages == {"sq": "C2", "el": "C1", "en": "B2"}
    assert profile.skills == ["SDMX", "llogari kombëtare", "contabilità pubblica"]
    assert profile.acquis_chapters == [17, 18]
    assert profile.consent_at is not None and profile.consent_version == "2026-11"
    page = client.get("/members/profile").get_data(as_text=True)
    assert "Elira Çela" in page and "llogari kombëtare" in page


def test_agent_profile_shows_connect_albania_rules(client, make_user, login):
    user = make_user(Role.MEMBER)
    login(user)
    data = profile_form(is_agent="y", date_of_birth="2000-01-01", years_abroad="3",
                        highest_education="secondary", network_countries=["IT", "DE"],
                        investment_sectors="agroturizëm, olive oil")
    assert client.post("/members/profile/edit", data=data).status_code == 302
    profile = db.session.scalar(db.select(MemberProfile).where(MemberProfile.user_id == user.id))
    assert profile.is_agent and profile.highest_education is EducationLevel.SECONDARY
    assert profile.network_countries == ["IT", "DE"]
    page = client.get("/members/profile").get_data(as_text=True)
    assert "At least 5 years lived abroad: <strong>not met" in page
    assert "You do not meet every rule yet" in page


def test_consent_is_required(client, make_user, login):
    user = make_user(Role.MEMBER)
    login(user)
    response = client.post("/members/profile/edit", data=profile_form(consent=None))
    assert response.status_code == 422
    assert "only keep your profile with your consent" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(MemberProfile.id))) == 0


@pytest.mark.parametrize("overrides, message", [
    ({"full_name": ""}, "This field is required."),
    ({"is_expert": None}, "Choose at least one"),
    ({"country": ""}, "This field is required."),
    ({"languages-0-level": ""}, "Give each language a level"),
    ({"available_from": "2027-12-31", "available_to": "2027-01-01"}, "before its start"),
    ({"years_experience": "-3"}, "Number must be between 0 and 70."),
    ({"years_experience": "many"}, "Not a valid integer value"),
    ({"is_agent": "y"}, "Development Agents must answer this."),
    ({"available_from": "31/12/2027"}, "Not a valid date value"),
    ({"country": "XX"}, "Not a valid choice"),
])
def test_invalid_profile_keeps_input_and_says_why(client, make_user, login, overrides, message):
    user = make_user(Role.MEMBER)
    login(user)
    response = client.post("/members/profile/edit", data=profile_form(**overrides))
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in text
    assert "Statisticiene në Selanik." in text, "what the person typed is kept"
    assert db.session.scalar(db.select(db.func.count(MemberProfile.id))) == 0


def test_mass_assignment_fields_are_ignored(client, make_user, login):
    user = make_user(Role.MEMBER)
    login(user)
    data = profile_form(role="admin", is_admin="1", user_id="999", consent_version="0", id="77")
    assert client.post("/members/profile/edit", data=data).status_code == 302
    db.session.refresh(user)
    profile = db.session.scalar(db.select(MemberProfile).where(MemberProfile.user_id == user.id))
    assert user.role is Role.MEMBER and profile.id != 77 and profile.consent_version == "2026-11"


def test_member_edits_own_profile_prefilled(client, make_user, make_member, login):
    profile = make_member(full_name="Blerina Dervishi", skills=["GDPR", "e drejta e BE-së"])
    login(profile.user)
    page = client.get("/members/profile/edit").get_data(as_text=True)
    assert 'value="Blerina Dervishi"' in page and "e drejta e BE-së" in page


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.OFFICER, Role.ADMIN])
def test_only_members_have_member_pages(client, make_user, login, role):
    login(make_user(role))
    assert client.get("/members/profile/edit").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/members/profile")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
