"""Signed, expiring, single-use tokens for email verification and password reset.

Single use without a table: each token embeds a fingerprint of the state it changes
(the password hash for a reset, the email and its verified flag for verification), so it
stops verifying as soon as it has been used.
"""
from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from diaspora.auth.models import User
from diaspora.extensions import db

VERIFY = "verify-email"
RESET = "reset-password"


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"ura-{purpose}")


def _fingerprint(user: User, purpose: str) -> str:
    state = user.password_hash if purpose == RESET else f"{user.email}|{user.email_verified_at}"
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"uid": user.id, "fp": _fingerprint(user, purpose)})


def read_token(token: str, purpose: str) -> User | None:
    """Return the user the token is for, or None if it is forged, expired or already used."""
    max_age = current_app.config["RESET_TOKEN_MAX_AGE" if purpose == RESET else "EMAIL_TOKEN_MAX_AGE"]
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        return None
    user = db.session.get(User, data["uid"])
    if user is None or data.get("fp") != _fingerprint(user, purpose):
        return None
    return user


def random_secret() -> str:
    """An unguessable placeholder password for accounts whose owner will set their own."""
    return secrets.token_urlsafe(32)
