"""The reward ledger: one reward per realised lead, computed by the configured rule, approved, paid."""
from __future__ import annotations

from decimal import Decimal

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from diaspora import audit
from diaspora.auth.models import User
from diaspora.concurrency import check_version, flush_versioned
from diaspora.errors import Conflict, NotFound
from diaspora.extensions import db
from diaspora.investments.certification import require_officer
from diaspora.investments.models import AgentReward, InvestmentLead, RewardStatus
from diaspora.investments.rewards import RewardRule, compute_reward
from diaspora.notifications.models import NotificationKind
from diaspora.notifications.services import notify
from diaspora.paging import page_of
from diaspora.timeutil import utcnow

REWARD_LABELS = {RewardStatus.COMPUTED: _l("Computed"), RewardStatus.APPROVED: _l("Approved"),
                 RewardStatus.PAID: _l("Paid")}


def record_reward(lead: InvestmentLead, rule: RewardRule) -> AgentReward:
    """Called when a lead is realised; the unique lead_id makes a second reward for it impossible."""
    breakdown = compute_reward(rule, lead.amount_invested_eur, lead.jobs_created)
    reward = AgentReward(lead_id=lead.id, agent_id=lead.agent_id, amount_invested_eur=lead.amount_invested_eur,
                         jobs_created=lead.jobs_created, share_percent=rule.share_percent,
                         per_job_eur=rule.per_job_eur, cap_eur=rule.cap_eur, share_eur=breakdown.share_eur,
                         jobs_eur=breakdown.jobs_eur, amount_eur=breakdown.amount_eur,
                         status=RewardStatus.COMPUTED, computed_at=utcnow())
    db.session.add(reward)
    db.session.flush()
    return reward


def rewards_of(agent: User) -> list[AgentReward]:
    return list(db.session.scalars(select(AgentReward).where(AgentReward.agent_id == agent.id)
                                   .order_by(AgentReward.computed_at.desc(), AgentReward.id.desc())))


def _ledger_query(status: RewardStatus | None) -> Select:
    query = select(AgentReward)
    if status is not None:
        query = query.where(AgentReward.status == status)
    return query.order_by(AgentReward.computed_at.desc(), AgentReward.id.desc())


def ledger(officer: User, status: RewardStatus | None = None) -> list[AgentReward]:
    require_officer(officer)
    return list(db.session.scalars(_ledger_query(status)))


def ledger_page(officer: User, status: RewardStatus | None, page: int, per_page: int) -> Pagination:
    """The ledger one page at a time, newest first (id breaks ties so pages never overlap)."""
    require_officer(officer)
    return page_of(_ledger_query(status), page, per_page)


def totals(agent_id: int | None = None) -> dict[RewardStatus, Decimal]:
    """Sum of the stored (already rounded) rows per status: the totals always equal the rows shown."""
    query = select(AgentReward.status, func.coalesce(func.sum(AgentReward.amount_eur), 0)).group_by(AgentReward.status)
    if agent_id is not None:
        query = query.where(AgentReward.agent_id == agent_id)
    found = {status: Decimal(str(total)).quantize(Decimal("0.01")) for status, total in db.session.execute(query)}
    return {status: found.get(status, Decimal("0.00")) for status in RewardStatus}


def listed_total(totals_by_status: dict[RewardStatus, Decimal], status: RewardStatus | None) -> Decimal:
    """The total of every reward a filter lists, on all its pages, from the SQL sums per status."""
    if status is not None:
        return totals_by_status[status]
    return sum(totals_by_status.values(), Decimal("0.00"))


def _reward(reward_id: int, expected_version: int | None, status: RewardStatus) -> AgentReward:
    reward = db.session.get(AgentReward, reward_id)
    if reward is None:
        raise NotFound(_("This reward does not exist."))
    check_version(reward, expected_version)
    if reward.status is not status:
        raise Conflict(_("This reward has already moved on."))
    return reward


def approve(officer: User, reward_id: int, expected_version: int | None = None) -> AgentReward:
    require_officer(officer)
    reward = _reward(reward_id, expected_version, RewardStatus.COMPUTED)
    reward.status = RewardStatus.APPROVED
    reward.approved_by_id = officer.id
    reward.approved_at = utcnow()
    flush_versioned()
    audit.record("reward_approved", actor_id=officer.id, object_type="agent_reward", object_id=reward.id,
                 subject_user_id=reward.agent_id, amount=str(reward.amount_eur))
    notify(reward.agent, NotificationKind.REWARD_APPROVED, "reward_approved",
           link=url_for("investments.my_rewards", _external=True),
           amount_eur=str(reward.amount_eur), company=reward.lead.company)
    return reward


def mark_paid(officer: User, reward_id: int, expected_version: int | None = None) -> AgentReward:
    require_officer(officer)
    reward = _reward(reward_id, expected_version, RewardStatus.APPROVED)
    if reward.approved_by_id == officer.id:  # four eyes: no one both approves and pays out money
        raise Conflict(_("You approved this reward: another officer must pay it."))
    reward.status = RewardStatus.PAID
    reward.paid_by_id = officer.id
    reward.paid_at = utcnow()
    flush_versioned()
    audit.record("reward_paid", actor_id=officer.id, object_type="agent_reward", object_id=reward.id,
                 subject_user_id=reward.agent_id, amount=str(reward.amount_eur))
    return reward
