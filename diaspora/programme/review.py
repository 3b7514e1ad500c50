"""The officer's view of the ranking: filters, pagination, explanations for the page shown."""
from __future__ import annotations

import math
from dataclasses import dataclass

import sqlalchemy as sa
from matching.index import RankFilter
from matching.model import Match

from diaspora.extensions import db
from diaspora.matches import live
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.opportunities.services import open_postings
from diaspora.programme import alumni, decisions
from diaspora.programme.models import DecisionAction, MatchDecision

PER_PAGE = 20


@dataclass(frozen=True)
class Filters:
    country: str = ""
    language: str = ""
    chapter: int | None = None
    min_score: float = 0.0
    eligible_only: bool = False

    def for_engine(self) -> RankFilter:
        # Applied by the engine over its columns: a page never costs a Python pass over every profile.
        return RankFilter(country=self.country or None, language=self.language or None, chapter=self.chapter,
                          eligible_only=self.eligible_only, min_score=self.min_score)


@dataclass
class CandidateRow:
    match: Match
    profile: MemberProfile
    status: DecisionAction | None
    interested: bool
    alumnus: bool  # saw an engagement of the programme through (diaspora/programme/alumni.py)


@dataclass
class Page:
    rows: list[CandidateRow]
    page: int
    pages: int
    total: int
    holder: live.LiveIndex  # the index and model the page was ranked with

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def open_opportunities() -> list[tuple[Opportunity, int, dict]]:
    """Open postings, each with its number of eligible candidates and decisions by status."""
    opportunities = list(db.session.scalars(open_postings().order_by(Opportunity.deadline, Opportunity.id)))
    statuses = decisions.statuses()
    out = []
    for opportunity in opportunities:
        eligible = len(live.ranking(opportunity, RankFilter(eligible_only=True)))
        counts: dict = {}
        for (_pid, oid), action in statuses.items():
            if oid == opportunity.id:
                counts[action] = counts.get(action, 0) + 1
        out.append((opportunity, eligible, counts))
    return out


def best_postings_for(profile: MemberProfile, top: int) -> list[tuple[Opportunity, Match]]:
    """An officer's view of one member: the open postings that fit them best."""
    postings = list(db.session.scalars(open_postings().order_by(Opportunity.id)))
    return live.best_for(profile, postings, top=top)


def candidates(opportunity: Opportunity, filters: Filters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """Ranked candidates (eligible first, ineligible after with their broken rule), filtered and paged."""
    reader = live.PostingReader(opportunity)
    ranked = reader.ranking(filters.for_engine())
    pages = max(1, math.ceil(len(ranked) / per_page))
    page = min(max(1, page), pages)
    ids = [int(pid) for pid in ranked.head(page * per_page)[0][(page - 1) * per_page:]]
    explained = reader.explain(ids)
    profiles = {p.id: p for p in db.session.scalars(sa.select(MemberProfile).where(MemberProfile.id.in_(ids)))}
    statuses = decisions.statuses(opportunity_id=opportunity.id)
    interested = decisions.interested_ids(opportunity.id)
    returning = alumni.alumni_among(ids)
    rows = [CandidateRow(explained[pid], profiles[pid], statuses.get((pid, opportunity.id)), pid in interested,
                         pid in returning)
            for pid in ids if pid in profiles and pid in explained]
    return Page(rows=rows, page=page, pages=pages, total=len(ranked), holder=reader.holder)


def decision_trail(opportunity_id: int) -> list[MatchDecision]:
    return list(db.session.scalars(sa.select(MatchDecision).where(MatchDecision.opportunity_id == opportunity_id)
                                   .order_by(MatchDecision.id.desc()).limit(50)))
