"""Investment leads: certified agents only, first claim wins (also under concurrency), disputes, stages."""
import threading
from decimal import Decimal

import pytest
import sqlalchemy as sa

from diaspora.auth.models import Role
from diaspora.errors import Conflict, Forbidden, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.investments import leads
from diaspora.investments.models import (ClaimResolution, ClaimStatus, DisputeOutcome, ImmutableHistory,
                                         InvestmentLead, LeadStage, LeadStageChange)
from diaspora.notifications.models import Notification
from tests.investments.helpers import lead_values, make_agent, make_investment, realise

S = LeadStage


def test_only_certified_agents_register_leads(db, make_member):
    with pytest.raises(Forbidden):
        leads.register(make_agent(certified=False), lead_values())
    with pytest.raises(Forbidden):
        leads.register(make_member().user, lead_values())


def test_registration_stamps_the_claim_and_starts_the_history(db):
    lead = make_investment()
    assert lead.claim is ClaimStatus.HOLDER and lead.stage is S.REGISTERED and lead.registered_at is not None
    [first] = lead.history
    assert (first.from_stage, first.to_stage, first.actor_id) == (None, S.REGISTERED, lead.agent_id)
    assert lead.company_key == "alba tech"


@pytest.mark.parametrize("second_name", ["ALBA TECH", "Alba  Tech SHPK", "alba tech Sh.p.k.", "Albá Tech Ltd"])
def test_a_second_agent_on_the_same_company_is_a_disputed_claim(db, second_name):
    first = make_investment(company="Alba Tech sh.p.k.")
    registration = leads.register(make_agent(), lead_values(company=second_name))
    assert registration.lead.claim is ClaimStatus.DISPUTED
    assert registration.holder.id == first.id
    assert first.claim is ClaimStatus.HOLDER


def test_a_different_company_is_not_a_dispute(db):
    make_investment(company="Alba Tech")
    assert leads.register(make_agent(), lead_values(company="Alba Trade")).holder is None


def test_an_agent_cannot_claim_the_same_company_twice(db):
    lead = make_investment()
    with pytest.raises(InvalidInput):
        leads.register(lead.agent, lead_values(company="ALBA TECH"))


def test_municipality_must_be_one_of_the_61(db):
    with pytest.raises(InvalidInput):
        leads.register(make_agent(), lead_values(municipality="Atlantis"))


def test_the_database_refuses_two_holders_for_one_company(db):
    first = make_investment()
    second = leads.register(make_agent(), lead_values()).lead
    second.claim = ClaimStatus.HOLDER
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert first.id


def test_concurrent_registrations_cannot_both_win(app, db):
    agents = [make_agent() for _ in range(4)]
    db.session.commit()
    ids = [agent.id for agent in agents]
    barrier = threading.Barrier(len(ids))
    errors = []

    def register(user_id):
        with app.app_context():
            try:
                user = db.session.get(type(agents[0]), user_id)
                barrier.wait(timeout=10)
                leads.register(user, lead_values())
                db.session.commit()
            except Exception as error:  # noqa: BLE001  (reported below, never swallowed)
                errors.append(repr(error))
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    db.session.expire_all()
    claims = sorted(c.value for c in db.session.scalars(sa.select(InvestmentLead.claim)))
    assert errors == []
    assert claims == ["disputed", "disputed", "disputed", "holder"]


def test_officer_keeps_the_first_claim_with_a_recorded_reason(db, officer):
    first = make_investment()
    second = leads.register(make_agent(), lead_values()).lead
    with pytest.raises(InvalidInput):
        leads.resolve_dispute(officer, second.id, DisputeOutcome.FIRST_CLAIM_KEPT, " ")
    resolution = leads.resolve_dispute(officer, second.id, DisputeOutcome.FIRST_CLAIM_KEPT,
                                       "The first agent's introduction e-mail predates the second.")
    assert (first.claim, second.claim) == (ClaimStatus.HOLDER, ClaimStatus.REJECTED)
    assert (resolution.officer_id, resolution.previous_holder_id) == (officer.id, first.id)
    assert resolution.created_at is not None
    with pytest.raises(Conflict):
        leads.resolve_dispute(officer, second.id, DisputeOutcome.AWARDED_TO_CLAIMANT, "changed my mind")


def test_officer_can_award_the_company_to_the_later_claim(db, officer):
    first = make_investment()
    second = leads.register(make_agent(), lead_values()).lead
    leads.resolve_dispute(officer, second.id, DisputeOutcome.AWARDED_TO_CLAIMANT, "Signed mandate from the investor")
    db.session.flush()
    assert (first.claim, second.claim) == (ClaimStatus.REJECTED, ClaimStatus.HOLDER)
    leads.move(second.agent, second.id, S.CONTACTED)
    with pytest.raises(Conflict):
        leads.move(first.agent, first.id, S.CONTACTED)
    assert leads.disputes(officer) == []


def test_a_realised_first_claim_keeps_the_company(db, officer):
    first = realise(make_investment(), officer)
    second = leads.register(make_agent(), lead_values()).lead
    with pytest.raises(Conflict):
        leads.resolve_dispute(officer, second.id, DisputeOutcome.AWARDED_TO_CLAIMANT, "late paperwork")
    assert first.claim is ClaimStatus.HOLDER


