"""Index rebuilds and retraining run as background jobs: inline without Redis, on an RQ worker with it."""
from __future__ import annotations

import os

import sqlalchemy as sa
from redis import Redis
from rq import SimpleWorker

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.jobs import runner
from diaspora.jobs.models import Job, JobStatus
from diaspora.matches import learning, live
from diaspora.matches.models import MatchModel
from tests.jobs.test_jobs import REDIS_TEST_URL
from tests.matches.test_learning import decided_world


def test_rebuild_job_inline_makes_every_worker_rebuild(app_factory, make_member):
    worker, starter = app_factory(), app_factory()
    with worker.app_context():
        make_member()
        db.session.commit()
        holder = live.live()
        assert holder.rebuilds == 1
    with starter.app_context():
        job = runner.submit("rebuild_index", live.rebuild_everywhere)
        assert job.status is JobStatus.DONE and job.result["profiles"] == 1
    with worker.app_context():
        live.live()
        assert holder.rebuilds == 2


def test_officer_rebuilds_the_index_from_the_learning_page(client, login, make_user, make_member):
    officer = make_user(Role.OFFICER)
    make_member()
    login(officer)
    assert "Rebuild the matching index" in client.get("/officers/learning").get_data(as_text=True)
    epoch = live.stamp()[1]
    response = client.post("/officers/learning/rebuild-index")
    assert response.status_code == 302 and "/jobs/" in response.location
    job = db.session.scalar(sa.select(Job).where(Job.kind == "rebuild_index"))
    assert job.status is JobStatus.DONE and job.created_by_id == officer.id and live.stamp()[1] == epoch + 1
    page = client.get(response.location).get_data(as_text=True)
    assert "Matching index rebuild" in page and "Profiles in the index" in page


def test_rebuild_index_on_an_rq_worker(app_factory, db, make_member):
    app = app_factory(REDIS_URL=REDIS_TEST_URL, JOBS_QUEUE=f"ura-test-rebuild-{os.getpid()}")
    connection = Redis.from_url(REDIS_TEST_URL)
    try:
        with app.app_context():
            make_member()
            db.session.commit()
            epoch = live.stamp()[1]
            result = app.test_cli_runner().invoke(args=["matching", "rebuild-index"])
            assert result.exit_code == 0 and "queued" in result.output, result.output
            assert live.stamp()[1] == epoch  # nothing happens until a worker takes the job
            SimpleWorker([runner.queue(connection)], connection=connection).work(burst=True)
            job = db.session.scalar(sa.select(Job).where(Job.kind == "rebuild_index"))
            db.session.refresh(job)
            assert job.status is JobStatus.DONE and job.result["profiles"] == 1
            assert live.stamp()[1] == epoch + 1
    finally:
        connection.flushdb()
        connection.close()


def test_retrain_job_reports_quality_before_and_after(app, make_user, make_member, make_fellowship):
    officer = decided_world(make_user, make_member, make_fellowship)
    job = runner.submit("retrain", learning.retrain_job, officer.id, created_by=officer)
    assert job.status is JobStatus.DONE, job.message
    result = job.result
    assert result["decisions"] == 24 and result["saved"] and result["model"].startswith("learnt-")
    assert set(result["metrics"]["before"]) == set(result["metrics"]["after"]) == {"ndcg@10", "recall@10", "mrr@50"}
    model = db.session.scalar(sa.select(MatchModel))
    assert model.created_by_id == officer.id and model.metrics == result["metrics"]


def test_retrain_job_stops_cleanly_when_cancelled(app, make_user, make_member, make_fellowship, monkeypatch):
    officer = decided_world(make_user, make_member, make_fellowship)
    steps = []

    def cancel_at_second_step(job_id, percent, message=""):
        steps.append(message)
        if len(steps) == 2:
            runner.request_cancel(job_id)
        original(job_id, percent, message)

    original = learning.report
    monkeypatch.setattr(learning, "report", cancel_at_second_step)
    job = runner.submit("retrain", learning.retrain_job, officer.id, created_by=officer)
    assert job.status is JobStatus.CANCELLED and len(steps) == 2
    assert db.session.scalar(sa.select(sa.func.count(MatchModel.id))) == 0
