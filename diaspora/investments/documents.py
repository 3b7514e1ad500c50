"""The documents behind a Development Agent's certification: uploaded by the applicant, reviewed one by one.

Connect Albania certifies members who are 18 or older, have lived abroad five years or more and finished
secondary education; each of the three is proven by a document (DocumentKind). A file is checked by its
bytes (PDF, JPEG or PNG, no active content), stored outside static/ (document_files), and opened only by the
applicant and program officers, an officer's opening being audited. An officer accepts each document or asks
for it again with a reason the applicant reads; certification waits until all three are accepted.
"""
from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.utils import secure_filename

from diaspora import audit, privacy
from diaspora.auth.models import Role, User
from diaspora.concurrency import current_row, flush_versioned
from diaspora.cv.filetypes import SCAN_TYPES, UnsafeFile, sniff
from diaspora.errors import Conflict, Forbidden, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.investments import document_files
from diaspora.investments.models import AgentDocument, DocumentKind, DocumentStatus
from diaspora.members.services import profile_of
from diaspora.notifications.models import NotificationKind
from diaspora.notifications.services import notify
from diaspora.timeutil import utcnow


@dataclass(frozen=True)
class Requirement:
    kind: DocumentKind
    title: object  # lazy strings: shown in the reader's language
    help: object


REQUIRED = (
    Requirement(DocumentKind.IDENTITY, _l("Proof of identity and age"),
                _l("Your passport or identity card, showing your date of birth: agents are 18 or older.")),
    Requirement(DocumentKind.RESIDENCE, _l("Proof of five or more years abroad"),
                _l("Residence permits, registration certificates, or tax or employment records that together "
                   "cover at least five years of living outside Albania.")),
    Requirement(DocumentKind.EDUCATION, _l("Secondary-school diploma or higher"),
                _l("Your secondary-school (high school) diploma, or a higher degree.")),
)
TITLES = {r.kind: r.title for r in REQUIRED}
REFUSALS = {
    "empty": _l("The file is empty."),
    "type": _l("Upload a PDF, JPEG or PNG file."),
    "active": _l("This file contains active content (scripts or embedded files) and cannot be accepted."),
    "encrypted": _l("This PDF is password-protected. Upload a version without a password."),
    "corrupt": _l("This file is damaged or not really a PDF, JPEG or PNG file."),
    "size": _l("This file is too large."),
}


def documents_of(user_id: int) -> dict[DocumentKind, AgentDocument]:
    return {d.kind: d for d in db.session.scalars(select(AgentDocument).where(AgentDocument.user_id == user_id))}


def all_uploaded(held: dict[DocumentKind, AgentDocument]) -> bool:
    """Every required document is there (of `documents_of()`) and none is waiting to be uploaded again."""
    return all(r.kind in held and held[r.kind].status is not DocumentStatus.RESUBMIT for r in REQUIRED)


def all_accepted(held: dict[DocumentKind, AgentDocument]) -> bool:
    return all(r.kind in held and held[r.kind].status is DocumentStatus.ACCEPTED for r in REQUIRED)


def upload(user: User, kind: DocumentKind, filename: str, data: bytes) -> AgentDocument:
    """Check and keep an applicant's document, replacing one not yet accepted; it waits for an officer."""
    profile = profile_of(user) if user.role is Role.MEMBER else None
    if profile is None or not profile.is_agent:
        raise Forbidden(_("Only diaspora members who are Development Agents upload these documents."))
    if len(data) > current_app.config["MAX_CONTENT_LENGTH"]:
        raise InvalidInput(str(REFUSALS["size"]), field="file")
    try:
        file_kind = sniff(data, SCAN_TYPES)
    except UnsafeFile as refusal:
        raise InvalidInput(str(REFUSALS[str(refusal)]), field="file") from refusal
    document = documents_of(user.id).get(kind)
    if document is not None and document.status is DocumentStatus.ACCEPTED:
        raise Conflict(_("This document is already accepted."))
    stored_name = document_files.store(data, file_kind.extension)
    if document is None:
        document = AgentDocument(user_id=user.id, kind=kind)
        db.session.add(document)
    else:
        document_files.delete_on_commit(document.stored_name)
    document.stored_name, document.mime_type, document.size_bytes = stored_name, file_kind.mime_type, len(data)
    document.display_name = (secure_filename(filename) or f"{kind.value}{file_kind.extension}")[:120]
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.status, document.reason, document.uploaded_at = DocumentStatus.SUBMITTED, "", utcnow()
    document.reviewed_at = document.reviewer_id = None
    flush_versioned()
    audit.record("agent_document_uploaded", actor_id=user.id, object_type="agent_document", object_id=document.id,
                 subject_user_id=user.id, kind=kind.value)
    return document


def open_document(viewer: User, document_id: int) -> tuple[bytes, AgentDocument]:
    """The applicant and program officers may open a document; anyone else gets 404."""
    document = db.session.get(AgentDocument, document_id)
    if document is None or not (viewer.id == document.user_id or viewer.role is Role.OFFICER):
        raise NotFound(_("This document does not exist."))
    data = document_files.read(document.stored_name)
    if data is None:
        raise NotFound(_("This document does not exist."))
    if viewer.id != document.user_id:
        audit.record("agent_document_viewed", actor_id=viewer.id, object_type="agent_document",
                     object_id=document.id, subject_user_id=document.user_id, kind=document.kind.value)
    return data, document


def review(officer: User, document_id: int, accept: bool, reason: str = "",
           expected_version: int | None = None) -> AgentDocument:
    """Accept a submitted document, or ask for it again with a reason the applicant is told."""
    if officer.role is not Role.OFFICER:
        raise Forbidden(_("Only program officers review documents."))
    document = current_row(AgentDocument, document_id, expected_version, _("This document does not exist."))
    if document.status is not DocumentStatus.SUBMITTED:
        raise Conflict(_("This document has already been reviewed."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise InvalidInput(_("Say what is wrong with the document: the applicant will read it."), field="reason")
    document.status = DocumentStatus.ACCEPTED if accept else DocumentStatus.RESUBMIT
    document.reason, document.reviewed_at, document.reviewer_id = reason, utcnow(), officer.id
    flush_versioned()
    audit.record("agent_document_accepted" if accept else "agent_document_asked_again", actor_id=officer.id,
                 object_type="agent_document", object_id=document.id, subject_user_id=document.user_id,
                 kind=document.kind.value)
    if not accept:
        title = TITLES[document.kind]
        with force_locale("sq"):
            title_sq = str(title)
        with force_locale("en"):
            title_en = str(title)
        notify(document.user, NotificationKind.ACCOUNT, "agent_document_again",
               link=url_for("investments.index", _external=True), document=title_en, document_sq=title_sq,
               reason=reason)
    return document


def _export(user: User) -> list[dict]:
    held = documents_of(user.id)
    out = []
    for document in (held[r.kind] for r in REQUIRED if r.kind in held):
        data = document_files.read(document.stored_name)
        out.append({"kind": document.kind.value, "file_name": document.display_name, "mime_type": document.mime_type,
                    "uploaded_at": document.uploaded_at.isoformat(), "status": document.status.value,
                    "reason": document.reason,
                    "content_base64": base64.b64encode(data).decode() if data is not None else None})
    return out


def _erase(user: User) -> None:
    for document in documents_of(user.id).values():
        document_files.delete_on_commit(document.stored_name)
        db.session.delete(document)


privacy.register("agent_documents", _export, _erase)
