"""Mass assignment on the programme's forms and API bodies: privileged fields posted alongside change nothing.

Each request is one a real user could send (a valid form, plus fields they may not set); the test
checks the stored row took only what the form offers.
"""
from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from diaspora.extensions import db
from diaspora.investments.reference import normalise_company
from diaspora.investments.models import AgentReward, ClaimStatus, InvestmentLead, LeadStage, RewardStatus
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.programme.models import DecisionAction, MatchDecision, Placement, PlacementStatus
from diaspora.tokens.models import ApiToken
from diaspora.tokens.services import create_token
from tests.security.test_mass_assignment import PRIVILEGED
from tests.security.test_row_visibility import session_client

PROGRAMME = {**PRIVILEGED, "agent_id": "1", "claim": "rejected", "stage": "realised", "version": "99",
             "amount_invested_eur": "999999", "amount_eur": "1", "jobs_created": "500", "company_key": "x",
             "registered_at": "2000-01-01", "realised_at": "2000-01-01", "slot": "7", "profile_id": "1",
             "opportunity_id": "1", "score": "100", "actor_id": "1", "approved_by_id": "1", "paid_at": "2000-01-01",
             "token_hash": "0" * 64, "revoked_at": "2000-01-01", "kind": "investment_lead"}
LEAD_FORM = {"company": "Fresh Company sh.p.k.", "origin_country": "IT", "sector": "ict_outsourcing",
             "municipality": "Tiranë", "expected_amount_eur": "1000", "expected_jobs": "3"}


def test_lead_registration_takes_only_the_lead_fields(app, world):
    users, _w = world
    client = session_client(app, users["M"])
    assert client.post("/investments/leads/new", data={**PROGRAMME, **LEAD_FORM}).status_code == 302
    lead = db.session.scalar(sa.select(InvestmentLead).where(InvestmentLead.company == LEAD_FORM["company"]))
    assert lead.agent_id == users["M"].id and lead.claim is ClaimStatus.HOLDER and lead.stage is LeadStage.REGISTERED
    assert lead.version == 1 and lead.amount_invested_eur is None and lead.jobs_created is None
    assert lead.realised_at is None and lead.company_key == normalise_company(LEAD_FORM["company"])
    assert lead.registered_at.year > 2000


def test_agent_stage_move_cannot_realise_or_set_amounts(app, world):
    users, w = world
    client = session_client(app, users["M"])
    lead = db.session.get(InvestmentLead, w.lead)
    data = {**PROGRAMME, "stage": "contacted", "version": str(lead.version), "amount_invested": "999999",
            "jobs_created": "500", "note": "called them"}
    assert client.post(f"/investments/leads/{w.lead}/stage", data=data).status_code == 302
    db.session.expire_all()
    lead = db.session.get(InvestmentLead, w.lead)
    assert lead.stage is LeadStage.CONTACTED and lead.agent_id == users["M"].id and lead.claim is ClaimStatus.HOLDER
    assert lead.amount_invested_eur is None and lead.jobs_created is None and lead.reward is None
    refused = {**data, "stage": "realised", "version": str(lead.version)}
    assert client.post(f"/investments/leads/{w.lead}/stage", data=refused).status_code == 422
    db.session.expire_all()
    assert db.session.get(InvestmentLead, w.lead).stage is LeadStage.CONTACTED


def test_officer_decision_records_only_action_and_reason(app, world):
    users, w = world
    client = session_client(app, users["O"])
    url = f"/officers/opportunities/{w.fellowship}/candidates/{w.other_profile}/decide"
    assert client.post(url, data={**PROGRAMME, "action": "ministry_accept"}).status_code == 422
    assert client.post(url, data={**PROGRAMME, "action": "shortlist", "reason": ""}).status_code == 302
    rows = list(db.session.scalars(sa.select(MatchDecision).where(MatchDecision.profile_id == w.other_profile,
                                                                  MatchDecision.opportunity_id == w.fellowship)))
    assert [(d.action, d.actor_id) for d in rows] == [(DecisionAction.SHORTLIST, users["O"].id)]
    assert rows[0].score != 100


