"""Plain dataclasses mirroring docs/contract/MATCHING.md and KINDS.md; the engine sees nothing else."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ROLES = ("expert", "development_agent", "mentor", "researcher", "student", "organisation")
KINDS = ("fellowship", "investment_lead", "mentorship", "twinning", "field_project", "local_project")
PROFILE_WORK_MODES = ("onsite", "remote", "hybrid", "any")
OPPORTUNITY_WORK_MODES = ("onsite", "remote", "hybrid")
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
# A language a person does not list counts as level 0 ("none"); A1 is 1 ... C2 is 6.
CEFR_LEVEL = {name: i + 1 for i, name in enumerate(CEFR)}
# The roles of which a person needs one to be eligible for a kind (docs/contract/KINDS.md, "Hard rules").
ROLES_FOR_KIND = {
    "fellowship": ("expert",), "investment_lead": ("development_agent",), "mentorship": ("mentor",),
    "twinning": ("expert", "mentor"), "field_project": ("researcher", "student"), "local_project": ("organisation",),
}
# Kinds whose hard rules ask for a stated employer abroad (the member is the bridge to a counterpart there).
EMPLOYER_KINDS = frozenset({"twinning"})
STUDY_LEVELS = ("bachelor", "master", "phd", "postdoc")  # in ascending order: a field project's minimum is its lowest
MENTEE_TYPES = ("civil_servant", "startup", "student")


@dataclass(frozen=True, slots=True)
class Profile:
    id: str
    roles: tuple[str, ...]
    full_name: str = ""
    country: str = ""
    city: str = ""
    languages: dict[str, str] = field(default_factory=dict)
    years_experience: int = 0
    education: tuple[dict[str, str], ...] = ()
    sectors: tuple[str, ...] = ()
    acquis_chapters: tuple[int, ...] = ()
    skills: tuple[str, ...] = ()
    summary: str = ""
    available_from: date | None = None
    available_to: date | None = None
    work_mode: str = "any"
    network_countries: tuple[str, ...] = ()
    investment_sectors: tuple[str, ...] = ()
    employer: str = ""  # where the person works abroad (twinning)
    study_level: str = ""  # one of STUDY_LEVELS, or "" (researchers and students)
    regions: tuple[str, ...] = ()  # Albanian regions (qarqe) an organisation works in


@dataclass(frozen=True, slots=True)
class Opportunity:
    id: str
    kind: str
    title: str = ""
    institution: str = ""
    description: str = ""
    acquis_chapters: tuple[int, ...] = ()
    required_skills: tuple[str, ...] = ()
    preferred_skills: tuple[str, ...] = ()
    languages: dict[str, str] = field(default_factory=dict)
    min_years_experience: int | None = None
    start: date | None = None
    end: date | None = None
    work_mode: str = "remote"
    sector: str = ""
    region: str = ""
    target_countries: tuple[str, ...] = ()
    amount_eur: float | None = None
    positions: int = 1
    sessions: int | None = None  # mentorship: sessions agreed (tracking, not a matching feature)
    mentee_type: str = ""  # mentorship: one of MENTEE_TYPES, or ""
    counterpart_field: str = ""  # twinning: the field of the counterpart institution sought abroad
    counterpart_countries: tuple[str, ...] = ()  # twinning: where the counterpart should be
    study_levels: tuple[str, ...] = ()  # field project: the STUDY_LEVELS it takes (empty: any)
    fields_of_study: tuple[str, ...] = ()  # field project: disciplines sought
    budget_eur: float | None = None  # local project: the call's ceiling (not a matching feature)


@dataclass(frozen=True, slots=True)
class Reason:
    """One explanation as data: a stable code and plain JSON values (strings, numbers, lists of strings or
    numbers), so that a reader can word it in any language; matching.explain.render gives the English."""
    code: str
    params: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: dict) -> Reason:
        return cls(code=str(data["code"]), params=dict(data.get("params") or {}))


@dataclass(slots=True)
class Match:
    profile_id: str
    score: float
    eligible: bool
    reasons: list[str] = field(default_factory=list)
    contributions: dict[str, float] = field(default_factory=dict)
    broken_rules: list[str] = field(default_factory=list)
    details: list[Reason] = field(default_factory=list)  # the reasons as data, in the same order


@dataclass(frozen=True, slots=True)
class Decision:
    """An officer's (or the programme's) verdict on a pair; a higher grade is a better match (matching/learn.py)."""
    profile: Profile
    opportunity: Opportunity
    grade: int
