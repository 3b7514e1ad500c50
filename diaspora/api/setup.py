"""The API's documentation page, its error bodies and its place in the app (CSRF, spec settings)."""
from __future__ import annotations

from apiflask import HTTPError
from flask import render_template
from flask_babel import gettext as _

from diaspora.api import bp
from diaspora.api.auth import ERROR_SCHEMA, error_body
from diaspora.extensions import csrf

# Token authentication, no cookies: the CSRF token is not needed (and a session cookie is ignored).
csrf.exempt(bp)

SPEC_SETTINGS = {
    "HTTP_ERROR_SCHEMA": ERROR_SCHEMA,
    "VALIDATION_ERROR_SCHEMA": ERROR_SCHEMA,
    "AUTO_SERVERS": False,
    "INFO": {"description": "Ura's JSON API. Authenticate with a personal token from /tokens/: "
                            "`Authorization: Bearer <token>`. Roles and ownership are those of the web pages."},
    "SECURITY_SCHEMES": None,
}


@bp.record_once
def _configure(state) -> None:
    state.app.config.update(SPEC_SETTINGS)


@bp.errorhandler(HTTPError)
def _validation_error(error: HTTPError):
    # APIFlask's own errors (input validation, malformed bodies) in the same shape as every other error.
    title = _("Invalid input") if error.status_code == 422 else error.message
    message = _("Some values are not valid; see detail.") if error.status_code == 422 else error.message
    return error_body(error.status_code, title, message, error.detail or None), error.status_code, error.headers


@bp.get("/docs")
@bp.doc(hide=True)
def docs():
    return render_template("api/docs.html")
