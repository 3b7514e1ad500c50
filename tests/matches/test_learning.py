"""Learning from decisions: retraining from the page and the command, with ranking quality before and after."""
from __future__ import annotations

import sqlalchemy as sa

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.matches import learning, live
from diaspora.matches.models import MatchModel
from diaspora.programme import decisions
from diaspora.programme.models import DecisionAction


def decided_world(make_user, make_member, make_fellowship):
    officer = make_user(Role.OFFICER)
    fellowships = [make_fellowship(), make_fellowship(title="Second procurement expert")]
    for n in range(12):
        good = n % 2 == 0
        member = make_member(full_name=f"Person {n}", skills=["public procurement"] if good else ["tourism marketing"],
                             acquis_chapters=[5] if good else [], years_experience=8 if good else 2)
        for fellowship in fellowships:
            action = DecisionAction.PROPOSE if good else DecisionAction.REJECT
            decisions.decide(officer, member.id, fellowship.id, action, "" if good else "Not a procurement expert")
    db.session.commit()
    return officer


def test_labels_come_from_the_latest_decision(app, make_user, make_member, make_fellowship):
    decided_world(make_user, make_member, make_fellowship)
    labelled = learning.labelled_decisions()
    assert len(labelled) == 24 and sum(d.accepted for d in labelled) == 12


def test_retrain_from_the_page_reports_quality_and_switches_the_model(client, login, make_user, make_member,
                                                                      make_fellowship):
    officer = decided_world(make_user, make_member, make_fellowship)
    login(officer)
    response = client.post("/officers/learning/retrain")
    assert response.status_code == 302 and "/jobs/" in response.location  # a job, run inline without Redis
    page = client.get(response.location).get_data(as_text=True)
    assert "ndcg@10" in page and "recall@10" in page and "learnt from 24 decisions" in page
    model = db.session.scalar(sa.select(MatchModel))
    assert model.version.startswith("learnt-") and set(model.metrics) == {"before", "after"}
    assert 0 <= model.metrics["before"]["ndcg@10"] <= 1 and model.metrics["after"]["recall@10"] == 1.0
    assert model.version in client.get("/officers/").get_data(as_text=True)
    assert live.live().model_version == model.version


def test_retrain_command_reports_before_and_after(app, make_user, make_member, make_fellowship):
    decided_world(make_user, make_member, make_fellowship)
    result = app.test_cli_runner().invoke(args=["matching", "retrain"])
    assert result.exit_code == 0, result.output
    assert "24 labelled decisions" in result.output and "ndcg@10: before" in result.output
    assert "model in use: learnt-" in result.output


def test_too_few_decisions_keep_the_default_model(client, login, world_officer):
    login(world_officer)
    page = client.post("/officers/learning/retrain", follow_redirects=True).get_data(as_text=True)
    assert "kept the default weights" in page
    assert db.session.scalar(sa.select(sa.func.count(MatchModel.id))) == 0
