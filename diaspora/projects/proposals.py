"""Organisations' proposals for calls for local projects, and the officers' scores of them against the call's
criteria. A scored proposal is what an officer proposes to the institution through the one review flow."""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from diaspora import audit
from diaspora.auth.models import Role, User
from diaspora.errors import Conflict, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.formatting import money
from diaspora.opportunities.kinds.registry import all_kinds
from diaspora.opportunities.models import Opportunity
from diaspora.organisations import services as organisations
from diaspora.programme import lifecycles
from diaspora.programme.models import Interest
from diaspora.projects.models import ProjectProposal
from diaspora.timeutil import utcnow

# The criteria every call's proposals are scored on, 1 (poor) to 5 (excellent).
CRITERIA = {"relevance": _l("Relevance to the call"), "feasibility": _l("Feasibility"),
            "local_impact": _l("Local impact"), "budget": _l("Value for money")}
SCORES = range(1, 6)


def open_calls() -> list[Opportunity]:
    """The open postings that take proposals (calls for local projects), nearest deadline first."""
    kinds = [kind for kind in all_kinds() if lifecycles.of(kind).takes_proposals]
    return list(db.session.scalars(sa.select(Opportunity).where(Opportunity.is_open, Opportunity.kind.in_(kinds))
                                   .order_by(Opportunity.deadline.is_(None), Opportunity.deadline, Opportunity.id)))


def get_call(opportunity_id: int) -> Opportunity:
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None or not opportunity.is_open or not lifecycles.of(opportunity.kind).takes_proposals:
        raise NotFound(_("This call does not exist or is closed."))
    return opportunity


def proposals_of(profile_ids: list[int]) -> list[ProjectProposal]:
    return list(db.session.scalars(sa.select(ProjectProposal).where(ProjectProposal.profile_id.in_(profile_ids))
                                   .order_by(ProjectProposal.created_at.desc())))


def proposal_for(profile_id: int, opportunity_id: int) -> ProjectProposal | None:
    return db.session.scalar(sa.select(ProjectProposal).where(ProjectProposal.profile_id == profile_id,
                                                              ProjectProposal.opportunity_id == opportunity_id))


def _within_ceiling(amount: Decimal, call: Opportunity, field: str) -> None:
    if amount is None or amount <= 0:
        raise InvalidInput(_("Give a budget above zero."), field=field)
    if call.budget_eur is not None and amount > call.budget_eur:
        raise InvalidInput(_("%(amount)s is above the call's ceiling of %(ceiling)s.", amount=money(amount),
                             ceiling=money(call.budget_eur)), field=field)


def submit_proposal(member: User, organisation_id: int, opportunity_id: int, summary: str,
                    budget_eur: Decimal) -> ProjectProposal:
    """A member of the organisation proposes a project for an open call, for the organisation (once per call)."""
    organisation = organisations.get_for(member, organisation_id)
    if not organisations.is_member(member, organisation):
        raise NotFound(_("This organisation does not exist."))
    call = get_call(opportunity_id)
    if not (summary or "").strip():
        raise InvalidInput(_("Describe the project."), field="summary")
    _within_ceiling(budget_eur, call, "budget_eur")
    if proposal_for(organisation.profile_id, call.id) is not None:
        raise Conflict(_("The organisation has already proposed a project for this call."))
    proposal = ProjectProposal(profile_id=organisation.profile_id, opportunity_id=call.id, summary=summary.strip(),
                               budget_eur=budget_eur, submitted_by_id=member.id, scores={})
    db.session.add(proposal)
    # The proposal is the organisation's interest in the call: officers see it on the review page.
    if db.session.scalar(sa.select(Interest.id).where(Interest.profile_id == organisation.profile_id,
                                                      Interest.opportunity_id == call.id)) is None:
        db.session.add(Interest(profile_id=organisation.profile_id, opportunity_id=call.id))
    db.session.flush()
    audit.record("project_proposed", actor_id=member.id, object_type="opportunity", object_id=call.id,
                 organisation=organisation.id)
    return proposal


def get_proposal(officer: User, proposal_id: int) -> ProjectProposal:
    """Officers read and score proposals; anyone else gets 404."""
    proposal = db.session.get(ProjectProposal, proposal_id)
    if proposal is None or officer.role is not Role.OFFICER:
        raise NotFound(_("This proposal does not exist."))
    return proposal


def score(officer: User, proposal_id: int, scores: dict[str, int], recommended_budget: Decimal) -> ProjectProposal:
    """An officer scores a proposal 1-5 on every criterion and recommends a budget within the call's ceiling."""
    proposal = get_proposal(officer, proposal_id)
    if set(scores) != set(CRITERIA) or any(value not in SCORES for value in scores.values()):
        raise InvalidInput(_("Score every criterion from 1 to 5."), field="relevance")
    _within_ceiling(recommended_budget, proposal.opportunity, "recommended_budget_eur")
    proposal.scores = {name: int(scores[name]) for name in CRITERIA}
    proposal.recommended_budget_eur = recommended_budget
    proposal.scored_by_id, proposal.scored_at = officer.id, utcnow()
    db.session.flush()
    audit.record("proposal_scored", actor_id=officer.id, object_type="opportunity", object_id=proposal.opportunity_id,
                 proposal=proposal.id, total=proposal.total_score)
    return proposal


def require_scored(profile_id: int, opportunity_id: int) -> ProjectProposal:
    proposal = proposal_for(profile_id, opportunity_id)
    if proposal is None:
        raise Conflict(_("This organisation has not proposed a project for this call."))
    if not proposal.scores:
        raise Conflict(_("Score the organisation's proposal before proposing it to the institution."))
    return proposal
