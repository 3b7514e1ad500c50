"""Session rules: server-side revocation by generation, idle and absolute timeouts."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from diaspora.auth.models import User
from diaspora.extensions import db, login_manager
from diaspora.timeutil import utcnow


def load_user(user_id: str) -> User | None:
    """Session ids are "<id>:<generation>"; a bumped generation revokes every older session."""
    raw_id, _, raw_generation = user_id.partition(":")
    if not (raw_id.isdigit() and raw_generation.isdigit()):
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or user.session_generation != int(raw_generation):
        return None
    return user


def start_session(remember: bool) -> None:
    now = utcnow().timestamp()
    session["started_at"] = now
    session["seen_at"] = now
    session["remember"] = remember


def revoke_all_sessions(user: User) -> None:
    user.session_generation += 1


def enforce_timeouts() -> None:
    if not current_user.is_authenticated:
        return
    config = current_app.config
    now = utcnow().timestamp()
    started = session.get("started_at", now)
    seen = session.get("seen_at", now)
    idle = timedelta(minutes=config["SESSION_IDLE_MINUTES"]).total_seconds()
    absolute = timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]).total_seconds()
    remembered = session.get("remember", False)
    if (now - started > absolute) or (now - seen > idle and not remembered):
        logout_user()
        session.clear()
        return
    session["seen_at"] = now
    session.setdefault("started_at", now)


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.before_request(enforce_timeouts)
