"""Member profile use cases: request-free, flush only; the view commits."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, select

from diaspora import audit, privacy
from diaspora.auth.models import Role, User
from diaspora.concurrency import check_version, flush_versioned
from diaspora.errors import Forbidden, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.members.eligibility import agent_rule_checks
from diaspora.members.models import PERSON_ROLE_FLAGS, ROLE_FLAGS, MemberProfile
from diaspora.timeutil import utcnow

# Only these keys can ever be written from a member's form or API call (no mass assignment).
EDITABLE_FIELDS = frozenset({
    "full_name", "phone", "is_expert", "is_agent", "is_mentor", "employer", "country", "city", "languages",
    "years_experience", "education", "sectors", "acquis_chapters", "skills", "summary", "available_from",
    "available_to", "work_mode", "network_countries", "investment_sectors", "date_of_birth", "years_abroad",
    "highest_education", "is_researcher", "is_student", "study_level", "gender",
})


def profile_of(user: User) -> MemberProfile | None:
    return db.session.scalar(select(MemberProfile).where(MemberProfile.user_id == user.id))


def search(country: str | None = None, role: str | None = None, name: str | None = None,
           chapter: int | None = None) -> Select:
    """Profiles taking part (a withdrawn consent ends processing, as in the review lists and exports), by
    residence country, role (a key of ROLE_FLAGS), part of the name and acquis chapter."""
    statement = select(MemberProfile).where(MemberProfile.matchable).order_by(MemberProfile.id)
    if country:
        statement = statement.where(MemberProfile.country == country)
    if role in ROLE_FLAGS:
        statement = statement.where(getattr(MemberProfile, ROLE_FLAGS[role]).is_(True))
    if name:
        statement = statement.where(MemberProfile.full_name.ilike(f"%{_like(name)}%", escape="\\"))
    if chapter:
        # Chapters are a JSON list; filtering in Python keeps this portable between SQLite and PostgreSQL.
        ids = [pid for pid, chapters in db.session.execute(statement.with_only_columns(
            MemberProfile.id, MemberProfile.acquis_chapters)) if chapter in (chapters or [])]
        statement = statement.where(MemberProfile.id.in_(ids))
    return statement


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def get_profile_for(viewer: User, profile_id: int) -> MemberProfile:
    """A member sees only their own profile; officers and admins see every profile."""
    profile = db.session.get(MemberProfile, profile_id)
    if profile is None:
        raise NotFound(_("This profile does not exist."))
    if viewer.role in (Role.OFFICER, Role.ADMIN) or profile.user_id == viewer.id:
        return profile
    raise NotFound(_("This profile does not exist."))


def save_profile(user: User, values: dict, consent: bool, expected_version: int | None = None) -> MemberProfile:
    """Create or update the acting member's own profile. Consent is required to keep it."""
    if user.role is not Role.MEMBER:
        raise Forbidden(_("Only diaspora members have a profile."))
    if not consent:
        raise InvalidInput(_("We can only keep your profile with your consent."), field="consent")
    unknown = set(values) - EDITABLE_FIELDS
    if unknown:
        raise InvalidInput(_("These fields cannot be set: %(names)s", names=", ".join(sorted(unknown))))
    if not any(values.get(column) for column in PERSON_ROLE_FLAGS.values()):
        raise InvalidInput(_("Choose at least one role."), field="is_expert")
    profile = profile_of(user)
    if profile is None:
        profile = MemberProfile(user_id=user.id)
        db.session.add(profile)
    else:
        check_version(profile, expected_version)
    for key, value in values.items():
        setattr(profile, key, value)
    if not profile.has_consent:
        profile.consent_at = utcnow()
        profile.consent_version = current_app.config["PRIVACY_POLICY_VERSION"]
        profile.consent_withdrawn_at = None
    flush_versioned()
    return profile


def withdraw_consent(user: User) -> MemberProfile:
    """As easy as giving it: one button. The profile stays, but leaves matching until consent is given again."""
    profile = profile_of(user)
    if profile is None:
        raise NotFound(_("You have no profile."))
    profile.consent_at = None
    profile.consent_version = None
    profile.consent_withdrawn_at = utcnow()
    audit.record("consent_withdrawn", actor_id=user.id, object_type="profile", object_id=profile.id,
                 subject_user_id=user.id)
    db.session.flush()
    return profile


PERSONAL_FIELDS_CLEARED_ON_ERASURE = {
    "full_name": "", "phone": "", "city": "", "languages": {}, "education": [], "sectors": [], "skills": [],
    "summary": "", "available_from": None, "available_to": None, "network_countries": [],
    "investment_sectors": [], "employer": "", "date_of_birth": None, "years_abroad": None, "highest_education": None,
    "acquis_chapters": [], "consent_at": None, "consent_version": None, "gender": None,
}


def _export_profile(user: User) -> dict | None:
    profile = profile_of(user)
    if profile is None:
        return None
    values = {key: getattr(profile, key) for key in sorted(EDITABLE_FIELDS)}
    values.update(consent_at=profile.consent_at, consent_version=profile.consent_version,
                  consent_withdrawn_at=profile.consent_withdrawn_at, created_at=profile.created_at,
                  updated_at=profile.updated_at)
    return {key: (value.value if hasattr(value, "value") else
                  value.isoformat() if hasattr(value, "isoformat") else value) for key, value in values.items()}


def _erase_profile(user: User) -> None:
    profile = profile_of(user)
    if profile is None:
        return
    for key, value in PERSONAL_FIELDS_CLEARED_ON_ERASURE.items():
        setattr(profile, key, value)
    profile.erased_at = utcnow()


privacy.register("profile", _export_profile, _erase_profile)


def agent_checks(profile: MemberProfile):
    return agent_rule_checks(profile.date_of_birth, profile.years_abroad, profile.highest_education)
