"""The agent's and the officer's pages, end to end through HTTP, and row-level access."""
from decimal import Decimal

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.investments import leads
from diaspora.investments.models import ClaimStatus, InvestmentLead, LeadStage
from tests.investments.helpers import make_agent, make_investment, realise

FORM = {"company": "Ionian Solar LLC", "origin_country": "GR", "sector": "energy_investment",
        "municipality": "Sarandë", "expected_amount_eur": "1500000.00", "expected_jobs": "35"}


def test_agent_registers_a_lead_and_moves_it(client, login):
    agent = make_agent()
    login(agent)
    assert client.get("/investments/leads/new").status_code == 200
    response = client.post("/investments/leads/new", data=FORM)
    assert response.status_code == 302
    lead = db.session.query(InvestmentLead).one()
    assert (lead.company, lead.municipality, lead.expected_amount_eur) == ("Ionian Solar LLC", "Sarandë",
                                                                         Decimal("1500000.00"))
    response = client.post(f"/investments/leads/{lead.id}/stage",
                           data={"stage": "contacted", "note": "First call", "version": lead.version})
    assert response.status_code == 302
    db.session.refresh(lead)
    assert lead.stage is LeadStage.CONTACTED
    page = client.get(f"/investments/leads/{lead.id}").get_data(as_text=True)
    assert "First call" in page and "Ionian Solar LLC" in page


def test_invalid_lead_input_is_kept_and_answers_422(client, login):
    login(make_agent())
    response = client.post("/investments/leads/new", data={**FORM, "municipality": "Atlantis",
                                                           "expected_jobs": "-3"})
    assert response.status_code == 422
    assert "Ionian Solar LLC" in response.get_data(as_text=True)
    assert db.session.query(InvestmentLead).count() == 0


def test_duplicate_company_gets_a_warning_and_a_disputed_claim(client, login):
    make_investment(company="Ionian Solar")
    login(make_agent())
    response = client.post("/investments/leads/new", data=FORM, follow_redirects=True)
    assert "Another agent registered this company first" in response.get_data(as_text=True)
    assert db.session.query(InvestmentLead).filter_by(claim=ClaimStatus.DISPUTED).count() == 1


def test_an_uncertified_agent_is_sent_to_the_application(client, login):
    login(make_agent(certified=False))
    response = client.post("/investments/leads/new", data=FORM)
    assert response.status_code == 302 and response.headers["Location"].endswith("/investments/")
    assert db.session.query(InvestmentLead).count() == 0


def test_an_agent_never_sees_another_agents_leads_or_rewards(client, login, officer):
    mine = make_investment(company="Mine Ltd")
    theirs = realise(make_investment(company="Theirs GmbH"), officer, amount=Decimal("777777.77"))
    login(mine.agent)
    assert client.get(f"/investments/leads/{theirs.id}").status_code == 404
    assert client.post(f"/investments/leads/{theirs.id}/stage", data={"stage": "lost"}).status_code == 404
    for path in ("/investments/", "/investments/leads", "/investments/rewards"):
        page = client.get(path).get_data(as_text=True)
        assert "Theirs" not in page and "777" not in page, path
    assert "Mine Ltd" in client.get("/investments/leads").get_data(as_text=True)
    assert client.get("/investments/ledger").status_code == 403
    assert client.get("/investments/queue").status_code == 403


def test_officer_realises_approves_and_pays_through_the_pages(client, login, officer, make_user):
    lead = make_investment()
    for stage in ("contacted", "committed"):
        leads.move(lead.agent, lead.id, LeadStage(stage))
    login(officer)
    response = client.post(f"/investments/leads/{lead.id}/stage",
                           data={"stage": "realised", "amount_invested": "200000", "jobs_created": "15",
                                 "version": lead.version})
    assert response.status_code == 302
    db.session.refresh(lead)
    reward = lead.reward
    assert reward is not None
    page = client.get("/investments/ledger").get_data(as_text=True)
    assert "Alba Tech" in page
    assert 'name="confirm"' in page
    # Unconfirmed, nothing happens and the officer is told why.
    response = client.post(f"/investments/rewards/{reward.id}/approve", data={"version": reward.version},
                           follow_redirects=True)
    assert "Tick the box to confirm" in response.get_data(as_text=True)
    db.session.refresh(reward)
    assert reward.status.value == "computed"
    confirmed = {"version": reward.version, "confirm": "y"}
    assert client.post(f"/investments/rewards/{reward.id}/approve", data=confirmed).status_code == 302
    db.session.refresh(reward)
    assert reward.status.value == "approved"
    # Four eyes: the approver cannot pay it; a second officer does.
    response = client.post(f"/investments/rewards/{reward.id}/paid", data={"version": reward.version, "confirm": "y"},
                           follow_redirects=True)
    assert "another officer must pay it" in response.get_data(as_text=True)
    db.session.refresh(reward)
    assert reward.status.value == "approved"
    client.post("/auth/logout")
    login(make_user(Role.OFFICER))
    assert client.post(f"/investments/rewards/{reward.id}/paid", data={"version": reward.version}).status_code == 302
    db.session.refresh(reward)
    assert reward.status.value == "approved"  # unconfirmed
    assert client.post(f"/investments/rewards/{reward.id}/paid",
                       data={"version": reward.version, "confirm": "y"}).status_code == 302
    db.session.refresh(reward)
    assert reward.status.value == "paid"


def test_the_agent_cannot_realise_through_the_page(client, login):
    lead = make_investment()
    leads.move(lead.agent, lead.id, LeadStage.COMMITTED)
    login(lead.agent)
    response = client.post(f"/investments/leads/{lead.id}/stage",
                           data={"stage": "realised", "amount_invested": "1", "jobs_created": "1"})
    assert response.status_code == 422
    db.session.refresh(lead)
    assert lead.stage is LeadStage.COMMITTED


def test_officer_resolves_a_dispute_through_the_page(client, login, officer):
    make_investment()
    second = make_investment(company="ALBA TECH")
    login(officer)
    assert "ALBA TECH" in client.get("/investments/disputes").get_data(as_text=True)
    response = client.post(f"/investments/disputes/{second.id}/resolve",
                           data={f"d{second.id}-outcome": "first_claim_kept", f"d{second.id}-reason": "Earlier"})
    assert response.status_code == 302
    db.session.refresh(second)
    assert second.claim is ClaimStatus.REJECTED


def test_officers_search_the_pipeline_and_the_stage_filter_keeps_the_search(client, login, officer):
    make_investment(company="Uliri i Vlorës sh.p.k.", municipality="Vlorë")
    make_investment(company="Alba Tech", agent=make_agent(full_name="Gentian Leka"))
    login(officer)
    page = client.get("/investments/pipeline?q=uliri").get_data(as_text=True)
    assert "Uliri i Vlorës" in page and "Alba Tech" not in page and 'value="uliri"' in page
    by_agent = client.get("/investments/pipeline?q=gentian").get_data(as_text=True)
    assert "Alba Tech" in by_agent and "Uliri" not in by_agent
    assert "stage=registered&amp;q=uliri" in page or "q=uliri&amp;stage=registered" in page
