"""Reading a CV is a background job: inline without Redis (done before the redirect), on an RQ worker
with it (the page shows progress until the suggestions are ready). Refusals still answer 422 at once."""
from __future__ import annotations

import io
import os

from redis import Redis
from rq import SimpleWorker
from sqlalchemy import func, select

from diaspora.cv import services
from diaspora.cv.models import CvDocument
from diaspora.extensions import db
from diaspora.jobs import runner
from diaspora.jobs.models import Job, JobStatus
from tests import factories
from tests.documents import make_pdf
from tests.jobs.test_jobs import REDIS_TEST_URL

CV_LINES = ["Drita Celaj - CV", "Experience: public procurement; internal audit"]


def upload(client, data: bytes, name: str = "cv.pdf"):
    return client.post("/cv/upload", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def parse_jobs() -> list[Job]:
    return list(db.session.scalars(select(Job).where(Job.kind == services.PARSE_JOB).order_by(Job.id)))


def test_upload_reads_the_cv_in_a_job_inline(client, login, make_member):
    profile = make_member(skills=["statistics"])
    login(profile.user)
    assert upload(client, make_pdf(CV_LINES)).status_code == 302
    document = db.session.scalar(select(CvDocument))
    [job] = parse_jobs()
    assert job.status is JobStatus.DONE and job.args == [document.id] and job.created_by_id == profile.user_id
    assert job.result == {"skills": len(document.suggestions)} and document.parsed_at is not None
    page = client.get("/cv/").get_data(as_text=True)
    assert "New skills found in your CV" in page and "jobs.js" not in page


def test_submit_reads_a_stored_cv(app, make_member):
    profile = make_member(skills=["statistics"])
    document = services.upload_cv(profile.user, "cv.pdf", make_pdf(CV_LINES))
    db.session.commit()
    assert document.text == "" and document.parsed_at is None
    job = runner.submit(services.PARSE_JOB, services.read_cv, document.id, created_by=profile.user)
    db.session.refresh(document)
    assert job.status is JobStatus.DONE and "internal audit" in document.text
    assert {s["text"] for s in document.suggestions} >= {"public procurement", "internal audit"}


def test_an_unreadable_cv_says_so_on_the_page(client, login, make_member, monkeypatch):
    profile = make_member()
    login(profile.user)

    def crash(data, mime_type):
        raise ValueError("parser crash")

    monkeypatch.setattr(services, "extract_text", crash)
    assert upload(client, make_pdf(CV_LINES)).status_code == 302
    [job] = parse_jobs()
    assert job.status is JobStatus.FAILED and "damaged" in job.message
    page = client.get("/cv/").get_data(as_text=True)
    assert "We could not read your CV" in page and "damaged" in page


def test_cv_read_on_an_rq_worker_shows_progress_until_ready(app_factory, make_member):
    app = app_factory(REDIS_URL=REDIS_TEST_URL, JOBS_QUEUE=f"ura-test-cv-{os.getpid()}")
    connection = Redis.from_url(REDIS_TEST_URL)
    try:
        with app.app_context():
            profile = make_member(skills=["statistics"])
            db.session.commit()
            client = app.test_client()
            client.post("/auth/login", data={"email": profile.user.email, "password": factories.PASSWORD})
            response = upload(client, make_pdf(CV_LINES), "cv.pdf")
            assert response.status_code == 302
            document = db.session.scalar(select(CvDocument))
            assert document.parsed_at is None and document.suggestions == []
            page = client.get("/cv/").get_data(as_text=True)
            assert "Reading your CV…" in page and 'data-finished="false"' in page and "js/jobs.js" in page
            [job] = parse_jobs()
            assert client.get(f"/jobs/{job.id}/status").get_json()["status"] == "queued"
            refused = upload(client, b"<html><body>not a cv</body></html>", "cv.pdf")
            assert refused.status_code == 422 and len(parse_jobs()) == 1  # refused in the request, no job
            SimpleWorker([runner.queue(connection)], connection=connection).work(burst=True)
            assert client.get(f"/jobs/{job.id}/status").get_json()["status"] == "done"
            page = client.get("/cv/").get_data(as_text=True)
            assert "New skills found in your CV" in page and "Reading your CV…" not in page
            assert db.session.scalar(select(func.count(CvDocument.id))) == 1
    finally:
        connection.flushdb()
        connection.close()
