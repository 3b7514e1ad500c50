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


# The review table's sortable columns, each with the direction of its first click: "name" sorts A to Z,
# "-name" Z to A. "eligibility" (eligible first, then by score) is the engine's rank order and the default.
SORT_COLUMNS = {"name": "ascending", "score": "descending", "eligibility": "descending", "status": "ascending"}
# Statuses from the furthest along; candidates without a decision come last.
STATUS_ORDER = (DecisionAction.MINISTRY_ACCEPT, DecisionAction.PROPOSE, DecisionAction.SHORTLIST,
                DecisionAction.MINISTRY_DECLINE, DecisionAction.REJECT)


@dataclass(frozen=True)
class Sort:
    column: str = "eligibility"
    reversed: bool = False

    @classmethod
    def parse(cls, text: str | None) -> Sort:
        """From the `sort` query argument; anything unknown is the default order."""
        column = (text or "").removeprefix("-")
        return cls(column, (text or "").startswith("-")) if column in SORT_COLUMNS else cls()

    def link(self, column: str) -> str:
        """The `sort` argument of a column's header link: the active column turns around."""
        return f"-{column}" if column == self.column and not self.reversed else column

    def aria(self, column: str) -> str | None:
        """The column's aria-sort value, None for the columns the table is not sorted by."""
        if column != self.column:
            return None
        first = SORT_COLUMNS[column]
        return first if not self.reversed else {"ascending": "descending", "descending": "ascending"}[first]


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


def candidates(opportunity: Opportunity, filters: Filters, page: int = 1, per_page: int = PER_PAGE,
               sort: Sort = Sort()) -> Page:
    """Ranked candidates (eligible first, ineligible after with their broken rule), filtered, sorted and paged."""
    reader = live.PostingReader(opportunity)
    ranked = reader.ranking(filters.for_engine())
    pages = max(1, math.ceil(len(ranked) / per_page))
    page = min(max(1, page), pages)
    statuses = decisions.statuses(opportunity_id=opportunity.id)
    if sort == Sort():  # the rank order: only the rows up to this page are sorted
        ids = [int(pid) for pid in ranked.head(page * per_page)[0][(page - 1) * per_page:]]
    else:
        ids = _sorted(ranked, sort, {pid: action for (pid, _oid), action in statuses.items()})[
            (page - 1) * per_page:page * per_page]
    explained = reader.explain(ids)
    profiles = {p.id: p for p in db.session.scalars(sa.select(MemberProfile).where(MemberProfile.id.in_(ids)))}
    interested = decisions.interested_ids(opportunity.id)
    returning = alumni.alumni_among(ids)
    rows = [CandidateRow(explained[pid], profiles[pid], statuses.get((pid, opportunity.id)), pid in interested,
                         pid in returning)
            for pid in ids if pid in profiles and pid in explained]
    return Page(rows=rows, page=page, pages=pages, total=len(ranked), holder=reader.holder)


def _sorted(ranked, sort: Sort, statuses: dict[int, DecisionAction]) -> list[int]:
    """Every ranked candidate's id in the order of `sort` (ties keep the rank order)."""
    ids = [int(pid) for pid in ranked.ids]
    if sort.column == "score":
        scores = dict(zip(ids, ranked.scores.tolist(), strict=True))
        ids.sort(key=lambda pid: -scores[pid])
    elif sort.column == "name":
        names = dict(db.session.execute(sa.select(MemberProfile.id, MemberProfile.full_name)
                                        .where(MemberProfile.id.in_(ids))).all())
        ids.sort(key=lambda pid: (names.get(pid) or "").casefold())
    elif sort.column == "status":
        rank = {action: n for n, action in enumerate(STATUS_ORDER)}
        ids.sort(key=lambda pid: rank.get(statuses.get(pid), len(STATUS_ORDER)))
    return ids[::-1] if sort.reversed else ids


def decision_trail(opportunity_id: int) -> list[MatchDecision]:
    return list(db.session.scalars(sa.select(MatchDecision).where(MatchDecision.opportunity_id == opportunity_id)
                                   .order_by(MatchDecision.id.desc()).limit(50)))
