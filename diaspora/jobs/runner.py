"""Submitting and running background jobs; see the package docstring for the contract."""
from __future__ import annotations

import importlib
import json
import logging
import re
import time
from collections.abc import Callable

import sqlalchemy as sa
import structlog
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, get_current_job
from sqlalchemy.orm import Session

from diaspora.auth.models import User
from diaspora.errors import DomainError, ServiceUnavailable
from diaspora.extensions import db
from diaspora.jobs.models import Job, JobStatus
from diaspora.timeutil import utcnow

log = logging.getLogger(__name__)
job_log = structlog.get_logger("ura.job")

QUEUE_NAME = "ura"
JOB_TIMEOUT_SECONDS = 2 * 3600
FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,80}$")


class JobCancelled(Exception):
    """Raised inside a job function when the person asked to stop; the runner rolls back."""


def _bookkeeping() -> Session:
    # Progress and status live in their own short transactions, apart from the job's own work,
    # so the page sees them at once and a rollback of the work never loses them.
    return Session(db.engine, expire_on_commit=False)


def _update(job_id: int, **values) -> None:
    with _bookkeeping() as session:
        session.execute(sa.update(Job).where(Job.id == job_id).values(**values))
        session.commit()


def _dotted_path(func: Callable) -> str:
    path = f"{func.__module__}:{func.__qualname__}"
    if "<" in path or _resolve(path) is not func:
        raise ValueError(f"job functions must be module-level functions, not {path}")
    return path


def _resolve(path: str) -> Callable:
    module_name, _sep, qualname = path.partition(":")
    target = importlib.import_module(module_name)
    for part in qualname.split("."):
        target = getattr(target, part)
    return target


def redis_connection() -> Redis:
    return Redis.from_url(current_app.config["REDIS_URL"])


def queue(connection: Redis | None = None) -> Queue:
    name = current_app.config.get("JOBS_QUEUE", QUEUE_NAME)
    return Queue(name, connection=connection or redis_connection())


def submit(kind: str, func: Callable, *args, created_by: User | int | None = None) -> Job:
    """Record a job and run `func(job_id, *args)`: on RQ when REDIS_URL is set, inline otherwise.

    Commit your own changes before calling: the job runs in its own session and transaction.
    """
    path = _dotted_path(func)
    json.dumps(args)  # arguments cross process boundaries: fail here, not in the worker
    creator_id = created_by.id if isinstance(created_by, User) else created_by
    with _bookkeeping() as session:
        job = Job(kind=kind, func=path, args=list(args), created_by_id=creator_id, status=JobStatus.QUEUED)
        session.add(job)
        session.commit()
        job_id = job.id
    if current_app.config.get("REDIS_URL"):
        try:
            # The request id rides in the RQ job's metadata, so the worker's log lines carry it too.
            queue().enqueue(execute, job_id, job_timeout=JOB_TIMEOUT_SECONDS, result_ttl=0,
                            meta={"request_id": structlog.contextvars.get_contextvars().get("request_id")})
        except RedisError as error:
            log.warning("could not queue job %s: %s", job_id, error)
            _update(job_id, status=JobStatus.FAILED, message=_("The job queue is not reachable."),
                    finished_at=utcnow())
            raise ServiceUnavailable(_("The job queue is not reachable right now. Please try again later.")) \
                from error
    else:
        execute(job_id)
    return db.session.get(Job, job_id, populate_existing=True)


def execute(job_id: int) -> None:
    """Run one job in a fresh app context and session (the RQ entry point, and the inline path).

    Messages are written in the language of the person who started the job.
    """
    rq_job = get_current_job()
    context = {"job_id": job_id}
    if rq_job is not None and rq_job.meta.get("request_id"):
        context["request_id"] = rq_job.meta["request_id"]
    with current_app.app_context(), structlog.contextvars.bound_contextvars(**context):
        started = time.perf_counter()
        with _bookkeeping() as session:
            locale = session.scalar(sa.select(User.locale).join(Job, Job.created_by_id == User.id)
                                    .where(Job.id == job_id))
        with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            _run(job_id)
        _log_finished(job_id, started)


def _log_finished(job_id: int, started: float) -> None:
    """One line per job run (the request that started it is named by the bound request id)."""
    with _bookkeeping() as session:
        kind, status = session.execute(sa.select(Job.kind, Job.status).where(Job.id == job_id)).one()
    job_log.info("job", kind=kind, status=status.value, duration_ms=round((time.perf_counter() - started) * 1000, 1))


def _run(job_id: int) -> None:
    with _bookkeeping() as session:
        claimed = session.execute(
            sa.update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED,
                                 Job.cancel_requested.is_(False))
            .values(status=JobStatus.RUNNING, started_at=utcnow())).rowcount
        job = session.get(Job, job_id)
        if job is not None and not claimed and job.status is JobStatus.QUEUED:
            job.status, job.finished_at = JobStatus.CANCELLED, utcnow()
        session.commit()
        if not claimed:
            return  # cancelled before it started, or already run
        func_path, args = job.func, list(job.args or [])
    try:
        result = _resolve(func_path)(job_id, *args)
        if cancel_requested(job_id):
            raise JobCancelled()
        # The work and the "done" mark commit together: a done job's changes are all there.
        db.session.execute(sa.update(Job).where(Job.id == job_id).values(
            status=JobStatus.DONE, progress=100, result=result, finished_at=utcnow(),
            message=_("Finished.")))
        db.session.commit()
    except JobCancelled:
        db.session.rollback()
        _update(job_id, status=JobStatus.CANCELLED, finished_at=utcnow(),
                message=_("Cancelled: nothing was changed."))
    except DomainError as error:
        db.session.rollback()
        _update(job_id, status=JobStatus.FAILED, finished_at=utcnow(), message=error.message[:500])
    except Exception:
        log.exception("job %s (%s) failed", job_id, func_path)
        db.session.rollback()
        _update(job_id, status=JobStatus.FAILED, finished_at=utcnow(),
                message=_("The job failed; nothing was changed. The error is in the server log."))


def report(job_id: int, percent: float, message: str = "") -> None:
    """Record progress (0..100); raises JobCancelled when cancellation was requested.

    Writes in its own transaction: call it before the job's own first write (see package docs).
    """
    _update(job_id, progress=max(0, min(100, int(percent))), message=message[:500])
    if cancel_requested(job_id):
        raise JobCancelled()


def cancel_requested(job_id: int) -> bool:
    # Read through the job's own session: on SQLite a second connection could not read while this
    # job's transaction holds the write lock, and on PostgreSQL each statement sees committed flags.
    return bool(db.session.scalar(sa.select(Job.cancel_requested).where(Job.id == job_id)))


def request_cancel(job_id: int) -> None:
    """A queued job is cancelled at once; a running one stops at its next check and rolls back."""
    with _bookkeeping() as session:
        session.execute(sa.update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED)
                        .values(status=JobStatus.CANCELLED, cancel_requested=True, finished_at=utcnow(),
                                message=_("Cancelled before it started.")))
        session.execute(sa.update(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING)
                        .values(cancel_requested=True, message=_("Cancelling…")))
        session.commit()


def file_key(job_id: int, name: str) -> str:
    """Where a job keeps a file for its starter to download, in the storage shared by hosts and workers."""
    if not FILE_NAME.match(name):
        raise ValueError(f"unsafe job file name {name!r}")
    return f"jobs/{int(job_id)}/{name}"
