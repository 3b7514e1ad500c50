"""Learning from decisions: the programme's grades, retraining from the page and the command, with ranking quality
on held-apart opportunities before (default weights) and after (learnt ones)."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.investments.models import InvestmentLead, LeadStage
from diaspora.matches import learning, live
from diaspora.matches.models import MatchModel
from diaspora.programme import acceptance, decisions, placements
from diaspora.programme.models import DecisionAction
from diaspora.timeutil import utcnow

A = DecisionAction


def decided_world(make_user, make_member, make_fellowship, judge_by_seniority: bool = True):
    """12 candidates decided on 3 fellowships asking for public procurement. Judged by seniority, the officers
    propose the seniors whether or not they list the skill, which the default weights count most; judged by
    the skill, they decide as the defaults rank."""
    current_app.config["MATCHING_MIN_OPPORTUNITIES"] = 3  # enough here; a real programme needs more
    officer = make_user(Role.OFFICER)
    fellowships = [make_fellowship(title=f"Procurement expert {n}") for n in range(3)]
    for n in range(12):
        senior, skilled = n % 2 == 0, n % 4 in (0, 3)
        member = make_member(full_name=f"Person {n}", years_experience=18 if senior else 6,
                             skills=["public procurement"] if skilled else ["tourism marketing"])
        good = senior if judge_by_seniority else skilled
        for fellowship in fellowships:
            decisions.decide(officer, member.id, fellowship.id, A.PROPOSE if good else A.REJECT,
                             "" if good else "Not the right profile")
    db.session.commit()
    return officer


def test_grades_rank_placed_above_accepted_above_proposed_above_rejected(app, make_user, make_member,
                                                                         make_fellowship):
    officer, fellowship = make_user(Role.OFFICER), make_fellowship(positions=3)
    ministry = make_user(Role.MINISTRY, institution_id=fellowship.institution_id)
    people = {name: make_member(full_name=name) for name in ("placed", "accepted", "proposed", "rejected",
                                                             "declined", "noted")}
    for name in ("placed", "accepted", "proposed", "declined"):
        decisions.decide(officer, people[name].id, fellowship.id, A.PROPOSE)
    decisions.decide(officer, people["rejected"].id, fellowship.id, A.REJECT, "Too junior")
    decisions.decide(officer, people["noted"].id, fellowship.id, A.NOTE, "Call back in spring")
    for name in ("placed", "accepted"):
        acceptance.ministry_answer(ministry, fellowship, people[name], True, "Welcome", None, {})
    acceptance.ministry_answer(ministry, fellowship, people["declined"], False, "Position filled", None, {})
    placement = placements.placements_of_profile(people["placed"].id)[0]
    placements.change_status(officer, placement.id, "start")
    db.session.commit()
    grades = {pid: grade for (pid, oid), grade in decisions.graded_pairs().items() if oid == fellowship.id}
    assert grades == {people["placed"].id: 3, people["accepted"].id: 2, people["proposed"].id: 1,
                      people["rejected"].id: 0, people["declined"].id: 0}  # a note grades nothing
    assert {d.profile.id: d.grade for d in learning.labelled_decisions()} == {
        str(pid): grade for pid, grade in grades.items()}


def test_a_realised_investment_grades_the_accepted_agent_highest(app, make_user, make_member, make_lead):
    officer, posting = make_user(Role.OFFICER), make_lead()
    ministry = make_user(Role.MINISTRY, institution_id=posting.institution_id)
    agents = {name: make_member(full_name=name, is_agent=True, is_expert=False, network_countries=["IT"],
                                investment_sectors=["agritourism"]) for name in ("realised", "earlier", "lost")}
    for agent in agents.values():
        decisions.decide(officer, agent.id, posting.id, A.PROPOSE)
        acceptance.ministry_answer(ministry, posting, agent, True, "Welcome", None, {})
    accepted_at = utcnow()
    for name, stage, registered in (("realised", LeadStage.REALISED, accepted_at + timedelta(days=30)),
                                    ("earlier", LeadStage.REALISED, accepted_at - timedelta(days=30)),
                                    ("lost", LeadStage.LOST, accepted_at + timedelta(days=30))):
        db.session.add(InvestmentLead(agent_id=agents[name].user_id, company=f"{name} srl", company_key=f"{name} srl",
                                      origin_country="IT", sector="agritourism", municipality="Përmet",
                                      expected_amount_eur=1_000_000, expected_jobs=10, stage=stage,
                                      registered_at=registered))
    db.session.commit()
    grades = decisions.graded_pairs()
    # A lead registered before the acceptance was not brought for this posting; a lost one came to nothing.
    assert {name: grades[(agent.id, posting.id)] for name, agent in agents.items()} == {
        "realised": 3, "earlier": 2, "lost": 2}


def test_retrain_from_the_page_reports_held_apart_quality_and_switches_the_model(client, login, make_user,
                                                                                  make_member, make_fellowship):
    officer = decided_world(make_user, make_member, make_fellowship)
    login(officer)
    response = client.post("/officers/learning/retrain")
    assert response.status_code == 302 and "/jobs/" in response.location  # a job, run inline without Redis
    page = client.get(response.location).get_data(as_text=True)
    assert "ndcg@10" in page and "recall@10" in page and "learnt from 36 decisions" in page
    assert "opportunities held apart" in page
    model = db.session.scalar(sa.select(MatchModel))
    assert model.version.startswith("learnt-") and set(model.metrics) == {"before", "after"}
    assert model.metrics["before"]["ndcg@10"] < model.metrics["after"]["ndcg@10"] == 1.0
    assert model.version in client.get("/officers/").get_data(as_text=True)
    assert live.live().model_version == model.version


def test_weights_no_better_than_the_defaults_are_not_kept(client, login, make_user, make_member, make_fellowship):
    officer = decided_world(make_user, make_member, make_fellowship, judge_by_seniority=False)
    login(officer)
    page = client.post("/officers/learning/retrain", follow_redirects=True).get_data(as_text=True)
    assert "did not rank the held-apart decisions better" in page and "ndcg@10" in page
    assert db.session.scalar(sa.select(sa.func.count(MatchModel.id))) == 0
    assert live.live().model_version == "default"


def test_retrain_command_reports_before_and_after(app, make_user, make_member, make_fellowship):
    decided_world(make_user, make_member, make_fellowship)
    result = app.test_cli_runner().invoke(args=["matching", "retrain"])
    assert result.exit_code == 0, result.output
    assert "36 graded decisions" in result.output and "on opportunities held apart" in result.output
    assert "ndcg@10: default weights" in result.output
    assert "model in use: learnt-" in result.output


def test_too_few_decisions_keep_the_default_model(client, login, world_officer):
    login(world_officer)
    page = client.post("/officers/learning/retrain", follow_redirects=True).get_data(as_text=True)
    assert "kept the default weights" in page
    assert db.session.scalar(sa.select(sa.func.count(MatchModel.id))) == 0


def test_decisions_on_too_few_opportunities_keep_the_default_model(app, make_user, make_member, make_fellowship):
    decided_world(make_user, make_member, make_fellowship)
    app.config["MATCHING_MIN_OPPORTUNITIES"] = 20
    outcome = learning.retrain(actor=None)
    assert not outcome.saved and outcome.reason.code == "weights_kept_few_opportunities"
    assert outcome.message == ("kept the default weights: decisions on 3 opportunities, at least 20 are needed "
                               "to hold some apart for the test")


def test_the_job_page_words_the_outcome_in_the_readers_language(client, login, make_user):
    officer = make_user(Role.OFFICER, locale="sq")
    login(officer)
    page = client.post("/officers/learning/retrain", follow_redirects=True).get_data(as_text=True)
    assert "u mbajtën peshat e paracaktuara: 0 vendime" in page


def test_the_learning_page_says_when_learnt_weights_are_used(client, login, make_user):
    login(make_user(Role.OFFICER))
    page = client.get("/officers/learning").get_data(as_text=True)
    assert "0 graded decisions" in page and "at least 20 opportunities" in page
