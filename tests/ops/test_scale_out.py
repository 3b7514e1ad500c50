"""Two app hosts behind one PostgreSQL and one Redis: a member's journey alternates between them, a job started
on one is seen finished on the other, sessions and their revocation hold on both, rate limits are shared.

Runs in the PostgreSQL pass (TEST_DATABASE_URL, as .ci/run sets it) with Redis on 127.0.0.1:6379 (database 13,
keys of this run only); skipped, saying why, otherwise.
"""
from __future__ import annotations

import io
import itertools
import os
import re
import time
from email import message_from_bytes, policy

import psycopg
import pytest
import redis
import requests
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from prometheus_client.parser import text_string_to_metric_families
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench.cluster import Cluster
from diaspora import create_app
from diaspora.auth.models import Role
from diaspora.extensions import db as app_db
from diaspora.matches.models import CuratedTerm
from tests import factories
from tests.conftest import WORKER, make_config
from tests.documents import make_pdf
from tests.members.test_profile import profile_form

pytestmark = pytest.mark.slow
PASSWORD = "a long passphrase from Durrës"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def cluster(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("the two-host test runs in the PostgreSQL pass (TEST_DATABASE_URL is not set)")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/13", socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    url = make_url(base)
    name = f"{url.database}_scaleout_{WORKER}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        with Cluster(url.set(database=name).render_as_string(hide_password=False), tmp_path) as running:
            yield running
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Person:
    """A browser whose every request goes to the next host in turn (a load balancer without stickiness)."""

    def __init__(self, urls: list[str]):
        self.session = requests.Session()
        self.hosts = itertools.cycle(urls)
        self.seen: set[str] = set()

    def url(self, path: str) -> str:
        host = next(self.hosts)
        self.seen.add(host)
        return host + path

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.url(path), allow_redirects=False, timeout=60)

    def post(self, path: str, data: dict, form_path: str | None = None, **kwargs) -> requests.Response:
        page = self.get(form_path or path).text
        data = {**data, "csrf_token": CSRF.search(page).group(1)}
        return self.session.post(self.url(path), data=data, allow_redirects=False, timeout=60, **kwargs)


def _newest_link(cluster: Cluster) -> str:
    outbox = cluster.work / "instance" / "outbox"
    message = message_from_bytes(sorted(outbox.glob("*.eml"))[-1].read_bytes(), policy=policy.default)
    return re.search(r"http://127\.0\.0\.1(?::\d+)?(/auth/verify/\S+)", message.get_content()).group(1)


def _wait_for_job(person: Person, job_id: int, seconds: float = 60) -> dict:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        status = person.get(f"/jobs/{job_id}/status").json()
        if status["finished"]:
            return status
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s")


def _requests_counted(cluster: Cluster, url: str) -> float:
    text = requests.get(f"{url}/metrics", headers={"Authorization": f"Bearer {cluster.metrics_token}"}, timeout=30).text
    return sum(s.value for family in text_string_to_metric_families(text) for s in family.samples
               if s.name == "ura_http_requests_total")


