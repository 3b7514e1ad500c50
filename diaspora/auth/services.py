"""Account use cases. Request-free: they take values and the acting user, flush, never commit."""
from __future__ import annotations

import logging
import secrets
from functools import lru_cache

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from diaspora import audit
from diaspora.auth import tokens
from diaspora.auth.models import Role, User
from diaspora.auth.passwords import password_problem
from diaspora.auth.sessions import revoke_all_sessions
from diaspora.errors import Forbidden, InvalidInput
from diaspora.extensions import db
from diaspora.institutions.models import Institution
from diaspora.mail import queue_mail
from diaspora.timeutil import utcnow

log = logging.getLogger(__name__)



@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    """Checked when the email is unknown, so a wrong email costs as much time as a wrong password."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    # Emails are stored normalised (see normalise_email), so equality uses the unique index.
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _mail_user(user: User, template: str, subject: LazyString, **context) -> None:
    with force_locale(user.locale or "sq"):
        body = render_template(f"mail/{template}.txt", user=user, **context)
        queue_mail(user.email, str(subject), body)


def send_verification(user: User) -> None:
    link = url_for("auth.verify", token=tokens.make_token(user, tokens.VERIFY), _external=True)
    _mail_user(user, "verify", _l("Confirm your email for Ura"), link=link)


def register_member(email: str, password: str, locale: str = "sq") -> User | None:
    """Create an unverified member and mail a verification link.

    An address that already has an account gets a notice instead, and the caller shows the
    same page either way, so registration does not reveal who is registered.
    """
    email = normalise_email(email)
    problem = password_problem(password, email)
    if problem:
        raise InvalidInput(problem, field="password")
    existing = find_user_by_email(email)
    if existing is not None:
        _mail_user(existing, "already_registered", _l("Someone tried to register with your email"),
                   login_link=url_for("auth.login", _external=True),
                   reset_link=url_for("auth.request_reset", _external=True))
        return None
    user = User(email=email, role=Role.MEMBER, locale=locale if locale in ("sq", "en") else "sq")
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    send_verification(user)
    return user


def verify_email(token: str) -> User | None:
    user = tokens.read_token(token, tokens.VERIFY)
    if user is None:
        return None
    user.email_verified_at = utcnow()
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the user when email and password match an active account; None otherwise."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def request_password_reset(email: str) -> None:
    user = find_user_by_email(email)
    if user is None or not user.active:
        log.info("password reset asked for an unknown or inactive address")
        return
    link = url_for("auth.reset", token=tokens.make_token(user, tokens.RESET), _external=True)
    _mail_user(user, "reset", _l("Reset your Ura password"), link=link)


def reset_password(token: str, new_password: str) -> User | None:
    user = tokens.read_token(token, tokens.RESET)
    if user is None:
        return None
    _set_new_password(user, new_password)
    # Following a link from the inbox proves control of the address.
    user.email_verified_at = user.email_verified_at or utcnow()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise InvalidInput(_("The current password is not correct."), field="current_password")
    _set_new_password(user, new_password)


def _set_new_password(user: User, new_password: str) -> None:
    problem = password_problem(new_password, user.email)
    if problem:
        raise InvalidInput(problem, field="password")
    user.set_password(new_password)
    revoke_all_sessions(user)
    audit.record("password_changed", actor_id=user.id, object_type="user", object_id=user.id,
                 subject_user_id=user.id)


def create_staff_user(email: str, role: Role, institution_id: int | None, acting: User | None,
                      display_name: str = "", password: str | None = None) -> User:
    """Admins create ministry, officer and admin accounts (web page or `flask users create`).

    Without a password the new user gets a link to choose one (the reset flow).
    """
    if acting is not None and acting.role is not Role.ADMIN:
        raise Forbidden(_("Only an administrator can create accounts."))
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise InvalidInput(_("An account with this email already exists."), field="email")
    if role is Role.MINISTRY:
        if institution_id is None or db.session.get(Institution, institution_id) is None:
            raise InvalidInput(_("A ministry focal point belongs to one institution."), field="institution_id")
    else:
        institution_id = None
    user = User(email=email, role=role, institution_id=institution_id, display_name=display_name,
                email_verified_at=utcnow(), locale="sq")
    if password is not None:
        problem = password_problem(password, email)
        if problem:
            raise InvalidInput(problem, field="password")
        user.set_password(password)
    else:
        user.set_password(tokens.random_secret())
    db.session.add(user)
    db.session.flush()
    if password is None:
        link = url_for("auth.reset", token=tokens.make_token(user, tokens.RESET), _external=True)
        _mail_user(user, "welcome_staff", _l("Your Ura account"), link=link)
    audit.record("role_granted", actor_id=acting.id if acting else None, object_type="user", object_id=user.id,
                 subject_user_id=user.id, role=role.value, institution_id=institution_id)
    return user


def set_active(user: User, active: bool, acting: User) -> None:
    if acting.role is not Role.ADMIN:
        raise Forbidden(_("Only an administrator can change accounts."))
    if user.id == acting.id and not active:
        raise InvalidInput(_("You cannot deactivate your own account."))
    user.active = active
    if not active:
        revoke_all_sessions(user)
    audit.record("account_activated" if active else "account_deactivated", actor_id=acting.id,
                 object_type="user", object_id=user.id, subject_user_id=user.id)
