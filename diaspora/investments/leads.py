"""Investment leads: registration with first-claim-wins, stage moves with history, claim disputes."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, or_, select
from sqlalchemy.exc import IntegrityError

from diaspora import audit, privacy
from diaspora.auth.models import Role, User
from diaspora.concurrency import check_version, flush_versioned
from diaspora.errors import Conflict, Forbidden, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.investments import ledger
from diaspora.investments.certification import is_certified, require_officer
from diaspora.investments.models import (AgentApplication, ClaimResolution, ClaimStatus, DisputeOutcome,
                                         InvestmentLead, LeadStage, LeadStageChange)
from diaspora.investments.reference import municipalities, normalise_company
from diaspora.investments.rewards import RewardRule, cents
from diaspora.members.models import MemberProfile
from diaspora.notifications.models import NotificationKind
from diaspora.notifications.services import notify
from diaspora.opportunities.models import Opportunity
from diaspora.paging import page_of
from diaspora.programme import lifecycles
from diaspora.programme.models import DecisionAction, MatchDecision
from diaspora.timeutil import utcnow

PIPELINE = (LeadStage.REGISTERED, LeadStage.CONTACTED, LeadStage.SITE_VISIT, LeadStage.NEGOTIATION,
            LeadStage.COMMITTED, LeadStage.REALISED)
FINAL = frozenset({LeadStage.REALISED, LeadStage.LOST})
# The agent runs the pipeline up to a commitment; only an officer confirms that money arrived.
OFFICER_ONLY = frozenset({LeadStage.REALISED})
STAGE_LABELS = {
    LeadStage.REGISTERED: _l("Registered"), LeadStage.CONTACTED: _l("Contacted"),
    LeadStage.SITE_VISIT: _l("Site visit"), LeadStage.NEGOTIATION: _l("Negotiation"),
    LeadStage.COMMITTED: _l("Committed"), LeadStage.REALISED: _l("Realised"), LeadStage.LOST: _l("Lost"),
}
LEAD_FIELDS = frozenset({"company", "origin_country", "sector", "municipality", "expected_amount_eur",
                         "expected_jobs"})


def stage_targets(stage: LeadStage) -> list[LeadStage]:
    """Allowed moves: forward (skipping is fine), realised only from committed, lost from any open stage."""
    if stage in FINAL:
        return []
    position = PIPELINE.index(stage)
    forward = [s for s in PIPELINE[position + 1:] if s is not LeadStage.REALISED]
    if stage is LeadStage.COMMITTED:
        forward.append(LeadStage.REALISED)
    return forward + [LeadStage.LOST]


def targets_for(user: User, lead: InvestmentLead) -> list[LeadStage]:
    if lead.claim is not ClaimStatus.HOLDER:
        return []
    targets = stage_targets(lead.stage)
    if user.role is Role.OFFICER:
        return targets
    if user.id == lead.agent_id:
        return [s for s in targets if s not in OFFICER_ONLY]
    return []


def _require_agent(user: User) -> None:
    if user.role is not Role.MEMBER or not is_certified(user):
        raise Forbidden(_("Only certified Development Agents can register investment leads."))


@dataclass(frozen=True)
class Registration:
    lead: InvestmentLead
    holder: InvestmentLead | None  # the first claim on the same company, when this one is disputed


def _holder_of(company_key: str) -> InvestmentLead | None:
    return db.session.scalar(select(InvestmentLead).where(
        InvestmentLead.company_key == company_key, InvestmentLead.claim == ClaimStatus.HOLDER))


def register(agent: User, values: dict) -> Registration:
    """Record a lead; its registration time is the agent's claim on the company."""
    _require_agent(agent)
    unknown = set(values) - LEAD_FIELDS
    if unknown:
        raise InvalidInput(_("These fields cannot be set: %(names)s", names=", ".join(sorted(unknown))))
    key = normalise_company(values["company"])
    if not key:
        raise InvalidInput(_("Give the company's name."), field="company")
    if values["municipality"] not in {name for name, _county in municipalities()}:
        raise InvalidInput(_("Choose a municipality from the list."), field="municipality")
    mine = db.session.scalar(select(InvestmentLead.id).where(
        InvestmentLead.agent_id == agent.id, InvestmentLead.company_key == key,
        InvestmentLead.claim != ClaimStatus.REJECTED).limit(1))
    if mine is not None:
        raise InvalidInput(_("You have already registered this company."), field="company")
    now = utcnow()

    def build(claim: ClaimStatus) -> InvestmentLead:
        return InvestmentLead(agent_id=agent.id, company_key=key, claim=claim, stage=LeadStage.REGISTERED,
                              registered_at=now, **values)

    lead = build(ClaimStatus.HOLDER)
    try:
        # The partial unique index decides who was first, even for two registrations at the same instant.
        with db.session.begin_nested():
            db.session.add(lead)
            db.session.flush()
    except IntegrityError:
        lead = build(ClaimStatus.DISPUTED)
        db.session.add(lead)
        db.session.flush()
    db.session.add(LeadStageChange(lead_id=lead.id, actor_id=agent.id, from_stage=None,
                                   to_stage=LeadStage.REGISTERED, created_at=now,
                                   note="" if lead.claim is ClaimStatus.HOLDER else "disputed claim"))
    db.session.flush()
    holder = _holder_of(key) if lead.claim is ClaimStatus.DISPUTED else None
    return Registration(lead, holder)


