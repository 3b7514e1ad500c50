"""A member's rights over their personal data: consent, export, erasure, retention.

Each domain that stores personal data registers two functions here when it is imported:
an exporter (everything it holds about a user, as JSON-ready dicts) and an eraser (removes
or anonymises it). Export and erasure then cover every domain without knowing them.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from email import message_from_bytes, policy

from flask import current_app
from sqlalchemy import delete, or_, select, update

from diaspora import audit
from diaspora.auth.models import Role, User
from diaspora.auth.sessions import revoke_all_sessions
from diaspora.auth.tokens import random_secret
from diaspora.extensions import db
from diaspora.mail import QueuedMail
from diaspora.timeutil import utcnow

log = logging.getLogger(__name__)

Exporter = Callable[[User], object]
Eraser = Callable[[User], None]
_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register(name: str, exporter: Exporter, eraser: Eraser) -> None:
    _exporters[name] = exporter
    _erasers[name] = eraser


def export_personal_data(user: User, actor: User) -> dict:
    """Everything Ura holds about this user, by domain."""
    data = {"exported_at": utcnow().isoformat(timespec="seconds"),
            "account": {"email": user.email, "role": user.role.value, "locale": user.locale,
                        "created_at": user.created_at.isoformat(), "email_verified_at":
                        user.email_verified_at.isoformat() if user.email_verified_at else None,
                        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None}}
    for name, exporter in sorted(_exporters.items()):
        data[name] = exporter(user)
    audit.record("personal_data_exported", actor_id=actor.id, object_type="user", object_id=user.id,
                 subject_user_id=user.id)
    return data


def erase_user(user: User, actor: User | None) -> None:
    """Remove personal data everywhere; programme records stay as anonymised rows.

    The user row itself stays (other rows point at it) but holds nothing personal.
    """
    user_id = user.id
    for eraser in _erasers.values():
        eraser(user)
    _erase_outbox_mail(user.email)
    user.email = f"erased-{user_id}@erased.invalid"
    user.display_name = ""
    user.set_password(random_secret())
    user.active = False
    user.locale = None
    user.email_verified_at = None
    revoke_all_sessions(user)
    audit.record("personal_data_erased", actor_id=actor.id if actor else None, object_type="user",
                 object_id=user_id, subject_user_id=user_id)
    db.session.flush()


def _erase_outbox_mail(email: str) -> None:
    db.session.execute(delete(QueuedMail).where(QueuedMail.recipient == email))
    outbox = current_app.config["MAIL_OUTBOX_DIR"]
    if not outbox.exists():
        return
    for path in outbox.glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if (message["To"] or "").strip().lower() == email.lower():
            path.unlink()


def inactive_users(days: int) -> list[User]:
    """Members who have not logged in (or never logged in since registering) for `days` days."""
    cutoff = utcnow() - timedelta(days=days)
    return list(db.session.scalars(select(User).where(
        User.role == Role.MEMBER, User.active.is_(True),
        or_(User.last_login_at < cutoff, (User.last_login_at.is_(None)) & (User.created_at < cutoff)))))


def purge_inactive(days: int) -> int:
    users = inactive_users(days)
    for user in users:
        erase_user(user, actor=None)
    return len(users)


def delete_rows_of(model, user: User) -> None:
    """Eraser helper for tables whose rows belong to one user through `user_id`."""
    db.session.execute(delete(model).where(model.user_id == user.id))


def _export_audit(user: User) -> list[dict]:
    events = db.session.scalars(select(audit.AuditEvent).where(
        or_(audit.AuditEvent.actor_id == user.id, audit.AuditEvent.subject_user_id == user.id))
        .order_by(audit.AuditEvent.id))
    return [{"at": e.created_at.isoformat(), "action": e.action, "object": f"{e.object_type}:{e.object_id}",
             "ip": e.ip} for e in events]


def _erase_audit(user: User) -> None:
    # The trail of what happened stays; the network address that identifies the person goes.
    db.session.execute(update(audit.AuditEvent).where(
        or_(audit.AuditEvent.actor_id == user.id, audit.AuditEvent.subject_user_id == user.id)).values(ip=""))


register("audit_log", _export_audit, _erase_audit)
