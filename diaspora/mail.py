"""Outgoing mail: queued in the change's own transaction, delivered once it commits.

`queue_mail()` adds a row to `queued_mails` beside the change that causes the mail, so a change that is
refused or rolled back never mails anyone, and a committed one always will: the row is delivered right
after the commit (transactions.on_commit) and deleted once sent. A mail that cannot be delivered then (SMTP
down) stays queued with a growing delay; `flask mail deliver` (schedule it every few minutes) sends what is
due. Delivery is SMTP when MAIL_SERVER is configured, otherwise an .eml file in the outbox folder, so the
whole product works offline (development, tests, demos): a verification link can be opened straight from
instance/outbox/.
"""
from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, Session, mapped_column

from diaspora import transactions
from diaspora.extensions import db
from diaspora.timeutil import utcnow

log = logging.getLogger(__name__)

# A mail claimed by a process that died while sending is claimed again after this long.
CLAIM_TIMEOUT = timedelta(minutes=10)
MAX_RETRY_DELAY = timedelta(hours=6)


class QueuedMail(db.Model):
    """A mail waiting for delivery; the row is deleted once the mail is sent."""
    __tablename__ = "queued_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(sa.String(200), default="")


def queue_mail(to: str, subject: str, body: str) -> QueuedMail:
    """Queue a plain-text message in the current transaction; it is sent after the commit."""
    now = utcnow()
    mail = QueuedMail(recipient=to, subject=subject[:300], body=body, created_at=now, next_attempt_at=now)
    db.session.add(mail)
    transactions.on_commit(lambda: _deliver_committed(mail))
    return mail


def _deliver_committed(mail: QueuedMail) -> None:
    state = sa.inspect(mail)
    if state.persistent and state.identity:  # not inserted by a savepoint that was rolled back
        deliver(state.identity[0])


def deliver(mail_id: int) -> bool:
    """Send one queued mail unless another process holds it; True when it was sent (and removed)."""
    now = utcnow()
    with Session(db.engine) as session:
        claimed = session.execute(sa.update(QueuedMail).where(
            QueuedMail.id == mail_id,
            sa.or_(QueuedMail.claimed_at.is_(None), QueuedMail.claimed_at < now - CLAIM_TIMEOUT))
            .values(claimed_at=now)).rowcount
        session.commit()
        mail = session.get(QueuedMail, mail_id) if claimed else None
        if mail is None:
            return False
        try:
            where = _transmit(mail.recipient, mail.subject, mail.body)
        except (OSError, smtplib.SMTPException) as error:
            mail.attempts += 1
            mail.last_error = type(error).__name__
            mail.next_attempt_at = utcnow() + min(timedelta(minutes=2 ** mail.attempts), MAX_RETRY_DELAY)
            mail.claimed_at = None
            session.commit()
            log.warning("mail %s not delivered (attempt %s): %s; it stays queued", mail_id, mail.attempts,
                        mail.last_error)
            return False
        session.delete(mail)
        session.commit()
    log.info("mail %s delivered: %s", mail_id, where)
    return True


def deliver_due() -> tuple[int, int]:
    """Send every queued mail that is due (the scheduled retry); (delivered, still queued)."""
    now = utcnow()
    with Session(db.engine) as session:
        due = list(session.scalars(sa.select(QueuedMail.id).where(QueuedMail.next_attempt_at <= now)
                                   .order_by(QueuedMail.id)))
    delivered = sum(deliver(mail_id) for mail_id in due)
    with Session(db.engine) as session:
        remaining = session.scalar(sa.select(sa.func.count(QueuedMail.id))) or 0
    return delivered, remaining


def _transmit(to: str, subject: str, body: str) -> str:
    """Hand one message to SMTP or write it to the outbox; return where it went."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="ura.local")
    message.set_content(body)

    if config["MAIL_SERVER"]:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        return "smtp"

    outbox = config["MAIL_OUTBOX_DIR"]
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    # The log names the file, never the body: it may hold a one-time link.
    return f"outbox {path.name}"


def outbox_messages() -> list[EmailMessage]:
    """Messages in the outbox, oldest first (used by tests and the demo)."""
    outbox = current_app.config["MAIL_OUTBOX_DIR"]
    if not outbox.exists():
        return []
    return [message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(outbox.glob("*.eml"))]
