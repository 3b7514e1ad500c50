"""Outgoing mail: SMTP when MAIL_SERVER is configured, otherwise an .eml file in the outbox.

The outbox lets the whole product work offline (development, tests, demos): a verification
link can be opened straight from instance/outbox/.
"""
from __future__ import annotations

import logging
import smtplib
import uuid
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app
from flask_babel import gettext as _

from diaspora.errors import ServiceUnavailable
from diaspora.timeutil import utcnow

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str) -> str:
    """Send a plain-text message; return where it went ("smtp" or the outbox file path)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="ura.local")
    message.set_content(body)

    if config["MAIL_SERVER"]:
        try:
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
                if config["MAIL_USE_TLS"]:
                    smtp.starttls()
                if config["MAIL_USERNAME"]:
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("SMTP delivery failed: %s", type(error).__name__)
            # The caller's transaction rolls back: no account without its verification mail.
            raise ServiceUnavailable(_("We could not send email just now. Nothing was saved; "
                                       "please try again in a few minutes.")) from error
        log.info("mail sent by SMTP: subject=%r", subject)
        return "smtp"

    outbox = config["MAIL_OUTBOX_DIR"]
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / f"{utcnow():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    # The log names the file, never the body: it may hold a one-time link.
    log.info("mail written to outbox: %s subject=%r", path.name, subject)
    return str(path)


def outbox_messages() -> list[EmailMessage]:
    """Messages in the outbox, oldest first (used by tests and the demo)."""
    outbox = current_app.config["MAIL_OUTBOX_DIR"]
    if not outbox.exists():
        return []
    return [message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(outbox.glob("*.eml"))]
