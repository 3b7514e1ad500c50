"""Who may see a job: the person who started it, and admins; everyone else gets 404."""
from __future__ import annotations

from typing import BinaryIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from diaspora.auth.models import Role, User
from diaspora.errors import NotFound
from diaspora.extensions import db
from diaspora.jobs import runner
from diaspora.jobs.models import Job, JobStatus
from diaspora.storage import storage

STATUS_LABELS = {
    JobStatus.QUEUED: _l("Waiting to start"),
    JobStatus.RUNNING: _l("Running"),
    JobStatus.DONE: _l("Finished"),
    JobStatus.FAILED: _l("Failed"),
    JobStatus.CANCELLED: _l("Cancelled"),
}
RESULT_LABELS = {
    "rows": _l("Rows read"),
    "imported": _l("Imported"),
    "rejected": _l("Rejected rows"),
    "duplicates": _l("Duplicates among the rejected"),
    "exported": _l("Exported"),
    "seconds": _l("Seconds"),
    "rows_per_second": _l("Rows per second"),
    "profiles": _l("Profiles in the index"),
    "index_version": _l("Index version"),
    "decisions": _l("Labelled decisions"),
    "outcome": _l("Outcome"),
    "model": _l("Model in use"),
    "skills": _l("Skills found"),
    "notified": _l("Members notified"),
}
# Packages that submit jobs name their kinds here (at import time), for the job pages.
KIND_LABELS: dict[str, str] = {}
RECENT = 30


def register_kind(kind: str, label) -> None:
    KIND_LABELS[kind] = label


def get_job_for(viewer: User, job_id: int) -> Job:
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None or not (job.created_by_id == viewer.id or viewer.role is Role.ADMIN):
        raise NotFound(_("This job does not exist."))
    return job


def recent_jobs(viewer: User) -> list[Job]:
    query = select(Job).order_by(Job.created_at.desc(), Job.id.desc()).limit(RECENT)
    if viewer.role is not Role.ADMIN:
        query = query.where(Job.created_by_id == viewer.id)
    return list(db.session.scalars(query))


def cancel(viewer: User, job_id: int) -> Job:
    job = get_job_for(viewer, job_id)
    if not job.status.finished:
        runner.request_cancel(job.id)
    return get_job_for(viewer, job_id)


def status_of(job: Job) -> dict:
    """The JSON the progress page polls (and the API returns)."""
    return {
        "id": job.id, "kind": job.kind, "status": job.status.value, "status_label": str(STATUS_LABELS[job.status]),
        "progress": job.progress, "message": job.message, "finished": job.status.finished,
        "cancel_requested": job.cancel_requested,
        "created_at": job.created_at.isoformat() + "Z",
        "finished_at": job.finished_at.isoformat() + "Z" if job.finished_at else None,
        "result": job.result if job.status is JobStatus.DONE else None,
    }


def open_download(viewer: User, job_id: int, name: str) -> BinaryIO:
    """A file the job listed in its result, for the person who may see the job (the caller closes it)."""
    job = get_job_for(viewer, job_id)
    listed = {f.get("name") for f in (job.result or {}).get("files", [])}
    if name not in listed:
        raise NotFound(_("This file does not exist."))
    try:
        return storage().open(runner.file_key(job.id, name))
    except FileNotFoundError as missing:
        raise NotFound(_("This file does not exist.")) from missing
