"""The numbers a donor report needs, for one period; request-free and read-only.

Each record counts in the period of its own event: a member when they registered, a placement
when it was made, an engagement when it was started, a local project proposal when it was sent and a project when
it was accepted, a lead when it was registered, a reward when it was computed (paid rewards when they were paid).
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from diaspora.extensions import db
from diaspora.investments.models import (AgentApplication, AgentReward, ApplicationStatus, ClaimStatus,
                                         InvestmentLead, LeadStage, RewardStatus)
from diaspora.members.models import MemberProfile
from diaspora.institutions.models import Institution
from diaspora.opportunities.kinds.base import Kind
from diaspora.opportunities.models import Opportunity
from diaspora.programme import lifecycles
from diaspora.programme.models import Engagement, EngagementStatus, Placement, PlacementStatus
from diaspora.projects.models import LocalProject, ProjectExpense, ProjectProposal

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Period:
    start: date | None = None
    end: date | None = None  # inclusive

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        return (datetime.combine(self.start, time.min) if self.start else None,
                datetime.combine(self.end + timedelta(days=1), time.min) if self.end else None)

    def where(self, column):
        """SQL conditions keeping `column` inside the period."""
        low, high = self.bounds()
        return [c for c in ((column >= low) if low else None, (column < high) if high else None) if c is not None]


@dataclass(frozen=True)
class StageTotals:
    stage: LeadStage
    leads: int
    expected_eur: Decimal
    invested_eur: Decimal
    expected_jobs: int
    jobs_created: int


@dataclass(frozen=True)
class EngagementTotals:
    """A kind tracked by engagements (mentorship, twinning): how many started, completed, and what was held."""
    kind: Kind
    started: int
    completed: int
    held: int  # sessions or joint activities logged
    agreed: int
    member_rating: float | None  # mean of the members' closing ratings
    institution_rating: float | None


@dataclass(frozen=True)
class LocalProjectTotals:
    """Diaspora NGOs' local projects: proposals sent and scored, projects accepted and completed, their approved
    budgets and what was spent of them."""
    proposals: int = 0
    scored: int = 0
    projects: int = 0
    completed: int = 0
    approved_eur: Decimal = ZERO
    spent_eur: Decimal = ZERO


@dataclass
class Report:
    members: int = 0
    members_by_country: list[tuple[str, int]] = field(default_factory=list)
    experts_only: int = 0
    agents_only: int = 0
    experts_and_agents: int = 0
    certified_agents: int = 0
    mentors: int = 0
    placements: int = 0
    placements_by_status: list[tuple[PlacementStatus, int]] = field(default_factory=list)
    placements_by_chapter: list[tuple[int, int]] = field(default_factory=list)
    placements_by_institution: list[tuple[Institution, int]] = field(default_factory=list)
    days_to_placement_median: float | None = None
    days_to_placement_mean: float | None = None
    engagements: list[EngagementTotals] = field(default_factory=list)
    local_projects: LocalProjectTotals = field(default_factory=LocalProjectTotals)
    stages: list[StageTotals] = field(default_factory=list)
    invested_eur: Decimal = ZERO
    jobs_created: int = 0
    rewards_by_status: dict[RewardStatus, Decimal] = field(default_factory=dict)
    rewards_paid_in_period: Decimal = ZERO


def _members(report: Report, period: Period) -> None:
    alive = [MemberProfile.erased_at.is_(None), *period.where(MemberProfile.created_at)]
    rows = db.session.execute(select(MemberProfile.country, MemberProfile.is_expert, MemberProfile.is_agent)
                              .where(*alive)).all()
    report.members = len(rows)
    report.members_by_country = Counter(country for country, _e, _a in rows).most_common()
    report.experts_only = sum(1 for _c, expert, agent in rows if expert and not agent)
    report.agents_only = sum(1 for _c, expert, agent in rows if agent and not expert)
    report.experts_and_agents = sum(1 for _c, expert, agent in rows if expert and agent)
    report.mentors = db.session.scalar(select(func.count(MemberProfile.id)).where(
        MemberProfile.is_mentor.is_(True), *alive)) or 0
    report.certified_agents = db.session.scalar(select(func.count(AgentApplication.id)).where(
        AgentApplication.status == ApplicationStatus.CERTIFIED,
        *period.where(AgentApplication.documents_reviewed_at))) or 0


def _placements(report: Report, period: Period) -> None:
    placements = list(db.session.scalars(select(Placement).where(*period.where(Placement.created_at))))
    report.placements = len(placements)
    statuses = Counter(p.status for p in placements)
    report.placements_by_status = [(s, statuses[s]) for s in PlacementStatus]
    chapters = Counter(chapter for p in placements for chapter in (p.opportunity.acquis_chapters or []))
    report.placements_by_chapter = sorted(chapters.items(), key=lambda item: (-item[1], item[0]))
    institutions = Counter(p.institution for p in placements)
    report.placements_by_institution = institutions.most_common()
    waits = [days_to_placement(p.opportunity, p) for p in placements]
    waits = [w for w in waits if w is not None]
    if waits:
        report.days_to_placement_median = float(statistics.median(waits))
        report.days_to_placement_mean = round(statistics.fmean(waits), 1)


def _engagements(report: Report, period: Period) -> None:
    started = list(db.session.scalars(select(Engagement).where(*period.where(Engagement.created_at))))
    report.engagements = []
    for kind in lifecycles.engaging_kinds():
        mine = [e for e in started if e.opportunity.kind is kind]
        member = [e.member_rating for e in mine if e.member_rating is not None]
        institution = [e.institution_rating for e in mine if e.institution_rating is not None]
        report.engagements.append(EngagementTotals(
            kind, len(mine), sum(e.status is EngagementStatus.COMPLETED for e in mine),
            sum(len(e.entries) for e in mine), sum(e.agreed for e in mine),
            round(statistics.fmean(member), 1) if member else None,
            round(statistics.fmean(institution), 1) if institution else None))


def _local_projects(report: Report, period: Period) -> None:
    proposals, scored = db.session.execute(select(func.count(ProjectProposal.id), func.count(ProjectProposal.scored_at))
                                           .where(*period.where(ProjectProposal.created_at))).one()
    in_period = period.where(LocalProject.created_at)
    projects, completed, approved = db.session.execute(select(
        func.count(LocalProject.id), func.count(LocalProject.completed_at),
        func.coalesce(func.sum(LocalProject.budget_eur), 0)).where(*in_period)).one()
    spent = db.session.scalar(select(func.coalesce(func.sum(ProjectExpense.amount_eur), 0))
                              .join(LocalProject).where(*in_period))
    report.local_projects = LocalProjectTotals(proposals, scored, projects, completed, _money(approved), _money(spent))


def days_to_placement(opportunity: Opportunity, placement: Placement) -> int | None:
    posted = opportunity.opened_at or opportunity.created_at
    return None if posted is None else max((placement.created_at - posted).days, 0)


def _investments(report: Report, period: Period) -> None:
    rows = db.session.execute(
        select(InvestmentLead.stage, func.count(InvestmentLead.id),
               func.coalesce(func.sum(InvestmentLead.expected_amount_eur), 0),
               func.coalesce(func.sum(InvestmentLead.amount_invested_eur), 0),
               func.coalesce(func.sum(InvestmentLead.expected_jobs), 0),
               func.coalesce(func.sum(InvestmentLead.jobs_created), 0))
        # A rejected claim is a duplicate of another lead: counting it would count one investor twice.
        .where(InvestmentLead.claim != ClaimStatus.REJECTED, *period.where(InvestmentLead.registered_at))
        .group_by(InvestmentLead.stage)).all()
    found = {stage: row for stage, *row in rows}
    report.stages = []
    for stage in LeadStage:
        count, expected, invested, expected_jobs, created = found.get(stage, (0, 0, 0, 0, 0))
        report.stages.append(StageTotals(stage, count, _money(expected), _money(invested), int(expected_jobs),
                                         int(created)))
    report.invested_eur = sum((s.invested_eur for s in report.stages), ZERO)
    report.jobs_created = sum(s.jobs_created for s in report.stages)


def _rewards(report: Report, period: Period) -> None:
    rows = dict(db.session.execute(
        select(AgentReward.status, func.coalesce(func.sum(AgentReward.amount_eur), 0))
        .where(*period.where(AgentReward.computed_at)).group_by(AgentReward.status)).all())
    report.rewards_by_status = {status: _money(rows.get(status, 0)) for status in RewardStatus}
    report.rewards_paid_in_period = _money(db.session.scalar(
        select(func.coalesce(func.sum(AgentReward.amount_eur), 0))
        .where(AgentReward.status == RewardStatus.PAID, *period.where(AgentReward.paid_at))))


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def build_report(period: Period) -> Report:
    report = Report()
    _members(report, period)
    _placements(report, period)
    _engagements(report, period)
    _local_projects(report, period)
    _investments(report, period)
    _rewards(report, period)
    return report
