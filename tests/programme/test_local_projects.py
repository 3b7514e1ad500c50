"""Diaspora NGOs' local projects: an association registers as an organisation (several members, one contact),
proposes a project in answer to an institution's call; officers score the proposal on the call's criteria and
propose it through the one review flow; the institution accepts it with a budget; the project is followed by
milestones and expenses, spending above the budget refused with a clear message."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from diaspora import privacy
from diaspora.auth.models import Role, User
from diaspora.bulk.records import OpportunityRecord, opportunity_record, opportunity_values
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.opportunities.models import Opportunity, OpportunityKind
from diaspora.organisations import services as organisations
from diaspora.organisations.models import Organisation
from diaspora.programme import decisions, lifecycles
from diaspora.programme.models import DecisionAction
from diaspora.projects import proposals, tracking
from diaspora.projects.models import LocalProject, ProjectProposal, ProjectStatus
from diaspora.reports.queries import Period, build_report
from diaspora.tokens.services import create_token
from tests import factories

ORGANISATION = {"full_name": "Shoqata Arbëria Milano", "email": "info@arberia-milano.it", "country": "IT",
                "city": "Milano", "sectors": ["agritourism", "tourism"], "regions": ["Gjirokastër"],
                "summary": "Albanians of Milan supporting rural tourism in the south.", "consent": "y"}
CALL = {"title": "Agritourism in the Vjosa valley", "sector": "agritourism", "region": "Gjirokastër",
        "budget_eur": "25000", "description": "Small guesthouses and farm stays along the Vjosa, Përmet.",
        "deadline": "2027-03-31"}


@pytest.fixture
def people(db, make_user, make_member, make_institution):
    institution = make_institution()
    people = {"focal": make_user(Role.MINISTRY, institution=institution), "officer": make_user(Role.OFFICER),
              "founder": make_member(full_name="Entela Kola").user, "partner": make_member(full_name="Gent Muça").user}
    db.session.commit()
    return people


def as_user(client, login, user):
    client.post("/auth/logout")
    login(user)


def test_an_association_registers_adds_a_member_and_only_its_members_see_it(client, login, people):
    login(people["founder"])
    refused = client.post("/organisations/new", data={**ORGANISATION, "regions": []})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Choose at least one region of Albania." in page and "Shoqata Arbëria Milano" in page
    assert client.post("/organisations/new", data=ORGANISATION).status_code == 302
    organisation = db.session.scalar(sa.select(Organisation))
    profile = organisation.profile
    assert profile.roles == ["organisation"] and profile.regions == ["Gjirokastër"] and profile.matchable
    assert profile.user.email == "info@arberia-milano.it" and not profile.user.check_password("")
    assert organisation.contact_user_id == people["founder"].id

    members = f"/organisations/{organisation.id}/members"
    unknown = client.post(members, data={"email": "nobody@example.org"})
    assert unknown.status_code == 422 and "ask them to register first" in unknown.get_data(as_text=True)
    assert client.post(members, data={"email": people["partner"].email}).status_code == 302
    assert len(organisation.members) == 2
    assert client.post(f"{members}/{people['founder'].id}/remove").status_code == 409  # the contact stays

    as_user(client, login, people["partner"])
    assert "Shoqata Arbëria Milano" in client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert client.post(members, data={"email": people["founder"].email}).status_code == 404  # not the contact
    as_user(client, login, people["focal"])
    assert client.get(f"/organisations/{organisation.id}").status_code == 403


def test_a_call_goes_from_proposal_through_scores_and_acceptance_to_a_completed_project(client, login, people):
    login(people["founder"])
    client.post("/organisations/new", data=ORGANISATION)
    organisation = db.session.scalar(sa.select(Organisation))
    client.post(f"/organisations/{organisation.id}/members", data={"email": people["partner"].email})

    as_user(client, login, people["focal"])
    assert client.post("/ministries/new/local-project", data=CALL).status_code == 302
    call = db.session.scalar(sa.select(Opportunity))
    assert call.kind is OpportunityKind.LOCAL_PROJECT and call.budget_eur == Decimal("25000")
    assert client.post(f"/ministries/{call.id}/open").status_code == 302

    # The organisation's profile is what the engine ranks: it is eligible, a person is not.
    matches = live.explain(call, [organisation.profile_id, people["partner"].profile.id])
    assert matches[organisation.profile_id].eligible and not matches[people["partner"].profile.id].eligible

    as_user(client, login, people["founder"])
    propose = f"/projects/calls/{call.id}/propose"
    form = {"organisation": str(organisation.id), "summary": "Six farm stays in Përmet and Leskovik.",
            "budget_eur": "30000"}
    too_much = client.post(propose, data=form)
    assert too_much.status_code == 422 and "above the call&#39;s ceiling" in too_much.get_data(as_text=True)
    assert client.post(propose, data={**form, "budget_eur": "22000"}).status_code == 302
    assert client.post(propose, data={**form, "budget_eur": "22000"}).status_code == 422  # once per call

    as_user(client, login, people["officer"])
    candidate = f"/officers/opportunities/{call.id}/candidates/{organisation.profile_id}"
    page = client.get(candidate).get_data(as_text=True)
    assert "Six farm stays in Përmet" in page and "Score the proposal" in page
    assert client.post(f"{candidate}/decide", data={"action": "propose"}).status_code == 409  # not scored yet
    proposal = db.session.scalar(sa.select(ProjectProposal))
    score = f"/projects/proposals/{proposal.id}/score"
    assert client.post(score, data={"relevance": "9", "feasibility": "4", "local_impact": "5", "budget": "4",
                                    "recommended_budget_eur": "20000"}).status_code == 422
    assert client.post(score, data={"relevance": "5", "feasibility": "4", "local_impact": "5", "budget": "3",
                                    "recommended_budget_eur": "20000"}).status_code == 302
    assert "17/20" in client.get(candidate).get_data(as_text=True)
    assert client.post(f"{candidate}/decide", data={"action": "propose"}).status_code == 302
    assert decisions.status_of(organisation.profile_id, call.id) is DecisionAction.PROPOSE

    as_user(client, login, people["focal"])
    answer = f"/ministries/candidates/{call.id}/{organisation.profile_id}"
    assert 'name="budget_eur"' in client.get(answer).get_data(as_text=True)
    assert client.post(f"{answer}/decide", data={"outcome": "accept", "feedback": "A strong proposal.",
                                                 "budget_eur": "18000"}).status_code == 302
    project = db.session.scalar(sa.select(LocalProject))
    assert project.budget_eur == Decimal("18000") and project.profile_id == organisation.profile_id

    as_user(client, login, people["partner"])  # any member of the organisation records the work
    base = f"/projects/{project.id}"
    assert client.post(f"{base}/milestones", data={"milestone-title": "Guesthouses renovated",
                                                   "milestone-due_date": "2027-06-30"}).status_code == 302
    assert client.post(f"{base}/expenses", data={"expense-spent_on": "2027-04-02", "expense-amount_eur": "12000",
                                                 "expense-description": "Roof repairs, Leskovik"}).status_code == 302
    over = client.post(f"{base}/expenses", data={"expense-spent_on": "2027-04-20", "expense-amount_eur": "6500",
                                                 "expense-description": "Furniture"})
    text = over.get_data(as_text=True)
    assert over.status_code == 422 and "above the approved budget" in text and "Furniture" in text
    assert len(project.expenses) == 1

    as_user(client, login, people["officer"])
    assert client.post(f"{base}/complete").status_code == 409  # a milestone is still planned
    milestone = project.milestones[0]
    assert client.post(f"{base}/milestones/{milestone.id}/done").status_code == 302
    assert client.post(f"{base}/complete").status_code == 302
    db.session.refresh(project)
    assert project.status is ProjectStatus.COMPLETED and project.spent_eur == Decimal("12000")


def test_outsiders_do_not_see_a_project(client, login, people, make_member):
    login(people["founder"])
    client.post("/organisations/new", data=ORGANISATION)
    organisation = db.session.scalar(sa.select(Organisation))
    assert client.get("/projects/").status_code == 200
    as_user(client, login, make_member(full_name="Outsider").user)
    assert client.get(f"/organisations/{organisation.id}").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(User.id))) >= 4


def test_the_dashboard_and_its_export_count_proposals_projects_and_spending(client, login, people):
    founder, officer = people["founder"], people["officer"]
    organisation = organisations.register(founder, "info@arberia.example", {
        "full_name": "Shoqata Arbëria Milano", "country": "IT", "sectors": ["agritourism"], "regions": ["Gjirokastër"]},
        consent=True)
    call = factories.make_local_call(institution=people["focal"].institution)
    proposal = proposals.submit_proposal(founder, organisation.id, call.id, "Farm stays.", Decimal("20000"))
    proposals.score(officer, proposal.id, dict.fromkeys(proposals.CRITERIA, 4), Decimal("18000"))
    decisions.decide(officer, organisation.profile_id, call.id, DecisionAction.PROPOSE)
    lifecycles.of(call.kind).on_acceptance(people["focal"], organisation.profile, call, {})
    project = tracking.projects_of([organisation.profile_id])[0]
    tracking.add_expense(founder, project.id, date(2027, 3, 1), "Roof", Decimal("7500"))
    db.session.commit()

    totals = build_report(Period()).local_projects
    assert (totals.proposals, totals.scored, totals.projects, totals.completed) == (1, 1, 1, 0)
    assert (totals.approved_eur, totals.spent_eur) == (Decimal("18000.00"), Decimal("7500.00"))
    login(officer)
    assert "Budgets approved" in client.get("/reports/").get_data(as_text=True)
    csv = client.get("/reports/export/local_projects.csv").get_data(as_text=True)
    assert "Shoqata Arbëria Milano" in csv and "18000" in csv and "7500" in csv


def test_an_erased_member_leaves_the_association_and_hands_over_the_contact(client, login, people):
    founder, partner = people["founder"], people["partner"]
    organisation = organisations.register(founder, "info@arberia.example", {
        "full_name": "Shoqata Arbëria Milano", "country": "IT", "sectors": ["tourism"], "regions": ["Vlorë"]},
        consent=True)
    organisations.add_member(founder, organisation.id, partner.email)
    exported = privacy.export_personal_data(founder, founder)["organisations"]
    assert exported == [{"organisation": "Shoqata Arbëria Milano", "contact_person": True,
                         "member_since": exported[0]["member_since"]}]
    privacy.erase_user(founder, founder)
    db.session.commit()
    assert organisation.contact_user_id == partner.id and [m.user_id for m in organisation.members] == [partner.id]


def test_a_call_record_goes_out_and_back_in_and_a_region_outside_albania_is_refused(db, make_institution):
    record = opportunity_record(factories.make_local_call(institution=make_institution()))
    assert record["kind"] == "local_project" and record["budget_eur"] == 25000.0
    values = opportunity_values(OpportunityRecord().load(record))
    assert (values["sector"], values["region"], values["budget_eur"]) == ("agritourism", "Gjirokastër", 25000)
    assert "region" in OpportunityRecord().validate({**record, "region": "Lombardia"})
    assert "sector" in OpportunityRecord().validate({**record, "sector": "mining"})


def test_the_api_lists_a_project_to_the_organisation_the_institution_and_officers_only(app, people):
    founder, officer, focal = people["founder"], people["officer"], people["focal"]
    organisation = organisations.register(founder, "info@arberia.example", {
        "full_name": "Shoqata Arbëria Milano", "country": "IT", "sectors": ["tourism"], "regions": ["Vlorë"]},
        consent=True)
    call = factories.make_local_call(institution=focal.institution)
    proposal = proposals.submit_proposal(founder, organisation.id, call.id, "Guesthouses.", Decimal("15000"))
    proposals.score(officer, proposal.id, dict.fromkeys(proposals.CRITERIA, 3), Decimal("15000"))
    decisions.decide(officer, organisation.profile_id, call.id, DecisionAction.PROPOSE)
    lifecycles.of(call.kind).on_acceptance(focal, organisation.profile, call, {})
    project = tracking.projects_of([organisation.profile_id])[0]
    tracking.add_milestone(founder, project.id, "Signs on the trail", date(2027, 5, 1))
    tokens = {who: create_token(user, "test")[1] for who, user in
              (("founder", founder), ("officer", officer), ("focal", focal), ("partner", people["partner"]))}
    db.session.commit()
    client = app.test_client()

    def get(who, url):
        return client.get(url, headers={"Authorization": f"Bearer {tokens[who]}"})

    body = get("founder", f"/api/v1/local-projects/{project.id}").json
    assert body["organisation"] == "Shoqata Arbëria Milano" and body["budget_eur"] == 15000.0
    assert body["milestones"][0]["title"] == "Signs on the trail" and body["status"] == "active"
    assert [p["id"] for p in get("officer", "/api/v1/local-projects").json["items"]] == [project.id]
    assert [p["id"] for p in get("focal", "/api/v1/local-projects").json["items"]] == [project.id]
    assert get("partner", "/api/v1/local-projects").json["items"] == []
    assert get("partner", f"/api/v1/local-projects/{project.id}").status_code == 404