def leads_of(agent: User) -> list[InvestmentLead]:
    return list(db.session.scalars(select(InvestmentLead).where(InvestmentLead.agent_id == agent.id)
                                   .order_by(InvestmentLead.registered_at.desc(), InvestmentLead.id.desc())))


def _pipeline_query(stage: LeadStage | None, search: str = "") -> Select:
    query = select(InvestmentLead)
    if stage is not None:
        query = query.where(InvestmentLead.stage == stage)
    if search:
        agents = select(MemberProfile.user_id).where(MemberProfile.full_name.icontains(search, autoescape=True))
        query = query.where(or_(InvestmentLead.company.icontains(search, autoescape=True),
                                InvestmentLead.municipality.icontains(search, autoescape=True),
                                InvestmentLead.agent_id.in_(agents)))
    return query.order_by(InvestmentLead.registered_at.desc(), InvestmentLead.id.desc())


def all_leads(officer: User, stage: LeadStage | None = None) -> list[InvestmentLead]:
    require_officer(officer)
    return list(db.session.scalars(_pipeline_query(stage)))


def pipeline_page(officer: User, stage: LeadStage | None, page: int, per_page: int, search: str = "") -> Pagination:
    """The officers' pipeline one page at a time, newest first (id breaks ties so pages never overlap): leads
    whose company, municipality or agent's name contains `search` (any case), when given."""
    require_officer(officer)
    return page_of(_pipeline_query(stage, search), page, per_page)


def get_lead_for(viewer: User, lead_id: int) -> InvestmentLead:
    """An agent sees only their own leads (others answer 404, like a missing one); officers see all."""
    lead = db.session.get(InvestmentLead, lead_id)
    if lead is None or not (viewer.role is Role.OFFICER or lead.agent_id == viewer.id):
        raise NotFound(_("This lead does not exist."))
    return lead


