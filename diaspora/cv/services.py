"""CV use cases: upload (type checked by content), text extraction, skill suggestions, access.

The upload checks and stores the file in the request; reading it (text and suggestions) is a
background job, inline without Redis, so the page shows its progress until the suggestions are ready.
"""
from __future__ import annotations

import base64
import hashlib
import re
import uuid
from typing import BinaryIO

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.utils import secure_filename

from diaspora import audit, privacy
from diaspora.auth.models import Role, User
from diaspora.concurrency import flush_versioned
from diaspora.cv.extract import extract_text
from diaspora.cv.filetypes import UnsafeFile, sniff
from diaspora.cv.models import CvDocument
from diaspora.errors import Forbidden, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.jobs import services as job_pages
from diaspora.jobs.models import Job
from diaspora.jobs.runner import report, submit
from diaspora.taxonomy_names import taxonomy_name
from diaspora.members.services import profile_of
from diaspora.storage import delete_after_change, save_for_change, storage
from diaspora.timeutil import utcnow
from matching.taxonomy import default_taxonomy

REFUSALS = {
    "empty": _l("The file is empty."),
    "type": _l("Upload a PDF or a Word (.docx) file."),
    "active": _l("This file contains active content (scripts, macros or embedded files) and cannot be accepted."),
    "encrypted": _l("This PDF is password-protected. Upload a version without a password."),
    "corrupt": _l("This file is damaged or not really a PDF or Word document."),
    "size": _l("This document is too large once unpacked."),
}
# A CV line is cut into short pieces before lookup: list separators, and the conjunctions of the six languages.
_PIECES = re.compile(r"[,;:•·|/()\[\]\t]+|\s(?:and|und|et|e|ed|y|dhe|και)\s|\s[-–]\s", re.IGNORECASE)
MAX_PIECE_WORDS = 12
MAX_SUGGESTIONS = 40
PARSE_JOB = "parse_cv"

job_pages.register_kind(PARSE_JOB, _l("Reading a CV"))


def cv_key(stored_name: str) -> str:
    """Where the file lives in the shared storage (every host and worker reads it there)."""
    return f"cv/{stored_name}"


def cv_of(user: User) -> CvDocument | None:
    return db.session.scalar(select(CvDocument).where(CvDocument.user_id == user.id))


def suggest_skills(text: str, known_skills: list[str]) -> list[dict]:
    """Taxonomy skills the CV mentions, skipping those already on the profile."""
    taxonomy = default_taxonomy()
    have = {match.id for s in known_skills if (match := taxonomy.normalize(s))}
    found: dict[str, dict] = {}
    for line in text.splitlines():
        for piece in _PIECES.split(line):
            piece = " ".join(piece.split())
            if not piece or len(piece.split()) > MAX_PIECE_WORDS or len(piece) < 2:
                continue
            match = taxonomy.normalize(piece)
            if match and match.id not in have and match.id not in found:
                found[match.id] = {"id": match.id, "name": match.name, "text": piece[:120]}
            if len(found) >= MAX_SUGGESTIONS:
                return list(found.values())
    return list(found.values())


def upload_cv(user: User, filename: str, data: bytes) -> CvDocument:
    """Check and store the file; `start_reading` then extracts its text and suggestions in a job."""
    if user.role is not Role.MEMBER:
        raise Forbidden(_("Only diaspora members upload a CV."))
    try:
        kind = sniff(data)
    except UnsafeFile as refusal:
        raise InvalidInput(str(REFUSALS[str(refusal)]), field="file") from refusal
    stored_name = f"{uuid.uuid4().hex}{kind.extension}"
    save_for_change(cv_key(stored_name), data)
    previous = cv_of(user)
    if previous is not None:
        delete_after_change(cv_key(previous.stored_name))
        db.session.delete(previous)
        db.session.flush()
    document = CvDocument(
        user_id=user.id, stored_name=stored_name, mime_type=kind.mime_type, size_bytes=len(data),
        display_name=(secure_filename(filename) or f"cv{kind.extension}")[:120],
        sha256=hashlib.sha256(data).hexdigest())
    db.session.add(document)
    db.session.flush()
    return document


