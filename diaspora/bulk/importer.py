"""Bulk imports, run as background jobs: check every row, then write all accepted rows at once.

Two phases keep the database unchanged until the very end:
1. Check (progress 0-80 %): rows are parsed and validated, and duplicates looked up with reads
   only; progress is committed between chunks and a Cancel is honoured there.
2. Write (80-100 %): the accepted rows are inserted in chunks inside the job's single transaction,
   which the runner commits together with the job's "done" mark. A failure or a Cancel between
   chunks rolls the whole transaction back: not one row of a half-done import ever lands.
"""
from __future__ import annotations

import csv
import time
import unicodedata
from collections.abc import Iterator
from datetime import date

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from diaspora import audit
from diaspora.auth.models import Role, User
from diaspora.auth.services import normalise_email
from diaspora.bulk import formats
from diaspora.bulk.records import OpportunityRecord, ProfileRecord, opportunity_values, profile_values
from diaspora.errors import Conflict, Forbidden
from diaspora.extensions import db
from diaspora.jobs.runner import JobCancelled, cancel_requested, file_key, report
from diaspora.matches.changes import record_changes
from diaspora.members.models import MemberProfile
from diaspora.opportunities import services as postings
from diaspora.opportunities.kinds.base import Kind
from diaspora.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus
from diaspora.institutions.models import Institution
from diaspora.storage import storage
from diaspora.timeutil import utcnow

CHECK_CHUNK = 500
WRITE_CHUNK = 1000
SHOWN_REJECTIONS = 200
# Werkzeug's check_password_hash() needs "method$salt$hash": this value never matches any password.
# The person sets one through "forgot password" with the imported email, which proves they own it.
UNUSABLE_PASSWORD = "!imported"
REPORT_NAME = "rejected.csv"


def staged_key(name: str) -> str:
    """Where an uploaded file waits for its import job (shared storage: the job may run on another host)."""
    return f"imports/{name}"


def person_key(full_name: str) -> str:
    """Names compare without regard to case, spacing or Unicode composition ("Çela" typed two ways)."""
    return " ".join(unicodedata.normalize("NFKC", full_name).casefold().split())


class Checker:
    """Collects accepted records and rejections (line, field, message) while rows are checked."""

    def __init__(self):
        self.accepted: list[tuple[int, dict]] = []
        self.rejections: list[dict] = []
        self.rejected_lines: set[int] = set()
        self.duplicate_lines: set[int] = set()

    def reject(self, line: int, field: str, message: str, duplicate: bool = False) -> None:
        self.rejections.append({"line": line, "field": field, "message": message})
        self.rejected_lines.add(line)
        if duplicate:
            self.duplicate_lines.add(line)

    def invalid(self, line: int, error: ValidationError) -> None:
        for field, message in _flatten(error.messages):
            self.reject(line, field, message)

    def result(self, rows: int, imported: int, started: float, job_id: int) -> dict:
        seconds = max(time.perf_counter() - started, 1e-6)
        files = []
        if self.rejections:
            _write_report(job_id, self.rejections)
            files.append({"name": REPORT_NAME})
        return {"rows": rows, "imported": imported, "rejected": len(self.rejected_lines),
                "duplicates": len(self.duplicate_lines), "seconds": round(seconds, 2),
                "rows_per_second": round(rows / seconds), "rejections": self.rejections[:SHOWN_REJECTIONS],
                "files": files}


def _flatten(messages) -> Iterator[tuple[str, str]]:
    """marshmallow's nested messages as (top-level field, "sub.path: message; ...") pairs."""
    if not isinstance(messages, dict):
        yield "line", " ".join(_leaves(messages, ""))
        return
    for key, value in messages.items():
        yield ("line" if key == "_schema" else str(key)), "; ".join(_leaves(value, ""))


def _leaves(messages, path: str) -> Iterator[str]:
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key == "value" or key == "key":  # marshmallow's Dict errors: {"sq": {"value": [...]}}
                yield from _leaves(value, path)
            else:
                yield from _leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(messages, list):
        for item in messages:
            yield from _leaves(item, path)
    else:
        yield f"{path}: {messages}" if path else str(messages)


def _write_report(job_id: int, rejections: list[dict]) -> None:
    with storage().writer(file_key(job_id, REPORT_NAME), text=True) as handle:
        writer = csv.DictWriter(handle, fieldnames=("line", "field", "message"), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rejections)


def _read(job_id: int, file_name: str) -> list[tuple[int, dict | formats.RowError]]:
    report(job_id, 1, _("Reading the file…"))
    with storage().local_path(staged_key(file_name)) as path:
        return list(formats.read_rows(path))


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _check_progress(job_id: int, done: int, total: int) -> None:
    report(job_id, 2 + 78 * done / max(total, 1), _("Checked %(done)s of %(total)s rows…", done=done, total=total))


