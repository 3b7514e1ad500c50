"""Domain errors raised by services, and the handlers that turn them into HTTP answers.

Services never build responses; views and the API let these propagate.
"""
from __future__ import annotations

import logging

import structlog
from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from jinja2 import Environment
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from diaspora.extensions import db

log = logging.getLogger(__name__)
# Plain Jinja, outside Flask's context processors (they read the user from the database, which may be down).
FALLBACK_PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html><head><meta charset="utf-8"><title>{{ title }}</title></head><body><h1>{{ title }}</h1><p>{{ message }}</p>
{% if request_id %}<p>{{ reference }}: <code>{{ request_id }}</code></p>{% endif %}</body></html>""")


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str = "", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    status_code = 422


class NotFound(DomainError):
    status_code = 404


class Forbidden(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409


class ServiceUnavailable(DomainError):
    """A service Ura depends on (mail, Redis) failed; the use case was rolled back."""
    status_code = 503


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def _request_id() -> str:
    # The id diaspora.ops binds for the request's log lines: quoting it finds them (and the traceback).
    return structlog.contextvars.get_contextvars().get("request_id", "")


def _render(status: int, title: str, message: str) -> Response:
    if _wants_json():
        response = jsonify({"error": title, "message": message, "status": status, "request_id": _request_id()})
    else:
        try:
            page = render_template("errors/error.html", status=status, title=title, message=message,
                                   request_id=_request_id())
        except Exception:
            # The full page needs the layout, the user and the database; when those fail too, a plain page
            # still tells the person what happened and which reference to quote (never a bare 500).
            log.exception("error page could not be rendered")
            page = FALLBACK_PAGE.render(title=title, message=message, request_id=_request_id(),
                                        reference=_("Reference to quote if you contact us"))
        response = make_response(page)
    response.status_code = status
    return response


def _title(status: int) -> str:
    """The page's heading in the reader's language (Werkzeug's names, "Not Found"..., are English only)."""
    titles = {400: _("Bad request"), 401: _("Not logged in"), 403: _("Not allowed"), 404: _("Not found"),
              405: _("Not allowed here"), 409: _("Conflict"), 413: _("Too large"), 422: _("Invalid input"),
              429: _("Too many attempts"), 500: _("Something went wrong"), 503: _("Service unavailable")}
    return titles.get(status, _("Error"))


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        return _render(error.status_code, _title(error.status_code), error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            400: _("The request could not be understood."),
            403: _("You do not have access to this page."),
            404: _("This page does not exist."),
            405: _("This action is not allowed here."),
            413: _("The file is too large."),
            429: _("Too many attempts. Please wait a few minutes and try again."),
            500: _("We could not complete this request. Nothing was saved."),
        }
        # Werkzeug's descriptions are English only: a code without a message of ours gets a general one.
        message = messages.get(error.code or 500, _("This request could not be completed."))
        return _render(error.code or 500, _title(error.code or 500), message)

    @app.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        # A uniqueness or check constraint caught what a service's own check missed (often a race).
        db.session.rollback()
        return _render(409, _("Conflict"), _("This conflicts with a record that already exists. Nothing was saved."))

    @app.errorhandler(DataError)
    def data_error(error: DataError):
        # A value the database cannot hold (a number out of range, say) is bad input, not an outage.
        log.warning("value refused by the database: %s", type(error.orig).__name__)
        db.session.rollback()
        return _render(400, _("Bad request"), _("A value in this request is out of range. Nothing was saved."))

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error: Exception):
        # Connection failures become a clear 503; the pool's pre-ping recovers when the database returns.
        log.warning("database unavailable: %s", type(error).__name__)
        db.session.rollback()
        response = _render(503, _("Service unavailable"),
                           _("The database is not reachable right now. Please try again in a minute."))
        response.headers["Retry-After"] = "30"
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # Logged once, with the traceback; the request id comes with the line (and tags the Sentry event).
        log.exception("unhandled error on %s %s", request.method, request.endpoint or "unmatched")
        db.session.rollback()
        return _render(500, _("Something went wrong"),
                       _("We could not complete this request. Nothing was saved."))