def start_reading(user: User, document: CvDocument) -> Job:
    """Queue the text extraction and suggestions (commit the upload first: the job has its own session)."""
    return submit(PARSE_JOB, read_cv, document.id, created_by=user)


def read_cv(job_id: int, document_id: int) -> dict:
    """Job: the CV's text and the taxonomy skills it mentions, for the member to accept or discard."""
    report(job_id, 10, _("Reading your CV…"))
    document = db.session.get(CvDocument, document_id)
    if document is None:  # replaced by a newer upload, or erased, while waiting
        return {"skills": 0}
    try:
        text = extract_text(storage().read(cv_key(document.stored_name)), document.mime_type)
    except FileNotFoundError:
        return {"skills": 0}
    except Exception as error:  # a parser crash on a hostile file is a refusal, not a crash
        raise InvalidInput(str(REFUSALS["corrupt"]), field="file") from error
    report(job_id, 60, _("Looking for skills in your CV…"))
    profile = profile_of(db.session.get(User, document.user_id))
    document.text, document.parsed_at = text, utcnow()
    document.suggestions = suggest_skills(text, profile.skills if profile else [])
    db.session.flush()
    return {"skills": len(document.suggestions)}


def reading_job(user: User, document: CvDocument) -> Job | None:
    """The latest job reading this CV (to show its progress, or why it failed)."""
    jobs = db.session.scalars(select(Job).where(Job.kind == PARSE_JOB, Job.created_by_id == user.id)
                              .order_by(Job.id.desc()).limit(5))
    return next((job for job in jobs if job.args == [document.id]), None)


def review_suggestions(user: User, accepted_ids: set[str]) -> int:
    """Add the accepted skills to the member's profile, named as the member reads them; the rest are discarded."""
    document = cv_of(user)
    if document is None:
        raise NotFound(_("You have not uploaded a CV."))
    profile = profile_of(user)
    if profile is None:
        raise InvalidInput(_("Build your profile first, then add skills from your CV."))
    chosen = [taxonomy_name(s["name"]) for s in document.suggestions if s["id"] in accepted_ids]
    existing = {s.casefold() for s in profile.skills}
    profile.skills = list(profile.skills) + [name for name in chosen if name.casefold() not in existing]
    document.suggestions = []
    flush_versioned()
    return len(chosen)


def open_cv(viewer: User, owner_id: int) -> tuple[BinaryIO, CvDocument]:
    """The member and program officers (and admins) may open a CV; anyone else gets 404."""
    owner = db.session.get(User, owner_id)
    document = cv_of(owner) if owner else None
    if document is None or not (viewer.id == owner_id or viewer.role in (Role.OFFICER, Role.ADMIN)):
        raise NotFound(_("This CV does not exist."))
    if viewer.id != owner_id:
        audit.record("cv_viewed", actor_id=viewer.id, object_type="cv", object_id=document.id,
                     subject_user_id=owner_id)
    try:
        return storage().open(cv_key(document.stored_name)), document
    except FileNotFoundError as missing:
        raise NotFound(_("This CV does not exist.")) from missing


def _export(user: User) -> dict | None:
    document = cv_of(user)
    if document is None:
        return None
    try:
        content = base64.b64encode(storage().read(cv_key(document.stored_name))).decode()
    except FileNotFoundError:
        content = None
    return {"file_name": document.display_name, "mime_type": document.mime_type,
            "uploaded_at": document.uploaded_at.isoformat(), "text": document.text,
            "content_base64": content}


def _erase(user: User) -> None:
    document = cv_of(user)
    if document is not None:
        storage().delete(cv_key(document.stored_name))
        db.session.delete(document)


privacy.register("cv", _export, _erase)
