"""Bulk exports, run as background jobs: the contract's records as JSON lines or CSV files."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from diaspora import audit
from diaspora.auth.models import Role
from diaspora.bulk import formats
from diaspora.bulk.importer import actor_with_role
from diaspora.bulk.records import opportunity_record, profile_record
from diaspora.extensions import db
from diaspora.jobs.runner import file_key, report
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.storage import storage

CHUNK = 1000


def _write(job_id: int, name: str, fmt: str, records, columns: tuple[str, ...]) -> int:
    with storage().writer(file_key(job_id, name), text=True) as handle:
        if fmt == "jsonl":
            return formats.write_jsonl(records, handle)
        return formats.write_csv(records, handle, columns)


def _progress(job_id: int, items, total: int, label: str):
    for done, item in enumerate(items, start=1):
        if done % CHUNK == 0:
            report(job_id, 100 * done / max(total, 1), label)
        yield item


def _pages(condition):
    """Profiles in id order, a chunk per query: each result is read in full before progress is written
    (an open cursor would hold SQLite's read lock against that write)."""
    last_id = 0
    while True:
        chunk = list(db.session.scalars(select(MemberProfile).where(*condition, MemberProfile.id > last_id)
                                        .options(joinedload(MemberProfile.user))
                                        .order_by(MemberProfile.id).limit(CHUNK)))
        if not chunk:
            return
        yield from chunk
        last_id = chunk[-1].id


def export_profiles(job_id: int, actor_id: int, fmt: str) -> dict:
    """Job: every profile that takes part in matching (consent given, not erased), with contact details."""
    actor = actor_with_role(actor_id, Role.OFFICER, Role.ADMIN)
    condition = (MemberProfile.matchable,)
    total = db.session.scalar(select(func.count(MemberProfile.id)).where(*condition))
    records = (profile_record(p, with_contact=True) for p in _pages(condition))
    name = f"profiles.{fmt}"
    count = _write(job_id, name, fmt, _progress(job_id, records, total, _("Exporting profiles…")),
                   formats.PROFILE_COLUMNS)
    audit.record("profiles_exported", actor_id=actor.id, object_type="job", object_id=job_id, count=count,
                 format=fmt)
    return {"exported": count, "files": [{"name": name}]}


def export_opportunities(job_id: int, actor_id: int, fmt: str) -> dict:
    """Job: a ministry's own postings, or every posting for programme staff."""
    actor = actor_with_role(actor_id, Role.MINISTRY, Role.OFFICER, Role.ADMIN)
    query = select(Opportunity).options(joinedload(Opportunity.institution)).order_by(Opportunity.id)
    if actor.role is Role.MINISTRY:
        query = query.where(Opportunity.institution_id == actor.institution_id)
    postings = list(db.session.scalars(query))
    name = f"opportunities.{fmt}"
    records = (opportunity_record(o) for o in postings)
    count = _write(job_id, name, fmt, _progress(job_id, records, len(postings), _("Exporting postings…")),
                   formats.OPPORTUNITY_COLUMNS)
    return {"exported": count, "files": [{"name": name}]}
