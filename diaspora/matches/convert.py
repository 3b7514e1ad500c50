"""Database rows to the engine's plain dataclasses; the engine never sees a model or a session."""
from __future__ import annotations

from matching.model import Opportunity as EngineOpportunity
from matching.model import Profile as EngineProfile

from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity


def is_indexable(profile: MemberProfile) -> bool:
    """Only consenting, not erased profiles with a matching role take part in matching."""
    return profile.matchable and bool(profile.roles)


def to_profile(profile: MemberProfile) -> EngineProfile:
    return EngineProfile(
        id=str(profile.id), roles=tuple(profile.roles), full_name=profile.full_name, country=profile.country,
        city=profile.city, languages=dict(profile.languages or {}), years_experience=profile.years_experience or 0,
        education=tuple(dict(e) for e in profile.education or []), sectors=tuple(profile.sectors or []),
        acquis_chapters=tuple(int(c) for c in profile.acquis_chapters or []), skills=tuple(profile.skills or []),
        summary=profile.summary or "", available_from=profile.available_from, available_to=profile.available_to,
        work_mode=profile.work_mode.value, network_countries=tuple(profile.network_countries or []),
        investment_sectors=tuple(profile.investment_sectors or []),
    )


def to_opportunity(opportunity: Opportunity) -> EngineOpportunity:
    return EngineOpportunity(
        id=str(opportunity.id), kind=opportunity.kind.value, title=opportunity.title,
        institution=opportunity.institution.name if opportunity.institution else "",
        description=opportunity.description or "",
        acquis_chapters=tuple(int(c) for c in opportunity.acquis_chapters or []),
        required_skills=tuple(opportunity.required_skills or []),
        preferred_skills=tuple(opportunity.preferred_skills or []), languages=dict(opportunity.languages or {}),
        min_years_experience=opportunity.min_years_experience, start=opportunity.start_date,
        end=opportunity.end_date, work_mode=opportunity.work_mode.value, sector=opportunity.sector or "",
        region=opportunity.region or "", target_countries=tuple(opportunity.target_countries or []),
        amount_eur=float(opportunity.amount_eur) if opportunity.amount_eur is not None else None,
        positions=opportunity.positions or 1,
    )
