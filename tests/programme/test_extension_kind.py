"""Adding a kind of opportunity is one module: a study visit, defined only here, goes through posting (the focal
point's form), ranking (the engine through the bridge) and review (officer, ministry, placement) without any
product code naming it."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.matches.convert import to_opportunity
from diaspora.opportunities.kinds import fellowship, registry
from diaspora.opportunities.kinds.base import Kind
from diaspora.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus
from diaspora.programme import decisions
from diaspora.programme.models import DecisionAction, Placement
from diaspora.timeutil import today

# A short visit of a diaspora expert to an Albanian institution: posted like a fellowship, matched as one by the
# engine (experts, chapters, skills, languages), followed as a placement, reviewed without officers' notes.
STUDY_VISIT = Kind(
    name="STUDY_VISIT", value="study_visit", slug="study-visit", order=1000,  # after every real kind
    label="Study visit", new_label="New study visit", open_label="open study visits",
    form=fellowship.FellowshipForm, form_template="opportunities/kinds/_fellowship_form.html",
    fields=fellowship.FIELDS, details_template="opportunities/kinds/_fellowship_details.html",
    engine_kind="fellowship",
    contract_fields=("acquis_chapters", "required_skills", "languages", "start", "end", "work_mode", "positions"),
    check_record=fellowship.check_record, values_from_record=fellowship.values_from_record,
    record_of=fellowship.record_of, tracking="placement", review_steps=("shortlist", "propose", "reject"),
)

FORM = {
    "title": "Study visit to the statistics office", "description": "Two weeks with INSTAT's price statisticians.",
    "acquis_chapters": ["5"], "required_skills": "public procurement", "preferred_skills": "",
    "languages-0-code": "sq", "languages-0-level": "B2", "min_years_experience": "3",
    "start_date": (today() + timedelta(days=120)).isoformat(), "end_date": (today() + timedelta(days=131)).isoformat(),
    "work_mode": "onsite", "positions": "1", "deadline": (today() + timedelta(days=90)).isoformat(),
}


@pytest.fixture
def study_visit():
    registry.register(STUDY_VISIT)
    yield STUDY_VISIT
    registry.unregister(STUDY_VISIT)


@pytest.fixture
def people(db, make_user, make_member, make_institution):
    institution = make_institution()
    people = {"focal": make_user(Role.MINISTRY, institution=institution), "officer": make_user(Role.OFFICER),
              "expert": make_member(full_name="Drita Leka"),
              "agent": make_member(full_name="Genc Pali", is_expert=False, is_agent=True)}
    db.session.commit()
    return people


def test_the_registry_knows_the_kind_by_name_value_and_slug_while_registered(study_visit):
    assert OpportunityKind.STUDY_VISIT is study_visit is OpportunityKind("study_visit")
    assert registry.by_slug("study-visit") is study_visit and list(OpportunityKind)[-1] is study_visit
    with pytest.raises(ValueError):
        registry.register(Kind(**{**vars(study_visit), "name": "OTHER", "value": "other"}))


def test_a_study_visit_is_posted_ranked_reviewed_and_placed(client, login, people, study_visit):
    login(people["focal"])
    assert "New study visit" in client.get("/ministries/").get_data(as_text=True)
    assert "New study visit" in client.get("/ministries/new/study-visit").get_data(as_text=True)
    assert client.post("/ministries/new/study-visit", data=FORM).status_code == 302
    posting = db.session.scalar(sa.select(Opportunity))
    assert posting.kind is study_visit and posting.required_skills == ["public procurement"]
    assert db.session.scalar(sa.text("SELECT kind FROM opportunities")) == "STUDY_VISIT"
    assert client.post(f"/ministries/{posting.id}/open").status_code == 302
    assert "open study visits" in client.get("/").get_data(as_text=True)
    assert "Study visit" in client.get("/opportunities").get_data(as_text=True)

    # Ranking: the engine scores it through the contract kind the study visit declares, on its fields only.
    engine = to_opportunity(posting)
    assert engine.kind == "fellowship" and engine.required_skills == ("public procurement",)
    assert engine.preferred_skills == () and engine.min_years_experience is None
    expert, agent = people["expert"], people["agent"]
    matches = live.explain(posting, [expert.id, agent.id])
    assert matches[expert.id].eligible and not matches[agent.id].eligible

    # Review: the officer's steps are the kind's (no notes), then the ministry accepts into a placement.
    client.post("/auth/logout")
    login(people["officer"])
    page = client.get(f"/officers/opportunities/{posting.id}").get_data(as_text=True)
    assert page.index("Drita Leka") < page.index("Genc Pali")  # eligible first: the agent is no expert
    decide = f"/officers/opportunities/{posting.id}/candidates/{expert.id}/decide"
    candidate_page = client.get(f"/officers/opportunities/{posting.id}/candidates/{expert.id}").get_data(as_text=True)
    assert 'value="propose"' in candidate_page and 'value="note"' not in candidate_page
    assert client.post(decide, data={"action": "note", "reason": "Call her"}).status_code == 422
    assert client.post(decide, data={"action": "propose"}).status_code == 302
    assert decisions.status_of(expert.id, posting.id) is DecisionAction.PROPOSE

    client.post("/auth/logout")
    login(people["focal"])
    answer = f"/ministries/candidates/{posting.id}/{expert.id}"
    assert 'name="mentor_name"' in client.get(answer).get_data(as_text=True)  # the placement lifecycle's terms
    response = client.post(f"{answer}/decide", data={"outcome": "accept", "feedback": "A good fit.",
                                                     "mentor_name": "Ilir Kola"})
    assert response.status_code == 302
    placement = db.session.scalar(sa.select(Placement))
    assert placement.profile_id == expert.id and placement.mentor_name == "Ilir Kola"
    assert (placement.start_date.isoformat(), placement.end_date.isoformat()) == (FORM["start_date"], FORM["end_date"])
    assert posting.status is OpportunityStatus.OPEN