def test_placement_status_moves_one_step_and_nothing_else(app, world):
    users, w = world
    before = db.session.get(Placement, w.placement)
    frozen = (before.profile_id, before.opportunity_id, before.institution_id, before.slot, before.start_date,
              before.end_date, before.mentor_name, before.created_by_id)
    client = session_client(app, users["O"])
    data = {**PROGRAMME, "step": "start", "status": "completed", "institution_id": "999999",
            "mentor_name": "Injected", "end_date": "2030-01-01", "version": str(before.version)}
    assert client.post(f"/officers/placements/{w.placement}/status", data=data).status_code == 302
    db.session.expire_all()
    after = db.session.get(Placement, w.placement)
    assert after.status is PlacementStatus.ACTIVE
    assert (after.profile_id, after.opportunity_id, after.institution_id, after.slot, after.start_date,
            after.end_date, after.mentor_name, after.created_by_id) == frozen


def test_ministry_acceptance_places_in_its_own_institution_and_first_free_slot(app, world):
    users, w = world
    client = session_client(app, users["F"])
    data = {**PROGRAMME, "outcome": "accept", "feedback": "Interviewed, excellent.", "status": "completed",
            "institution_id": str(users["f"].institution_id), "profile_id": str(w.other_profile)}
    url = f"/ministries/candidates/{w.fellowship}/{w.member_profile}/decide"
    assert client.post(url, data=data).status_code == 302
    placement = db.session.scalar(sa.select(Placement).where(Placement.opportunity_id == w.fellowship))
    assert placement.profile_id == w.member_profile and placement.institution_id == users["F"].institution_id
    assert placement.slot == 1 and placement.status is PlacementStatus.PLANNED
    assert placement.created_by_id == users["F"].id and placement.version == 1


def test_reward_approval_keeps_the_computed_amount(app, world):
    users, w = world
    reward = db.session.get(AgentReward, w.reward)
    amount, agent = reward.amount_eur, reward.agent_id
    client = session_client(app, users["O"])
    data = {**PROGRAMME, "status": "paid", "version": str(reward.version), "agent_id": str(users["m"].id),
            "confirm": "y"}
    assert client.post(f"/investments/rewards/{w.reward}/approve", data=data).status_code == 302
    db.session.expire_all()
    reward = db.session.get(AgentReward, w.reward)
    assert reward.status is RewardStatus.APPROVED and reward.amount_eur == amount == Decimal(amount)
    assert reward.agent_id == agent and reward.approved_by_id == users["O"].id and reward.paid_at is None


def test_token_is_always_the_callers(app, world):
    users, _w = world
    client = session_client(app, users["M"])
    data = {**PROGRAMME, "name": "sync", "user_id": str(users["m"].id)}
    assert client.post("/tokens/", data=data).status_code == 201
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.name == "sync"))
    assert token.user_id == users["M"].id and token.revoked_at is None and token.token_hash != "0" * 64


def test_api_bodies_refuse_fields_they_do_not_offer(app, world):
    users, w = world
    member = {"Authorization": f"Bearer {create_token(users['M'], 'ma')[1]}"}
    focal = {"Authorization": f"Bearer {create_token(users['F'], 'ma')[1]}"}
    db.session.commit()
    client = app.test_client()
    profile = db.session.get(MemberProfile, w.member_profile)
    version = profile.version
    body = {"roles": ["expert"], "full_name": "Changed", "country": "IT", "consent": True, "version": version}
    for extra in ({"role": "admin"}, {"is_admin": True}, {"user_id": users["m"].id}, {"id": "1"},
                  {"email": "new@example.org"}, {"consent_at": "2000-01-01"}, {"erased_at": None}):
        assert client.put("/api/v1/profile", headers=member, json={**body, **extra}).status_code == 422, extra
    posting = {"kind": "fellowship", "title": "Injected", "description": "d", "acquis_chapters": [5],
               "languages": {"sq": "B2"}, "start": "2027-03-01", "end": "2027-12-31"}
    for extra in ({"status": "open"}, {"institution_id": users["f"].institution_id}, {"institution": "Other"},
                  {"id": "999"}, {"amount": 5}, {"created_by_id": 1}):
        assert client.post("/api/v1/opportunities", headers=focal, json={**posting, **extra}).status_code == 422
    for extra in ({"status": "draft"}, {"institution_id": users["f"].institution_id}, {"kind": "investment_lead"},
                  {"opened_at": "2000-01-01"}, {"id": "1"}):
        response = client.patch(f"/api/v1/opportunities/{w.fellowship}", headers=focal, json=extra)
        assert response.status_code == 422, extra
    db.session.expire_all()
    assert db.session.get(MemberProfile, w.member_profile).version == version
    assert db.session.scalar(sa.select(sa.func.count()).where(Opportunity.title == "Injected")) == 0
    fellowship = db.session.get(Opportunity, w.fellowship)
    assert fellowship.status.value == "open" and fellowship.institution_id == users["F"].institution_id
