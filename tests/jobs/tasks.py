"""Module-level job functions for the tests (jobs are referenced by dotted path, as RQ needs)."""
from __future__ import annotations

from diaspora.errors import InvalidInput
from diaspora.extensions import db
from diaspora.jobs.runner import report, request_cancel
from diaspora.institutions.models import Institution


def make_institutions(job_id: int, names: list[str]) -> dict:
    for step, name in enumerate(names):
        report(job_id, 100 * step / len(names), f"institution {step}")
    for name in names:
        db.session.add(Institution(name=name))
    db.session.flush()
    return {"created": len(names)}


def fail_after_writing(job_id: int, name: str) -> dict:
    db.session.add(Institution(name=name))
    db.session.flush()
    raise RuntimeError("boom")


def refuse(job_id: int) -> dict:
    raise InvalidInput("This input is refused.")


def cancel_itself(job_id: int, name: str) -> dict:
    request_cancel(job_id)
    report(job_id, 50, "checking")  # raises JobCancelled
    db.session.add(Institution(name=name))
    return {}
