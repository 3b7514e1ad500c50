"""The reward ledger: one reward per realised lead, computed by the configured rule, approved, paid."""
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from diaspora.auth.models import Role

from diaspora.errors import Conflict, Forbidden
from diaspora.investments import ledger
from diaspora.investments.models import AgentReward, RewardStatus
from diaspora.investments.rewards import RewardRule
from diaspora.notifications.models import Notification
from tests.investments.helpers import make_agent, make_investment, realise


def test_realising_a_lead_computes_its_reward_with_the_configured_rule(db, officer, app):
    app.config.update(REWARD_SHARE_PERCENT=Decimal("2"), REWARD_PER_JOB_EUR=Decimal("150"),
                      REWARD_CAP_EUR=Decimal("10000"))
    lead = realise(make_investment(), officer, amount=Decimal("123456.78"), jobs=7)
    reward = lead.reward
    assert (reward.share_eur, reward.jobs_eur, reward.amount_eur) == (Decimal("2469.14"), Decimal("1050.00"),
                                                                     Decimal("3519.14"))
    assert (reward.share_percent, reward.per_job_eur, reward.cap_eur) == (Decimal("2"), Decimal("150"),
                                                                         Decimal("10000"))
    assert reward.status is RewardStatus.COMPUTED and reward.agent_id == lead.agent_id


def test_the_cap_applies(db, officer, app):
    app.config.update(REWARD_SHARE_PERCENT=Decimal("1.5"), REWARD_PER_JOB_EUR=Decimal("200"),
                      REWARD_CAP_EUR=Decimal("25000"))
    lead = realise(make_investment(), officer, amount=Decimal("5000000"), jobs=300)
    assert lead.reward.amount_eur == Decimal("25000.00")


def test_one_reward_per_lead(db, officer):
    lead = realise(make_investment(), officer)
    db.session.commit()
    with pytest.raises(sa.exc.IntegrityError):
        ledger.record_reward(lead, RewardRule(Decimal("1"), Decimal("1"), None))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(AgentReward.id))) == 1


def test_approve_then_pay_with_notice_to_the_agent(db, officer, make_user):
    lead = realise(make_investment(company="Hellas Foods"), officer)
    reward = ledger.approve(officer, lead.reward.id)
    assert reward.status is RewardStatus.APPROVED and reward.approved_by_id == officer.id
    [note] = [n for n in db.session.query(Notification).filter_by(user_id=lead.agent_id)
              if n.params["message"] == "reward_approved"]
    assert note.params["company"] == "Hellas Foods" and note.params["amount_eur"] == str(reward.amount_eur)
    with pytest.raises(Conflict):
        ledger.approve(officer, reward.id)
    cashier = make_user(Role.OFFICER)
    ledger.mark_paid(cashier, reward.id)
    assert reward.status is RewardStatus.PAID and reward.paid_at is not None and reward.paid_by_id == cashier.id


def test_the_officer_who_approved_a_reward_cannot_pay_it(db, officer):
    reward = ledger.approve(officer, realise(make_investment(), officer).reward.id)
    with pytest.raises(Conflict, match="another officer"), force_locale("en"):
        ledger.mark_paid(officer, reward.id)
    assert reward.status is RewardStatus.APPROVED


def test_a_computed_reward_cannot_be_paid_before_approval(db, officer):
    lead = realise(make_investment(), officer)
    with pytest.raises(Conflict):
        ledger.mark_paid(officer, lead.reward.id)


def test_only_officers_approve(db, officer):
    lead = realise(make_investment(), officer)
    with pytest.raises(Forbidden):
        ledger.approve(lead.agent, lead.reward.id)


def test_totals_equal_the_sum_of_the_rows(db, officer):
    agent = make_agent()
    amounts = [Decimal("333.33"), Decimal("666.67"), Decimal("1000.01")]
    for n, amount in enumerate(amounts):
        realise(make_investment(agent=agent, company=f"Company {n}"), officer, amount=amount, jobs=n)
    other = realise(make_investment(company="Someone else's"), officer)
    rows = ledger.rewards_of(agent)
    assert len(rows) == 3 and other.reward not in rows
    totals = ledger.totals(agent.id)
    assert totals[RewardStatus.COMPUTED] == sum(r.amount_eur for r in rows)
    assert ledger.totals()[RewardStatus.COMPUTED] == sum(r.amount_eur for r in ledger.ledger(officer))
    assert totals[RewardStatus.PAID] == Decimal("0.00")
