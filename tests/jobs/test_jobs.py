"""Jobs: inline when REDIS_URL is unset, on a real RQ worker otherwise, with the same code path."""
from __future__ import annotations

import os

import pytest
from redis import Redis
from rq import SimpleWorker
from sqlalchemy import func, select

from diaspora.auth.models import Role
from diaspora.jobs import runner
from diaspora.jobs.models import Job, JobStatus
from diaspora.institutions.models import Institution
from tests.jobs import tasks

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def institutions(db) -> int:
    return db.session.scalar(select(func.count(Institution.id)))


def test_inline_job_runs_and_records_result(app, db, make_user):
    officer = make_user(Role.OFFICER)
    db.session.commit()
    job = runner.submit("test", tasks.make_institutions, ["Alpha", "Beta"], created_by=officer)
    assert job.status is JobStatus.DONE
    assert job.progress == 100 and job.result == {"created": 2}
    assert job.started_at and job.finished_at and job.created_by_id == officer.id
    assert institutions(db) == 2


def test_failing_job_rolls_back_its_writes(app, db):
    job = runner.submit("test", tasks.fail_after_writing, "Gamma")
    assert job.status is JobStatus.FAILED
    assert job.message and job.result is None
    assert institutions(db) == 0


def test_domain_errors_are_shown(app, db):
    job = runner.submit("test", tasks.refuse)
    assert job.status is JobStatus.FAILED and job.message == "This input is refused."


def test_cancelled_job_changes_nothing(app, db):
    job = runner.submit("test", tasks.cancel_itself, "Delta")
    assert job.status is JobStatus.CANCELLED
    assert institutions(db) == 0


def test_only_module_level_functions_and_json_arguments(app):
    with pytest.raises(ValueError):
        runner.submit("test", lambda job_id: None)
    with pytest.raises(TypeError):
        runner.submit("test", tasks.make_institutions, {object()})


def test_queue_unreachable_is_a_clear_503(app_factory):
    app = app_factory(REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        client = app.test_client()
        from diaspora.errors import ServiceUnavailable
        with pytest.raises(ServiceUnavailable):
            runner.submit("test", tasks.make_institutions, ["Eta"])
        assert client  # the app stays usable
        job = app.extensions["sqlalchemy"].session.scalar(select(Job))
        assert job.status is JobStatus.FAILED


def test_rq_worker_runs_the_same_job(app_factory, db):
    app = app_factory(REDIS_URL=REDIS_TEST_URL, JOBS_QUEUE=f"ura-test-{os.getpid()}")
    connection = Redis.from_url(REDIS_TEST_URL)
    try:
        with app.app_context():
            job = runner.submit("test", tasks.make_institutions, ["Zeta", "Theta", "Iota"])
            assert job.status is JobStatus.QUEUED
            failing = runner.submit("test", tasks.fail_after_writing, "Kappa")
            SimpleWorker([runner.queue(connection)], connection=connection).work(burst=True)
            done = db.session.get(Job, job.id, populate_existing=True)
            assert done.status is JobStatus.DONE and done.result == {"created": 3}
            assert db.session.get(Job, failing.id, populate_existing=True).status is JobStatus.FAILED
            assert institutions(db) == 3
    finally:
        connection.flushdb()
        connection.close()


def test_job_page_and_status_only_for_its_starter(app, db, client, login, make_user):
    officer, other = make_user(Role.OFFICER), make_user(Role.OFFICER)
    db.session.commit()
    job = runner.submit("test", tasks.make_institutions, ["Lambda"], created_by=officer)
    login(other)
    assert client.get(f"/jobs/{job.id}").status_code == 404
    assert client.get(f"/jobs/{job.id}/status").status_code == 404
    client.post("/auth/logout")
    login(officer)
    page = client.get(f"/jobs/{job.id}")
    assert page.status_code == 200 and b"jobs.js" in page.data and b"<progress" in page.data
    status = client.get(f"/jobs/{job.id}/status").get_json()
    assert status["status"] == "done" and status["progress"] == 100 and status["result"] == {"created": 1}
    assert client.get("/jobs/").status_code == 200


def test_cancel_a_queued_job(app_factory, db, make_user):
    app = app_factory(REDIS_URL=REDIS_TEST_URL, JOBS_QUEUE=f"ura-test-cancel-{os.getpid()}")
    connection = Redis.from_url(REDIS_TEST_URL)
    try:
        with app.app_context():
            officer = make_user(Role.OFFICER)
            db.session.commit()
            job = runner.submit("test", tasks.make_institutions, ["Mu"], created_by=officer)
            from diaspora.jobs import services
            assert services.cancel(officer, job.id).status is JobStatus.CANCELLED
            SimpleWorker([runner.queue(connection)], connection=connection).work(burst=True)
            assert db.session.get(Job, job.id, populate_existing=True).status is JobStatus.CANCELLED
            assert institutions(db) == 0
    finally:
        connection.delete(*connection.keys(f"rq:*ura-test-cancel-{os.getpid()}*") or ["none"])
        connection.close()