def move(actor: User, lead_id: int, to_stage: LeadStage, note: str = "", expected_version: int | None = None,
         amount_invested: Decimal | None = None, jobs_created: int | None = None) -> LeadStageChange:
    lead = get_lead_for(actor, lead_id)
    check_version(lead, expected_version)
    if lead.claim is not ClaimStatus.HOLDER:
        raise Conflict(_("This lead's claim on the company is disputed or rejected: it cannot move."))
    if to_stage not in stage_targets(lead.stage):
        raise InvalidInput(_("A lead cannot move from %(from)s to %(to)s.", **{
            "from": STAGE_LABELS[lead.stage], "to": STAGE_LABELS[to_stage]}), field="stage")
    if to_stage not in targets_for(actor, lead):
        raise Forbidden(_("Only a program officer can confirm that an investment was realised."))
    if to_stage is LeadStage.REALISED:
        if amount_invested is None or jobs_created is None or amount_invested < 0 or jobs_created < 0:
            raise InvalidInput(_("Give the amount invested and the jobs created."), field="amount_invested")
        lead.amount_invested_eur = cents(amount_invested)
        lead.jobs_created = jobs_created
        lead.realised_at = utcnow()
    change = LeadStageChange(lead_id=lead.id, actor_id=actor.id, from_stage=lead.stage, to_stage=to_stage,
                             note=(note or "").strip())
    lead.stage = to_stage
    db.session.add(change)
    flush_versioned()
    if to_stage is LeadStage.REALISED:
        ledger.record_reward(lead, RewardRule.from_config(current_app.config))
    if actor.id != lead.agent_id:  # the agent already knows about a move they made themselves
        notify(lead.agent, NotificationKind.LEAD_STAGE, "lead_stage_changed",
               link=url_for("investments.lead", lead_id=lead.id, _external=True),
               company=lead.company, stage=str(STAGE_LABELS[to_stage]))
    return change


def disputes(officer: User) -> list[tuple[InvestmentLead, InvestmentLead | None]]:
    """Open disputes, oldest first, each with the lead that currently holds the company."""
    require_officer(officer)
    disputed = db.session.scalars(select(InvestmentLead).where(InvestmentLead.claim == ClaimStatus.DISPUTED)
                                  .order_by(InvestmentLead.registered_at, InvestmentLead.id))
    return [(lead, _holder_of(lead.company_key)) for lead in disputed]


def resolutions(officer: User, limit: int = 50) -> list[ClaimResolution]:
    require_officer(officer)
    return list(db.session.scalars(select(ClaimResolution).order_by(ClaimResolution.id.desc()).limit(limit)))


def resolve_dispute(officer: User, lead_id: int, outcome: DisputeOutcome, reason: str) -> ClaimResolution:
    require_officer(officer)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why: the agents and auditors will read it."), field="reason")
    lead = db.session.get(InvestmentLead, lead_id)
    if lead is None:
        raise NotFound(_("This lead does not exist."))
    if lead.claim is not ClaimStatus.DISPUTED:
        raise Conflict(_("This claim is not disputed (any more)."))
    holder = _holder_of(lead.company_key)
    if outcome is DisputeOutcome.AWARDED_TO_CLAIMANT:
        if holder is not None and holder.stage is LeadStage.REALISED:
            raise Conflict(_("The first claim is already realised and rewarded: it keeps the company."))
        if holder is not None:
            holder.claim = ClaimStatus.REJECTED
            flush_versioned()  # free the company before the claimant takes it (the unique index checks each row)
        lead.claim = ClaimStatus.HOLDER
    else:
        lead.claim = ClaimStatus.REJECTED
    flush_versioned()
    resolution = ClaimResolution(disputed_lead_id=lead.id, previous_holder_id=holder.id if holder else None,
                                 outcome=outcome, reason=reason, officer_id=officer.id)
    db.session.add(resolution)
    db.session.flush()
    audit.record("lead_dispute_resolved", actor_id=officer.id, object_type="investment_lead", object_id=lead.id,
                 outcome=outcome.value, previous_holder=holder.id if holder else None)
    _tell_agents(lead, holder, outcome, reason)
    return resolution


# What each side of a settled dispute reads: (the later claim's agent, the first claim's agent).
DISPUTE_NOTICES = {
    DisputeOutcome.FIRST_CLAIM_KEPT: ("dispute_lost_to_first_claim", "dispute_first_claim_kept"),
    DisputeOutcome.AWARDED_TO_CLAIMANT: ("dispute_awarded_to_you", "dispute_lost_to_later_claim"),
}