def _write_progress(job_id: int) -> None:
    # Writes run in the job's transaction; SQLite has one writer, so only the (read-only) Cancel check here.
    if cancel_requested(job_id):
        raise JobCancelled()


def actor_with_role(actor_id: int, *roles: Role) -> User:
    actor = db.session.get(User, actor_id)
    if actor is None or not actor.active or actor.role not in roles:
        raise Forbidden(_("Your account may no longer import or export these records."))
    return actor


# Profiles ----------------------------------------------------------------------------------------

def import_profiles(job_id: int, file_name: str, actor_id: int, all_or_nothing: bool = False) -> dict:
    """Job: create an unverified member account and a profile for every acceptable row."""
    started = time.perf_counter()
    actor = actor_with_role(actor_id, Role.OFFICER, Role.ADMIN)
    try:
        rows = _read(job_id, file_name)
        checker = _check_profiles(job_id, rows)
        imported = 0
        if checker.accepted and not (all_or_nothing and checker.rejections):
            report(job_id, 80, _("Saving %(count)s profiles…", count=len(checker.accepted)))
            imported = _write_profiles(job_id, checker.accepted, actor)
        return checker.result(len(rows), imported, started, job_id)
    finally:
        storage().delete(staged_key(file_name))


def _check_profiles(job_id: int, rows: list) -> Checker:
    checker, schema = Checker(), ProfileRecord()
    emails_in_file: dict[str, int] = {}
    people_in_file: dict[tuple[str, date], int] = {}
    done = 0
    for chunk in _chunks(rows, CHECK_CHUNK):
        loaded = []
        for line, raw in chunk:
            if isinstance(raw, formats.RowError):
                checker.reject(line, raw.field, raw.message)
                continue
            try:
                record = schema.load(raw)
            except ValidationError as error:
                checker.invalid(line, error)
                continue
            if not record.get("email"):
                checker.reject(line, "email", _("An email address is needed to create the person's account."))
                continue
            record["email"] = normalise_email(record["email"])
            loaded.append((line, record))
        known_emails, known_people = _existing_people(loaded)
        for line, record in loaded:
            email, born = record["email"], record.get("date_of_birth")
            key = (person_key(record["full_name"]), born)
            if email in emails_in_file:
                checker.reject(line, "email", _("Same email as line %(line)s.", line=emails_in_file[email]), True)
            elif email in known_emails:
                checker.reject(line, "email", _("An account with this email already exists."), True)
            elif born and key in people_in_file:
                checker.reject(line, "full_name", _("Same name and date of birth as line %(line)s.",
                                                    line=people_in_file[key]), True)
            elif born and key in known_people:
                checker.reject(line, "full_name", _("A profile with this name and date of birth already exists."),
                               True)
            else:
                checker.accepted.append((line, record))
            emails_in_file.setdefault(email, line)
            if born:
                people_in_file.setdefault(key, line)
        done += len(chunk)
        _check_progress(job_id, done, len(rows))
    return checker


def _existing_people(loaded: list[tuple[int, dict]]) -> tuple[set[str], set[tuple[str, date]]]:
    emails = {record["email"] for _line, record in loaded}
    births = {record["date_of_birth"] for _line, record in loaded if record.get("date_of_birth")}
    known_emails = set(db.session.scalars(select(User.email).where(User.email.in_(emails)))) if emails else set()
    known_people = set()
    if births:
        rows = db.session.execute(select(MemberProfile.full_name, MemberProfile.date_of_birth).where(
            MemberProfile.date_of_birth.in_(births), MemberProfile.erased_at.is_(None)))
        known_people = {(person_key(name), born) for name, born in rows}
    return known_emails, known_people


def _write_profiles(job_id: int, accepted: list[tuple[int, dict]], actor: User) -> int:
    # Consent. The person did not tick Ura's box; the programme that collected their data did,
    # and the officer confirmed at upload that every person agreed to be matched. The record
    # says exactly that: consent_version "import:<officer id>" and consent_at the import time
    # (plus an audit event naming the job), so the claim can be traced and is never mistaken for
    # the person's own consent. The person can withdraw it like any consent once they log in,
    # and giving it themselves (saving their profile) replaces it with their own.
    now = utcnow()
    consent_version = f"import:{actor.id}"
    try:
        for chunk in _chunks(accepted, WRITE_CHUNK):
            _write_progress(job_id)
            # Bulk INSERT ... RETURNING (ids in row order): several times faster than one ORM object per row.
            user_ids = db.session.scalars(
                insert(User).returning(User.id, sort_by_parameter_order=True),
                [{"email": record["email"], "role": Role.MEMBER, "password_hash": UNUSABLE_PASSWORD,
                  "display_name": record["full_name"][:120], "email_verified_at": None}
                 for _line, record in chunk]).all()
            profile_ids = db.session.scalars(
                insert(MemberProfile).returning(MemberProfile.id, sort_by_parameter_order=True),
                [{"user_id": user_id, "consent_at": now, "consent_version": consent_version,
                  **profile_values(record)} for user_id, (_line, record) in zip(user_ids, chunk)]).all()
            # Bulk inserts bypass the flush hook that tells the matching index about new profiles.
            record_changes(db.session.connection(), profile_ids)
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(_("Someone created one of these accounts while the import ran. Nothing was imported; "
                         "please run the import again.")) from error
    audit.record("profiles_imported", actor_id=actor.id, object_type="job", object_id=job_id,
                 count=len(accepted), consent=consent_version)
    return len(accepted)


