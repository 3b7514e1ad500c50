"""Fields a user may not set are ignored wherever they are posted (ASVS V15 mass assignment)."""
from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity, OpportunityStatus

PRIVILEGED = {"role": "admin", "is_admin": "1", "status": "open", "institution_id": "999999", "amount": "1000000",
              "reward": "50000", "user_id": "1", "active": "1", "email_verified_at": "2020-01-01",
              "session_generation": "0", "consent_at": "2000-01-01", "created_by_id": "1", "id": "424242"}


def test_registration_cannot_choose_role_or_verification(client):
    data = {"email": "sneaky@example.org", "password": "a long passphrase 2027", "confirm": "a long passphrase 2027",
            "locale": "en", **PRIVILEGED}
    assert client.post("/auth/register", data=data).status_code == 200
    user = db.session.scalar(db.select(User).where(User.email == "sneaky@example.org"))
    assert user.role is Role.MEMBER and user.email_verified_at is None and user.id != 424242


def test_new_posting_is_a_draft_of_the_posters_institution(client, make_user, login):
    focal = make_user(Role.MINISTRY)
    login(focal)
    data = {"title": "Title", "description": "D", "acquis_chapters": ["5"], "work_mode": "remote", "positions": "1",
            **PRIVILEGED}
    assert client.post("/ministries/new/fellowship", data=data).status_code == 302
    posting = db.session.scalar(db.select(Opportunity))
    assert posting.status is OpportunityStatus.DRAFT
    assert posting.institution_id == focal.institution_id and posting.created_by_id == focal.id
    assert posting.amount_eur is None and posting.id != 424242


def test_profile_edit_ignores_privileged_fields(client, make_member, login):
    profile = make_member()
    login(profile.user)
    data = {"full_name": "Ana", "is_expert": "y", "country": "IT", "languages-0-code": "sq", "languages-0-level": "C2",
            "years_experience": "3", "work_mode": "any", "consent": "y", **PRIVILEGED}
    assert client.post("/members/profile/edit", data=data).status_code == 302
    db.session.refresh(profile)
    assert profile.user_id == profile.user.id and profile.user.role is Role.MEMBER
    assert profile.consent_version == "2026-11" and db.session.get(MemberProfile, 424242) is None
