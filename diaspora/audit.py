"""Audit log of who viewed, exported or changed personal data, logins, denials and role changes.

Rows are append-only: nothing in the application updates or deletes them, except erasure,
which replaces the subject's identifiers with an anonymous marker. Never put a password,
token or personal free text in `details`. An event is part of the change it records: its row commits
or rolls back with it, and its log line is written only once it has committed.
"""
from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import Mapped, mapped_column

from diaspora import transactions
from diaspora.extensions import db
from diaspora.timeutil import utcnow

log = logging.getLogger("ura.audit")


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40), default="")
    object_id: Mapped[str] = mapped_column(sa.String(40), default="")
    subject_user_id: Mapped[int | None] = mapped_column(index=True)  # whose personal data it concerns
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)


def record(action: str, actor_id: int | None = None, object_type: str = "", object_id: object = "",
           subject_user_id: int | None = None, **details) -> AuditEvent:
    event = AuditEvent(action=action, actor_id=actor_id, object_type=object_type, object_id=str(object_id or ""),
                       subject_user_id=subject_user_id, details=details,
                       ip=(request.remote_addr or "") if has_request_context() else "")
    db.session.add(event)
    transactions.on_commit(lambda: _log_committed(event, action, actor_id, object_type, object_id))
    return event


def _log_committed(event: AuditEvent, action: str, actor_id: int | None, object_type: str, object_id) -> None:
    if sa.inspect(event).persistent:  # not inserted by a savepoint that was rolled back
        log.info("audit action=%s actor=%s object=%s:%s", action, actor_id, object_type, object_id)