# Opportunities -----------------------------------------------------------------------------------

def import_opportunities(job_id: int, file_name: str, actor_id: int, all_or_nothing: bool = False) -> dict:
    """Job: create draft postings; a ministry imports for its own institution, staff name one per row."""
    started = time.perf_counter()
    actor = actor_with_role(actor_id, Role.MINISTRY, Role.OFFICER, Role.ADMIN)
    try:
        rows = _read(job_id, file_name)
        checker = _check_opportunities(job_id, rows, actor)
        imported = 0
        if checker.accepted and not (all_or_nothing and checker.rejections):
            report(job_id, 80, _("Saving %(count)s postings…", count=len(checker.accepted)))
            imported = _write_opportunities(job_id, checker.accepted, actor)
        return checker.result(len(rows), imported, started, job_id)
    finally:
        storage().delete(staged_key(file_name))


def _institutions() -> dict[str, int]:
    names: dict[str, int] = {}
    for institution in db.session.scalars(select(Institution)):
        for name in (institution.name, institution.name_sq, institution.acronym):
            if name:
                names.setdefault(person_key(name), institution.id)
    return names


def _posting_key(institution_id: int, kind: str, title: str, start) -> tuple:
    return institution_id, kind, person_key(title), start


def _check_opportunities(job_id: int, rows: list, actor: User) -> Checker:
    checker, schema = Checker(), OpportunityRecord()
    institutions = _institutions()
    known = {_posting_key(o.institution_id, o.kind.value, o.title, o.start_date)
             for o in db.session.scalars(select(Opportunity).where(Opportunity.status != OpportunityStatus.CLOSED))}
    in_file: dict[tuple, int] = {}
    done = 0
    for chunk in _chunks(rows, CHECK_CHUNK):
        for line, raw in chunk:
            if isinstance(raw, formats.RowError):
                checker.reject(line, raw.field, raw.message)
                continue
            try:
                record = schema.load(raw)
            except ValidationError as error:
                checker.invalid(line, error)
                continue
            named = institutions.get(person_key(record.get("institution") or ""))
            if actor.role is Role.MINISTRY:
                if record.get("institution") and named != actor.institution_id:
                    checker.reject(line, "institution", _("You can only import your own institution's postings."))
                    continue
                named = actor.institution_id
            elif named is None:
                checker.reject(line, "institution", _("No institution with this name or acronym."))
                continue
            key = _posting_key(named, record["kind"], record["title"], record.get("start"))
            if key in in_file:
                checker.reject(line, "title", _("Same posting as line %(line)s.", line=in_file[key]), True)
            elif key in known:
                checker.reject(line, "title", _("This institution already has this posting."), True)
            else:
                record["institution_id"] = named
                checker.accepted.append((line, record))
                in_file[key] = line
        done += len(chunk)
        _check_progress(job_id, done, len(rows))
    return checker


def _write_opportunities(job_id: int, accepted: list[tuple[int, dict]], actor: User) -> int:
    for chunk in _chunks(accepted, WRITE_CHUNK):
        _write_progress(job_id)
        for _line, record in chunk:
            kind = OpportunityKind(record["kind"])
            if actor.role is Role.MINISTRY:
                postings.create(actor, kind, opportunity_values(record))  # the focal point's own rules
            else:
                db.session.add(_staff_posting(actor, kind, record))
        db.session.flush()
    audit.record("opportunities_imported", actor_id=actor.id, object_type="job", object_id=job_id,
                 count=len(accepted))
    return len(accepted)


def _staff_posting(actor: User, kind: Kind, record: dict) -> Opportunity:
    """Programme staff load postings for any institution, as drafts the institution then opens."""
    values = opportunity_values(record)
    return Opportunity(kind=kind, institution_id=record["institution_id"], created_by_id=actor.id,
                       status=OpportunityStatus.DRAFT,
                       **{key: value for key, value in values.items() if key in kind.fields})