def test_only_officers_resolve_disputes(db):
    make_investment()
    second = leads.register(make_agent(), lead_values()).lead
    with pytest.raises(Forbidden):
        leads.resolve_dispute(second.agent, second.id, DisputeOutcome.AWARDED_TO_CLAIMANT, "mine")


@pytest.mark.parametrize("stage, targets", [
    (S.REGISTERED, [S.CONTACTED, S.SITE_VISIT, S.NEGOTIATION, S.COMMITTED, S.LOST]),
    (S.NEGOTIATION, [S.COMMITTED, S.LOST]),
    (S.COMMITTED, [S.REALISED, S.LOST]),
    (S.REALISED, []),
    (S.LOST, []),
])
def test_allowed_transitions(stage, targets):
    assert leads.stage_targets(stage) == targets


@pytest.mark.parametrize("start, target", [
    (S.CONTACTED, S.REGISTERED),     # backwards
    (S.NEGOTIATION, S.SITE_VISIT),   # backwards
    (S.REGISTERED, S.REALISED),      # realised only from committed
    (S.CONTACTED, S.CONTACTED),      # no move
])
def test_refused_transitions(db, officer, start, target):
    lead = make_investment()
    if start is not S.REGISTERED:
        leads.move(lead.agent, lead.id, start)
    with pytest.raises(InvalidInput):
        leads.move(officer, lead.id, target, amount_invested=Decimal("1"), jobs_created=1)


def test_final_stages_do_not_move(db, officer):
    lead = make_investment()
    leads.move(lead.agent, lead.id, S.LOST, note="Investor chose North Macedonia")
    with pytest.raises(InvalidInput):
        leads.move(officer, lead.id, S.CONTACTED)


def test_the_agent_cannot_confirm_realised_but_the_officer_can(db, officer):
    lead = make_investment()
    leads.move(lead.agent, lead.id, S.COMMITTED)
    with pytest.raises(Forbidden):
        leads.move(lead.agent, lead.id, S.REALISED, amount_invested=Decimal("5"), jobs_created=1)
    with pytest.raises(InvalidInput):
        leads.move(officer, lead.id, S.REALISED)  # amount and jobs are required
    leads.move(officer, lead.id, S.REALISED, amount_invested=Decimal("180000.004"), jobs_created=12)
    assert lead.stage is S.REALISED and lead.amount_invested_eur == Decimal("180000.00") and lead.jobs_created == 12


def test_another_agent_cannot_see_or_move_a_lead(db):
    lead = make_investment()
    stranger = make_agent()
    with pytest.raises(NotFound):
        leads.get_lead_for(stranger, lead.id)
    with pytest.raises(NotFound):
        leads.move(stranger, lead.id, S.CONTACTED)


def test_every_move_is_a_timestamped_row_with_who_from_to_and_note(db, officer):
    lead = make_investment()
    leads.move(lead.agent, lead.id, S.CONTACTED, note="Call with the CFO")
    leads.move(officer, lead.id, S.SITE_VISIT, note="Visit to Durrës port")
    rows = [(c.actor_id, c.from_stage, c.to_stage, c.note) for c in lead.history]
    assert rows == [(lead.agent_id, None, S.REGISTERED, ""), (lead.agent_id, S.REGISTERED, S.CONTACTED,
                    "Call with the CFO"), (officer.id, S.CONTACTED, S.SITE_VISIT, "Visit to Durrës port")]
    assert all(c.created_at is not None for c in lead.history)


def test_the_history_cannot_be_changed_or_deleted(db):
    lead = make_investment()
    db.session.commit()
    change = lead.history[0]
    change.note = "rewritten"
    with pytest.raises(ImmutableHistory):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(LeadStageChange, change.id))
    with pytest.raises(ImmutableHistory):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(LeadStageChange, change.id).note == ""


def test_resolutions_cannot_be_changed(db, officer):
    make_investment()
    second = leads.register(make_agent(), lead_values()).lead
    resolution = leads.resolve_dispute(officer, second.id, DisputeOutcome.FIRST_CLAIM_KEPT, "first came first")
    db.session.commit()
    resolution.reason = "something else"
    with pytest.raises(ImmutableHistory):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(sa.select(ClaimResolution.reason)) == "first came first"


def test_the_agent_is_notified_when_someone_else_moves_the_lead(db, officer):
    lead = make_investment(company="Ionian Solar")
    leads.move(lead.agent, lead.id, S.CONTACTED)
    assert db.session.query(Notification).filter_by(user_id=lead.agent_id).count() == 0
    leads.move(officer, lead.id, S.SITE_VISIT)
    note = db.session.query(Notification).filter_by(user_id=lead.agent_id).one()
    assert note.params["message"] == "lead_stage_changed" and note.params["company"] == "Ionian Solar"


def test_concurrent_stage_moves_conflict_instead_of_overwriting(db, officer):
    lead = make_investment()
    stale = lead.version
    leads.move(lead.agent, lead.id, S.CONTACTED)
    with pytest.raises(Conflict):
        leads.move(officer, lead.id, S.LOST, expected_version=stale)


def test_roles_that_are_not_agents_or_officers_see_no_leads(db, make_user):
    lead = make_investment()
    for role in (Role.MINISTRY, Role.ADMIN):
        with pytest.raises(NotFound):
            leads.get_lead_for(make_user(role), lead.id)
