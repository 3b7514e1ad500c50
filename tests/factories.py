"""Factories that build valid rows with sensible defaults; keyword arguments override any field."""
from __future__ import annotations

import itertools
from datetime import date, timedelta
from functools import lru_cache

from werkzeug.security import generate_password_hash

from config import TestConfig
from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.members.models import EducationLevel, MemberProfile, MemberWorkMode
from diaspora.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus, WorkMode
from diaspora.institutions.models import Institution, InstitutionKind
from diaspora.timeutil import today, utcnow

PASSWORD = "correct horse battery staple 42"
_sequence = itertools.count(1)


@lru_cache(maxsize=8)
def _hash(password: str) -> str:
    # Hashing once per password keeps the suite fast; the KDF itself is tested in test_auth.
    return generate_password_hash(password, method=TestConfig.PASSWORD_HASH_METHOD)


def make_institution(**overrides) -> Institution:
    n = next(_sequence)
    values = dict(name=f"Ministry number {n}", name_sq=f"Ministria numër {n}", acronym=f"M{n}",
                  kind=InstitutionKind.MINISTRY)
    values.update(overrides)
    institution = Institution(**values)
    db.session.add(institution)
    db.session.flush()
    return institution


def make_user(role: Role = Role.MEMBER, password: str = PASSWORD, verified: bool = True, **overrides) -> User:
    n = next(_sequence)
    if role is Role.MINISTRY and "institution_id" not in overrides and "institution" not in overrides:
        overrides["institution"] = make_institution()
    values = dict(email=f"user{n}@example.org", role=role, locale="en",
                  email_verified_at=utcnow() if verified else None, password_hash=_hash(password))
    values.update(overrides)
    user = User(**values)
    db.session.add(user)
    db.session.flush()
    return user


def make_member(user: User | None = None, **overrides) -> MemberProfile:
    user = user or make_user(Role.MEMBER)
    values = dict(
        user_id=user.id, full_name="Arta Hoxha", is_expert=True, is_agent=False, country="IT", city="Milano",
        languages={"sq": "C2", "it": "C1", "en": "B2"}, years_experience=8,
        education=[{"degree": "MSc", "field": "Public administration"}], sectors=["public finance"],
        acquis_chapters=[5, 32], skills=["public procurement", "internal audit"],
        summary="Procurement specialist in Milan.", work_mode=MemberWorkMode.ANY,
        network_countries=[], investment_sectors=[], consent_at=utcnow(), consent_version="2026-11",
        date_of_birth=date(1985, 4, 2), years_abroad=12, highest_education=EducationLevel.MASTER,
    )
    values.update(overrides)
    profile = MemberProfile(**values)
    db.session.add(profile)
    db.session.flush()
    return profile


def _posting(institution: Institution | None, kind: OpportunityKind, defaults: dict, overrides: dict) -> Opportunity:
    """An open posting of `kind` at `institution` (a new one when None): the kind's defaults, then the overrides."""
    institution = institution or make_institution()
    values = dict(institution_id=institution.id, kind=kind, status=OpportunityStatus.OPEN, opened_at=utcnow(),
                  **defaults)
    values.update(overrides)
    opportunity = Opportunity(**values)
    db.session.add(opportunity)
    db.session.flush()
    return opportunity


def make_fellowship(institution: Institution | None = None, **overrides) -> Opportunity:
    """An open fellowship; its deadline is a month from today (a passed deadline closes a posting)."""
    return _posting(institution, OpportunityKind.FELLOWSHIP, dict(
        title="Public procurement approximation expert", description="Align the procurement law with the EU acquis.",
        acquis_chapters=[5], required_skills=["public procurement"], preferred_skills=["EU law"],
        languages={"sq": "C1", "en": "B2"}, min_years_experience=5, start_date=date(2027, 3, 1),
        end_date=date(2027, 12, 31), work_mode=WorkMode.REMOTE, positions=1, deadline=today() + timedelta(days=30),
    ), overrides)


def make_lead(institution: Institution | None = None, **overrides) -> Opportunity:
    return _posting(institution, OpportunityKind.INVESTMENT_LEAD, dict(
        title="Agritourism resort in Përmet", description="Investor sought for an agritourism resort.",
        sector="agritourism", region="Përmet", target_countries=["IT", "DE"], amount_eur=1_500_000,
        work_mode=WorkMode.REMOTE,
    ), overrides)


def make_field_project(institution: Institution | None = None, **overrides) -> Opportunity:
    return _posting(institution, OpportunityKind.FIELD_PROJECT, dict(
        title="Butrint excavation season", description="Four weeks on the Roman forum of Butrint.",
        supervisor="Dr. Ols Lafe", region="Butrint, Vlorë", start_date=date(2027, 6, 1), end_date=date(2027, 6, 29),
        deliverable="Excavation diary and finds catalogue.", study_levels=["master", "phd"],
        fields_of_study=["archaeology"], required_skills=[], work_mode=WorkMode.ONSITE, positions=1,
    ), overrides)


def make_local_call(institution: Institution | None = None, **overrides) -> Opportunity:
    return _posting(institution, OpportunityKind.LOCAL_PROJECT, dict(
        title="Agritourism in the Vjosa valley", description="Farm stays along the Vjosa.", sector="agritourism",
        region="Gjirokastër", budget_eur=25_000,
    ), overrides)