def _tell_agents(claimant: InvestmentLead, holder: InvestmentLead | None, outcome: DisputeOutcome,
                 reason: str) -> None:
    """Each agent hears the decision about their own lead (their own spelling of the company). The side
    that lost also reads the officer's reason; nothing about the other agent is passed on."""
    for side, message in zip((claimant, holder), DISPUTE_NOTICES[outcome]):
        if side is None:
            continue
        params = {"company": side.company}
        if side.claim is ClaimStatus.REJECTED:
            params["reason"] = reason
        notify(side.agent, NotificationKind.LEAD_CLAIM, message,
               link=url_for("investments.lead", lead_id=side.id, _external=True), **params)


def resolution_of(lead: InvestmentLead) -> ClaimResolution | None:
    return db.session.scalar(select(ClaimResolution).where(
        (ClaimResolution.disputed_lead_id == lead.id) | (ClaimResolution.previous_holder_id == lead.id))
        .order_by(ClaimResolution.id.desc()).limit(1))


def _export(user: User) -> dict:
    applications = db.session.scalars(select(AgentApplication).where(AgentApplication.user_id == user.id)
                                      .order_by(AgentApplication.id))
    return {
        "agent_applications": [{"applied_at": a.applied_at.isoformat(), "status": a.status.value, "reason": a.reason,
                                "reviewed_at": a.documents_reviewed_at.isoformat() if a.documents_reviewed_at
                                else None} for a in applications],
        "investment_leads": [{"company": lead.company, "origin_country": lead.origin_country, "sector": lead.sector,
                              "municipality": lead.municipality, "stage": lead.stage.value,
                              "claim": lead.claim.value, "registered_at": lead.registered_at.isoformat(),
                              "expected_amount_eur": str(lead.expected_amount_eur),
                              "amount_invested_eur": None if lead.amount_invested_eur is None
                              else str(lead.amount_invested_eur)} for lead in leads_of(user)],
        "rewards": [{"company": r.lead.company, "amount_eur": str(r.amount_eur), "status": r.status.value,
                     "computed_at": r.computed_at.isoformat()} for r in ledger.rewards_of(user)],
    }


def _erase(user: User) -> None:
    # Leads, their history and rewards are programme records: they stay, pointing at the anonymised
    # account. The officers' written reasons about the person go.
    for application in db.session.scalars(select(AgentApplication).where(AgentApplication.user_id == user.id)):
        application.reason = ""


privacy.register("development_agent", _export, _erase)


class LeadPipeline(lifecycles.Lifecycle):
    """The lifecycle of investment-lead postings: an accepted Development Agent works the lead in this pipeline
    (registered company leads moved through their stages to a realised investment, then the reward); the
    ministry's acceptance starts nothing more."""

    def fulfilled_pairs(self) -> set[tuple[int, int]]:
        """An accepted agent who then brought an investment that was realised. A lead names no posting, so a
        lead registered after the acceptance counts for each posting the agent had been accepted for."""
        rows = db.session.execute(
            select(MatchDecision.profile_id, MatchDecision.opportunity_id).distinct()
            .join(Opportunity, Opportunity.id == MatchDecision.opportunity_id)
            .join(MemberProfile, MemberProfile.id == MatchDecision.profile_id)
            .join(InvestmentLead, InvestmentLead.agent_id == MemberProfile.user_id)
            .where(MatchDecision.action == DecisionAction.MINISTRY_ACCEPT, Opportunity.kind.in_(self.kinds()),
                   InvestmentLead.stage == LeadStage.REALISED, InvestmentLead.claim != ClaimStatus.REJECTED,
                   InvestmentLead.registered_at >= MatchDecision.created_at))
        return {(pid, oid) for pid, oid in rows}
    def completed(self) -> Select:
        """Agents who brought an investment that was realised (a rejected claim was another agent's)."""
        return (select(MemberProfile.id).join(InvestmentLead, InvestmentLead.agent_id == MemberProfile.user_id)
                .where(InvestmentLead.stage == LeadStage.REALISED, InvestmentLead.claim != ClaimStatus.REJECTED))


lifecycles.register(LeadPipeline("lead_pipeline"))
