"""notify(): one call puts a notification in the recipient's inbox and, if they opted in, their mail.

Mail is written in the recipient's language; the in-app text is rendered in the reader's
language when shown.
"""
from __future__ import annotations

import logging

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from diaspora import privacy
from diaspora.auth.models import User
from diaspora.extensions import db
from diaspora.mail import queue_mail
from diaspora.notifications.messages import MESSAGES, render_message
from diaspora.notifications.models import (
    Notification, NotificationKind, NotificationPreference, OpportunityFitNotice)
from diaspora.privacy import delete_rows_of
from diaspora.timeutil import utcnow

log = logging.getLogger(__name__)


def preference(user_id: int, kind: NotificationKind) -> tuple[bool, bool]:
    """(in_app, email) for this user and kind; both on unless the user turned them off."""
    row = db.session.scalar(select(NotificationPreference).where(
        NotificationPreference.user_id == user_id, NotificationPreference.kind == kind))
    return (row.in_app, row.email) if row else (True, True)


def set_preference(user: User, kind: NotificationKind, in_app: bool, email: bool) -> None:
    row = db.session.scalar(select(NotificationPreference).where(
        NotificationPreference.user_id == user.id, NotificationPreference.kind == kind))
    if row is None:
        row = NotificationPreference(user_id=user.id, kind=kind)
        db.session.add(row)
    row.in_app, row.email = in_app, email
    db.session.flush()


def notify(user: User, kind: NotificationKind, message: str, link: str = "", **params) -> Notification | None:
    if message not in MESSAGES:
        raise ValueError(f"unknown notification message {message!r}")
    in_app, email = preference(user.id, kind)
    note = None
    if in_app:
        note = Notification(user_id=user.id, kind=kind, params={"message": message, **params}, link=link)
        db.session.add(note)
    if email and user.active:
        with force_locale(user.locale or "sq"):
            text = render_message(message, params)
            body = "\n\n".join([text, link, _("You can choose which notifications you receive on your Ura settings page.")])
            queue_mail(user.email, _("Ura: %(text)s", text=text[:120]), body)
        if note is not None:
            note.emailed = True
    db.session.flush()
    return note


def inbox(user: User, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_all_read(user: User) -> None:
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))


def text_of(note: Notification) -> str:
    params = dict(note.params)
    return render_message(params.pop("message", ""), params)


def _export(user: User) -> list[dict]:
    return [{"at": n.created_at.isoformat(), "kind": n.kind.value, "text": text_of(n), "read": n.read_at is not None}
            for n in inbox(user, limit=100_000)]


def _erase(user: User) -> None:
    delete_rows_of(Notification, user)
    delete_rows_of(NotificationPreference, user)
    delete_rows_of(OpportunityFitNotice, user)


privacy.register("notifications", _export, _erase)