def test_two_hosts_share_sessions_jobs_files_and_limits(cluster):
    a, b = cluster.urls
    member = Person([a, b])
    email = "flutura.gashi@example.org"
    registered = member.post("/auth/register", {"email": email, "password": PASSWORD, "confirm": PASSWORD,
                                                 "locale": "en"})
    assert registered.status_code == 200 and "Check your email" in registered.text
    verify = _newest_link(cluster)
    assert member.post(verify, {}).status_code == 302
    assert member.post("/auth/login", {"email": email, "password": PASSWORD}).status_code == 302
    assert member.post("/members/profile/edit", profile_form(full_name="Flutura Gashi")).status_code == 302
    for path in ("/members/profile", "/members/opportunities", "/opportunities", "/members/"):
        assert member.get(path).status_code == 200, path

    # The CV goes up through one host, an RQ worker reads it, the other host shows the finished job.
    pdf = make_pdf(["Public procurement", "SDMX", "internal audit"])
    page = member.session.get(f"{a}/cv/", timeout=60).text
    uploaded = member.session.post(f"{a}/cv/upload", files={"file": ("cv.pdf", io.BytesIO(pdf), "application/pdf")},
                                   data={"csrf_token": CSRF.search(page).group(1)}, allow_redirects=False, timeout=60)
    assert uploaded.status_code == 302
    job_id = int(re.search(r"/jobs/(\d+)", member.session.get(f"{a}/jobs/", timeout=60).text).group(1))
    finished = _wait_for_job(member, job_id)
    seen_on_b = member.session.get(f"{b}/jobs/{job_id}/status", timeout=60).json()
    assert finished["status"] == "done" and seen_on_b["status"] == "done"
    assert seen_on_b["result"]["skills"] >= 2
    cv_page = member.session.get(f"{b}/cv/", timeout=60).text
    assert "internal audit" in cv_page.lower()  # a suggestion the worker found, shown by the other host
    owner = re.search(r"/cv/(\d+)/file", cv_page).group(1)
    assert member.session.get(f"{b}/cv/{owner}/file", timeout=60).content == pdf

    # A second session of the same person ends everywhere when the first logs out on the other host.
    phone = Person([b, a])
    assert phone.post("/auth/login", {"email": email, "password": PASSWORD}).status_code == 302
    assert phone.get("/members/profile").status_code == 200
    assert member.session.post(f"{a}/auth/logout", data={"csrf_token": CSRF.search(
        member.session.get(f"{a}/members/", timeout=60).text).group(1)}, allow_redirects=False,
        timeout=60).status_code == 302
    for url in (a, b):
        revoked = phone.session.get(f"{url}/members/profile", allow_redirects=False, timeout=60)
        assert revoked.status_code == 302 and "/auth/login" in revoked.headers["Location"]

    # The idle timeout is in the signed cookie: a session idle on host A for two hours is over on host B too.
    tablet = Person([a])
    assert tablet.post("/auth/login", {"email": email, "password": PASSWORD}).status_code == 302
    flask_app = Flask("ura-cookie", root_path=str(cluster.work))
    flask_app.secret_key = cluster.secret_key
    signer = SecureCookieSessionInterface().get_signing_serializer(flask_app)
    cookie = tablet.session.cookies.get("session")
    content = signer.loads(cookie)
    content["seen_at"] -= 2 * 3600
    tablet.session.cookies.set("session", signer.dumps(content), domain=tablet.session.cookies.list_domains()[0])
    idle = tablet.session.get(f"{b}/members/profile", allow_redirects=False, timeout=60)
    assert idle.status_code == 302 and "/auth/login" in idle.headers["Location"]

    # Rate limits are counted in Redis: ten wrong passwords spread over both hosts use up the one allowance.
    guesser = Person([a, b])
    answers = [guesser.post("/auth/login", {"email": "nobody@example.org", "password": f"guess {n}"}).status_code
               for n in range(11)]
    assert answers[:10] == [401] * 10 and answers[10] == 429

    # Both hosts are ready, map the one index snapshot built for both, and each adds up the requests of its own
    # two workers.
    snapshots = set()
    for url in (a, b):
        ready = requests.get(f"{url}/readyz", timeout=30).json()
        assert ready["status"] == "ready" and set(ready["checks"]) >= {"database", "migrations", "redis"}
        snapshots.add(ready["checks"]["matching_index"]["snapshot"])
        assert _requests_counted(cluster, url) >= 10
    assert member.seen == {a, b} and len(snapshots) == 1


def test_a_curation_decision_on_one_host_reorders_the_ranking_on_the_other(cluster, tmp_path):
    """Each gunicorn worker maps the shared snapshot: a term an administrator maps on host A is read the new way by
    host B's workers at their next ranking (the vocabulary stamp, re-encoded into each worker's overlay), without a
    new snapshot."""
    a, b = cluster.urls
    seeding = create_app(make_config(tmp_path, cluster.env["DATABASE_URL"]))  # writes only to the shared database
    with seeding.app_context():
        posting = factories.make_fellowship(required_skills=["e-procurement"], preferred_skills=[], acquis_chapters=[])
        factories.make_member(full_name="Bruna Leka", skills=["EU law", "gare d'appalto telematiche"],
                              acquis_chapters=[])
        factories.make_member(full_name="Carla Dema", skills=["EU law", "public procurement"], acquis_chapters=[])
        admin, officer = factories.make_user(Role.ADMIN), factories.make_user(Role.OFFICER)
        app_db.session.commit()
        ids = posting.id, admin.email, officer.email
        term_id = app_db.session.scalar(sa.select(CuratedTerm.id))
        app_db.session.remove()  # its connection back to the pool before the pool goes
        app_db.engine.dispose()
    posting_id, admin_email, officer_email = ids
    desk, curator = Person([b]), Person([a])
    for person, email in ((desk, officer_email), (curator, admin_email)):
        assert person.post("/auth/login", {"email": email, "password": factories.PASSWORD}).status_code == 302

    def ranked() -> list[str]:
        page = desk.get(f"/officers/opportunities/{posting_id}").text
        return re.findall(r'/candidates/\d+">([^<]+)</a>', page)

    assert ranked() == ["Carla Dema", "Bruna Leka"]
    decided = curator.post(f"/curation/terms/{term_id}/alias", {"concept": "a-e-procurement", "version": "1"},
                           form_path=f"/curation/terms/{term_id}")
    assert decided.status_code == 302
    assert ranked() == ["Bruna Leka", "Carla Dema"]
    state = requests.get(f"{b}/readyz", timeout=30).json()["checks"]["matching_index"]
    assert state["vocabulary"] >= 1 and state["reencoded"] >= 1  # laid over the mapped snapshot, in the overlay
