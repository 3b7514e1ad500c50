"""Bearer authentication with personal API tokens, and the API's error bodies.

Only the Authorization header authenticates: a session cookie sent along is never consulted
(the API reads `auth.current_user`, never Flask-Login's `current_user`), so the API is not
exposed to cross-site request forgery and is exempt from the CSRF token.
"""
from __future__ import annotations

from apiflask import HTTPTokenAuth
from flask import request
from flask_babel import gettext as _

from diaspora import audit
from diaspora.auth.models import Role, User
from diaspora.errors import Forbidden
from diaspora.extensions import db
from diaspora.tokens.services import user_for_token

auth = HTTPTokenAuth(scheme="Bearer", description="A personal API token, created on the page /tokens/.")

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "object"},
    },
    "required": ["error", "message", "status"],
}


ERRORS = {400: "Malformed request body", 401: "No valid token", 403: "The role may not use this operation", 404: "Not found",
          409: "Changed by someone else meanwhile", 422: "Invalid input"}


def responses(*codes: int) -> dict:
    """The error answers an operation documents."""
    return {code: ERRORS[code] for code in codes}


def error_body(status: int, title: str, message: str, detail: dict | None = None) -> dict:
    body = {"error": title, "message": message, "status": status}
    if detail:
        body["detail"] = detail
    return body


@auth.verify_token
def _verify(token: str) -> User | None:
    user = user_for_token(token)
    if user is not None:
        db.session.commit()  # last_used_at
    return user


@auth.error_processor
def _auth_error(error):
    message = _("Send a valid personal API token: Authorization: Bearer <token>.")
    return error_body(error.status_code, error.message, message), error.status_code, error.headers


def acting(*roles: Role) -> User:
    """The token's user, if their role may use this operation; otherwise 403 (and an audit record)."""
    user = auth.current_user
    if roles and user.role not in roles:
        audit.record("access_denied", actor_id=user.id, object_type="api", object_id=(request.endpoint or "")[:40])
        db.session.commit()
        raise Forbidden(_("Your role may not use this operation."))
    return user
