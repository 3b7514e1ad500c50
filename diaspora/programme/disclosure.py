"""Staged disclosure: what a ministry and a member may see of the workflow.

A ministry sees a candidate only after an officer proposed them for one of its own institution's
postings, and only the fields a hiring decision needs (never contact details, date of birth,
officers' notes or rejection reasons). A member sees their own pairs in member words: an officer's
shortlist or rejection stays "under review" until a ministry decides.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from diaspora.auth.models import Role, User
from diaspora.errors import Forbidden, NotFound
from diaspora.extensions import db
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from diaspora.programme import decisions
from diaspora.programme.models import DecisionAction, Interest, MatchDecision

A = DecisionAction
# The only profile fields a ministry receives.
MINISTRY_FIELDS = ("full_name", "country", "languages", "years_experience", "education", "skills",
                   "acquis_chapters", "sectors", "summary")
MINISTRY_STATUS = {A.PROPOSE: _l("Proposed"), A.MINISTRY_ACCEPT: _l("Accepted"), A.MINISTRY_DECLINE: _l("Declined")}
MEMBER_STATUS = {None: _l("Under review"), A.SHORTLIST: _l("Under review"), A.REJECT: _l("Under review"),
                 A.PROPOSE: _l("Proposed"), A.MINISTRY_ACCEPT: _l("Accepted"), A.MINISTRY_DECLINE: _l("Not selected")}
MEMBER_VISIBLE = (A.PROPOSE, A.MINISTRY_ACCEPT, A.MINISTRY_DECLINE)


@dataclass
class DisclosedCandidate:
    profile_id: int
    opportunity: Opportunity
    fields: dict
    status: A
    status_label: str
    proposed_at: datetime
    score: float | None = None
    reasons: list[str] = field(default_factory=list)
    details: list[dict] = field(default_factory=list)  # the reasons as data (absent in rows stored before them)
    contributions: dict[str, float] = field(default_factory=dict)
    ministry_decisions: list[MatchDecision] = field(default_factory=list)


def _institution_of(user: User) -> int:
    if user.role is not Role.MINISTRY or user.institution_id is None:
        raise Forbidden(_("Only a ministry focal point sees proposed candidates."))
    return user.institution_id


def _proposals(institution_id: int, opportunity_id: int | None = None, profile_id: int | None = None):
    query = (sa.select(MatchDecision).join(Opportunity, Opportunity.id == MatchDecision.opportunity_id)
             .where(Opportunity.institution_id == institution_id, MatchDecision.action == A.PROPOSE)
             .order_by(MatchDecision.id))
    if opportunity_id is not None:
        query = query.where(MatchDecision.opportunity_id == opportunity_id)
    if profile_id is not None:
        query = query.where(MatchDecision.profile_id == profile_id)
    return list(db.session.scalars(query))


def _disclose(proposal: MatchDecision, status: A) -> DisclosedCandidate:
    profile = proposal.profile
    snapshot = proposal.match or {}
    return DisclosedCandidate(
        profile_id=profile.id, opportunity=proposal.opportunity,
        fields={name: getattr(profile, name) for name in MINISTRY_FIELDS}, status=status,
        status_label=str(MINISTRY_STATUS.get(status, MINISTRY_STATUS[A.PROPOSE])), proposed_at=proposal.created_at,
        score=proposal.score, reasons=list(snapshot.get("reasons", [])), details=list(snapshot.get("details", [])),
        contributions=dict(snapshot.get("contributions", {})))


def proposed_candidates(user: User) -> list[DisclosedCandidate]:
    """Every candidate proposed for this ministry's postings, newest proposal first."""
    institution_id = _institution_of(user)
    latest: dict[tuple[int, int], MatchDecision] = {}
    for proposal in _proposals(institution_id):
        latest[(proposal.profile_id, proposal.opportunity_id)] = proposal
    out = []
    for (profile_id, opportunity_id), proposal in latest.items():
        status = decisions.status_of(profile_id, opportunity_id)
        out.append(_disclose(proposal, status))
    return sorted(out, key=lambda c: (c.proposed_at, c.profile_id), reverse=True)


def candidate_for_ministry(user: User, opportunity_id: int, profile_id: int) -> DisclosedCandidate:
    """404 unless an officer proposed this person for this ministry's own posting."""
    proposals = _proposals(_institution_of(user), opportunity_id, profile_id)
    if not proposals or proposals[-1].profile.erased_at is not None:
        raise NotFound(_("This candidate does not exist."))
    candidate = _disclose(proposals[-1], decisions.status_of(profile_id, opportunity_id))
    candidate.ministry_decisions = [d for d in decisions.history(profile_id, opportunity_id)
                                    if d.action in (A.MINISTRY_ACCEPT, A.MINISTRY_DECLINE)]
    return candidate


def proposed_pair(user: User, opportunity_id: int, profile_id: int) -> tuple[Opportunity, MemberProfile]:
    candidate = candidate_for_ministry(user, opportunity_id, profile_id)
    return candidate.opportunity, db.session.get(MemberProfile, candidate.profile_id)


@dataclass
class MemberPair:
    opportunity: Opportunity
    status_label: str
    interested_at: datetime | None


def member_pairs(profile: MemberProfile) -> list[MemberPair]:
    """The member's interests and proposals, in member words only."""
    status = decisions.statuses(profile_id=profile.id)
    interests = {i.opportunity_id: i.created_at for i in db.session.scalars(
        sa.select(Interest).where(Interest.profile_id == profile.id))}
    visible = {oid for (_pid, oid), action in status.items() if action in MEMBER_VISIBLE}
    out = []
    for opportunity_id in sorted(visible | set(interests)):
        opportunity = db.session.get(Opportunity, opportunity_id)
        action = status.get((profile.id, opportunity_id))
        label = MEMBER_STATUS.get(action if action in MEMBER_VISIBLE else None)
        if action not in MEMBER_VISIBLE and opportunity.status is OpportunityStatus.CLOSED:
            label = _l("Closed")
        out.append(MemberPair(opportunity, str(label), interests.get(opportunity_id)))
    return out
