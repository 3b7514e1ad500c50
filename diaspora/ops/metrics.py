"""Prometheus exposition: request counts and latencies per endpoint and status, plus the state behind alerts.

Per-process values (requests, matching latency, login failures, each worker's index) are instruments updated
as requests run; under gunicorn they are added up across workers from PROMETHEUS_MULTIPROC_DIR. State that
belongs to the whole installation (job queue, jobs by status, mail backlog, the database's index version) is
read once per scrape, so every host reports the same numbers. Metric names and alerts: docs/operations.md.
"""
from __future__ import annotations

import hmac
import ipaddress
import os
import time
from functools import lru_cache

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from diaspora.extensions import db
from diaspora.jobs import runner
from diaspora.jobs.models import Job, JobStatus
from diaspora.mail import QueuedMail
from diaspora.matches import live

OPS_ENDPOINTS = frozenset({"ops.healthz", "ops.readyz", "ops.metrics"})
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

HTTP_REQUESTS = Counter("ura_http_requests_total", "HTTP requests answered, by endpoint, method and status.",
                        ["endpoint", "method", "status"])
HTTP_SECONDS = Histogram("ura_http_request_duration_seconds", "Time to answer, by endpoint, method and status.",
                         ["endpoint", "method", "status"],
                         buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10))
INDEX_ROWS = Gauge("ura_match_index_rows", "Profiles in the largest matching index of a live worker.",
                   multiprocess_mode="livemax")
INDEX_VERSION = Gauge("ura_match_index_version", "Version of the most outdated matching index of a live worker.",
                      multiprocess_mode="livemin")
INDEX_ON_TOP = Gauge("ura_match_index_on_top",
                     "Most changed profiles a live worker applies on top of its index snapshot.",
                     multiprocess_mode="livemax")


def _observe(response: Response) -> Response:
    endpoint = request.endpoint or "unmatched"
    if endpoint in OPS_ENDPOINTS:
        return response
    method = request.method if request.method in METHODS else "other"
    status = str(response.status_code)
    HTTP_REQUESTS.labels(endpoint, method, status).inc()
    if "request_started" in g:
        HTTP_SECONDS.labels(endpoint, method, status).observe(time.perf_counter() - g.request_started)
    holder = current_app.extensions.get(live.EXTENSION_KEY)
    if holder is not None and holder.index is not None:
        INDEX_ROWS.set(len(holder.index))
        INDEX_VERSION.set(holder.version)
        INDEX_ON_TOP.set(holder.overlay)
    return response


@lru_cache(maxsize=16)
def _networks(allow: str) -> tuple:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in allow.split(",") if part.strip())


def allowed() -> bool:
    """A matching bearer token, or a client address inside METRICS_ALLOW (after the trusted proxies)."""
    config = current_app.config
    token = config.get("METRICS_TOKEN", "")
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in _networks(config.get("METRICS_ALLOW", "")))


class _Installation:
    """The whole installation's state, read at scrape time from the database, Redis and the outbox."""

    def __init__(self, worker_families: list):
        self.worker_families = worker_families

    def _oldest_worker_index(self) -> float | None:
        values = [s.value for family in self.worker_families if family.name == "ura_match_index_version"
                  for s in family.samples]
        return min(values) if values else None

    def collect(self):
        up = GaugeMetricFamily("ura_dependency_up", "Whether a dependency answered this scrape.",
                               labels=["dependency"])
        try:
            yield from self._database()
            up.add_metric(["database"], 1)
        except SQLAlchemyError:
            db.session.rollback()
            up.add_metric(["database"], 0)
        if current_app.config.get("REDIS_URL"):
            try:
                depth = GaugeMetricFamily("ura_job_queue_depth", "Jobs waiting in the Redis queue.", labels=["queue"])
                queue = runner.queue()
                depth.add_metric([queue.name], len(queue))
                yield depth
                up.add_metric(["redis"], 1)
            except RedisError:
                up.add_metric(["redis"], 0)
        yield self._outbox()
        yield up

    def _database(self):
        version = live.stamp().version
        yield GaugeMetricFamily("ura_match_db_index_version", "Index version stamp in the database.", value=version)
        oldest = self._oldest_worker_index()
        if oldest is not None:
            yield GaugeMetricFamily("ura_match_index_version_lag",
                                    "Profile changes the most outdated live worker's index has not applied yet.",
                                    value=max(0, version - oldest))
        jobs = GaugeMetricFamily("ura_jobs", "Background jobs by status (failed: every failure so far).",
                                 labels=["status"])
        counts = dict(db.session.execute(sa.select(Job.status, sa.func.count()).group_by(Job.status)).all())
        for status in JobStatus:
            jobs.add_metric([status.value], counts.get(status, 0))
        queued = db.session.scalar(sa.select(sa.func.count()).select_from(QueuedMail))
        db.session.rollback()  # end the read transaction: a scrape holds no snapshot open
        yield jobs
        yield GaugeMetricFamily("ura_mail_queue_backlog",
                                "Mails committed but not delivered yet (SMTP refused them; `flask mail deliver` retries).",
                                value=queued)

    def _outbox(self) -> GaugeMetricFamily:
        # Offline mode writes each message as a file that no server sends: in production any file is a backlog.
        outbox = current_app.config["MAIL_OUTBOX_DIR"]
        try:
            count = sum(1 for entry in os.scandir(outbox) if entry.name.endswith(".eml"))
        except FileNotFoundError:
            count = 0
        return GaugeMetricFamily("ura_mail_outbox_backlog", "Messages written to the outbox folder, not sent by SMTP.",
                                 value=count)


class _Scrape:
    def __init__(self, source):
        self.source = source

    def collect(self):
        families = list(self.source.collect())
        yield from families
        yield from _Installation(families).collect()


def exposition() -> Response:
    """Everything above in Prometheus' text format; every worker's values when PROMETHEUS_MULTIPROC_DIR is set."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        source = CollectorRegistry()
        MultiProcessCollector(source)
    else:
        source = REGISTRY
    return Response(generate_latest(_Scrape(source)), mimetype=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})


def init_app(app: Flask) -> None:
    app.after_request(_observe)
