"""/metrics: Prometheus text behind a token or an allow-list; requests, matching, jobs, mail and logins."""
from __future__ import annotations

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.mail import QueuedMail, queue_mail
from diaspora.timeutil import utcnow
from tests.factories import PASSWORD

TOKEN = "scrape-token-0123456789"


def samples(response) -> dict[tuple, float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True)) for s in family.samples}


def value(found: dict, name: str, **labels) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_need_the_token_or_an_allowed_address(app_factory):
    closed = app_factory().test_client()
    assert closed.get("/metrics").status_code == 403
    with_token = app_factory(METRICS_TOKEN=TOKEN).test_client()
    refused = with_token.get("/metrics", headers={"Authorization": "Bearer wrong"})
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")
    answer = with_token.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    assert answer.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in answer.headers
    allowed = app_factory(METRICS_ALLOW="10.0.0.0/8, 127.0.0.1").test_client()
    assert allowed.get("/metrics").status_code == 200  # the test client comes from 127.0.0.1
    assert app_factory(METRICS_ALLOW="10.0.0.0/8").test_client().get("/metrics").status_code == 403


def test_requests_matching_logins_jobs_and_mail_are_counted(app_factory, make_user, make_member, make_fellowship):
    app = app_factory(METRICS_TOKEN=TOKEN)
    client = app.test_client()
    scrape = {"Authorization": f"Bearer {TOKEN}"}
    with app.app_context():
        before = samples(client.get("/metrics", headers=scrape))
        officer = make_user(Role.OFFICER)
        make_member()
        fellowship = make_fellowship()
        db.session.commit()
        email, fellowship_id = officer.email, fellowship.id
        with app.test_request_context():
            queue_mail("someone@example.org", "Subject", "Body")
            db.session.commit()  # delivered after the commit: offline, a file in the outbox folder
    assert client.post("/auth/login", data={"email": email, "password": "not it"}).status_code == 401
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code == 302
    assert client.get(f"/officers/opportunities/{fellowship_id}").status_code == 200
    assert client.get("/no-such-page").status_code == 404
    after = samples(client.get("/metrics", headers=scrape))

    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("ura_http_requests_total", endpoint="officers.opportunity", method="GET", status="200") == 1
    assert grew("ura_http_requests_total", endpoint="auth.login", method="POST", status="401") == 1
    assert grew("ura_http_requests_total", endpoint="unmatched", method="GET", status="404") == 1
    assert grew("ura_http_request_duration_seconds_count", endpoint="officers.opportunity", method="GET",
                status="200") == 1
    assert grew("ura_login_failures_total") == 1
    assert grew("ura_match_query_duration_seconds_count", operation="ranking") >= 1
    assert value(after, "ura_match_index_rows") == 1
    assert value(after, "ura_match_index_version_lag") == 0 and value(after, "ura_match_index_on_top") == 0
    assert value(after, "ura_match_db_index_version") == value(after, "ura_match_index_version")
    assert value(after, "ura_mail_outbox_backlog") == 1
    assert value(after, "ura_jobs", status="failed") == 0 and ("ura_jobs", (("status", "queued"),)) in after
    assert value(after, "ura_dependency_up", dependency="database") == 1
    assert not any(name.startswith("ura_http") and ("endpoint", "ops.metrics") in labels for name, labels in after)


def test_job_queue_depth_comes_from_redis(app_factory):
    app = app_factory(METRICS_TOKEN=TOKEN, REDIS_URL="redis://127.0.0.1:6379/13", JOBS_QUEUE="ura-metrics-test")
    found = samples(app.test_client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}))
    if value(found, "ura_dependency_up", dependency="redis") == 0:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    assert value(found, "ura_job_queue_depth", queue="ura-metrics-test") == 0


def test_mail_refused_by_smtp_is_a_queue_backlog(app_factory):
    app = app_factory(METRICS_TOKEN=TOKEN)
    client = app.test_client()
    with app.app_context():
        # What a refused delivery leaves behind: the committed row, due again later.
        db.session.add(QueuedMail(recipient="someone@example.org", subject="Subject", body="Body", attempts=1,
                                  next_attempt_at=utcnow() + timedelta(minutes=2)))
        db.session.commit()
    found = samples(client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}))
    assert value(found, "ura_mail_queue_backlog") == 1
