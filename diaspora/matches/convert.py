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
        investment_sectors=tuple(profile.investment_sectors or []), employer=profile.employer or "",
        study_level=profile.study_level.value if profile.study_level else "", regions=tuple(profile.regions or []),
    )


# Each field of the matching contract's opportunity, read from a posting row. A kind lists the ones its
# postings fill (Kind.contract_fields); the engine keeps its defaults for the others.
CONTRACT_FIELDS = {
    "acquis_chapters": lambda o: tuple(int(c) for c in o.acquis_chapters or []),
    "required_skills": lambda o: tuple(o.required_skills or []),
    "preferred_skills": lambda o: tuple(o.preferred_skills or []),
    "languages": lambda o: dict(o.languages or {}),
    "min_years_experience": lambda o: o.min_years_experience,
    "start": lambda o: o.start_date,
    "end": lambda o: o.end_date,
    "work_mode": lambda o: o.work_mode.value,
    "sector": lambda o: o.sector or "",
    "region": lambda o: o.region or "",
    "target_countries": lambda o: tuple(o.target_countries or []),
    "amount_eur": lambda o: float(o.amount_eur) if o.amount_eur is not None else None,
    "positions": lambda o: o.positions or 1,
    "sessions": lambda o: o.sessions,
    "mentee_type": lambda o: o.mentee_type or "",
    "counterpart_field": lambda o: o.counterpart_field or "",
    "counterpart_countries": lambda o: tuple(o.counterpart_countries or []),
    "study_levels": lambda o: tuple(o.study_levels or []),
    "fields_of_study": lambda o: tuple(o.fields_of_study or []),
    "budget_eur": lambda o: float(o.budget_eur) if o.budget_eur is not None else None,
}


def to_opportunity(opportunity: Opportunity) -> EngineOpportunity:
    kind = opportunity.kind
    return EngineOpportunity(
        id=str(opportunity.id), kind=kind.engine_kind, title=opportunity.title,
        institution=opportunity.institution.name if opportunity.institution else "",
        description=opportunity.description or "",
        **{name: CONTRACT_FIELDS[name](opportunity) for name in kind.contract_fields},
    )
