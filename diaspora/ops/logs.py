"""JSON log lines (structlog over the standard library) with the request id in every line of a request.

Every logger of the application and its libraries goes through one handler on the root logger, so a
`log.warning(...)` anywhere comes out as one JSON object carrying the request id bound for the request (or the
job) it belongs to. Each request adds one line of its own (event "request"): id, user id (never an email),
endpoint, method, status, duration. Personal data stays out: no paths (they hold tokens), no query strings, no
form values, no client address (nginx keeps that in its own log).
"""
from __future__ import annotations

import logging
import re
import sys
import time
import uuid

import structlog
from flask import Flask, Response, current_app, g, request

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is taken as it is only when it looks like one (nginx's $request_id is 32 hex digits).
TRUSTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Load balancers poll these every few seconds: logged only when they fail.
QUIET_ENDPOINTS = frozenset({"ops.healthz", "ops.readyz"})

request_log = structlog.get_logger("ura.request")


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def _shared_processors() -> list:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def formatter(fmt: str = "json") -> logging.Formatter:
    """The formatter of Ura's log lines: one JSON object per line, or aligned text for a person ("console")."""
    renderer = structlog.dev.ConsoleRenderer(colors=False) if fmt == "console" else structlog.processors.JSONRenderer()
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, renderer])


def configure(fmt: str = "json") -> None:
    """Route every log record through one formatted handler on the root logger (idempotent)."""
    structlog.configure(
        processors=[*_shared_processors(), structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(handler)
    handler = _StderrHandler()
    handler.setFormatter(formatter(fmt))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def current_request_id() -> str | None:
    """The id of the request (or job) being served, as bound for its log lines."""
    return structlog.contextvars.get_contextvars().get("request_id")


def _start_request() -> None:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    # Only a trusted proxy's id is kept (nginx sets the header itself, replacing any a client sent).
    trusted = current_app.config.get("PROXY_COUNT", 0) > 0 and TRUSTED_ID.match(offered)
    g.request_id = offered if trusted else uuid.uuid4().hex
    g.request_started = time.perf_counter()
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=g.request_id)


def request_id() -> str:
    """This request's id (made on first use when a hook before ours already answered)."""
    if "request_id" not in g:
        _start_request()
    return g.request_id


def _user_id() -> int | None:
    # The user Flask-Login already loaded for this request, if any: reading it here costs no query.
    user = g.get("_login_user")
    return user.id if user is not None and getattr(user, "is_authenticated", False) else None


def _finish_request(response: Response) -> Response:
    rid = request_id()
    response.headers[REQUEST_ID_HEADER] = rid
    endpoint = request.endpoint or "unmatched"
    if endpoint in QUIET_ENDPOINTS and response.status_code < 400:
        return response
    duration_ms = (time.perf_counter() - g.request_started) * 1000
    rule = request.url_rule.rule if request.url_rule is not None else None
    request_log.info("request", endpoint=endpoint, route=rule, method=request.method,
                     status=response.status_code, duration_ms=round(duration_ms, 1), user_id=_user_id())
    return response


def _forget(_error=None) -> None:
    structlog.contextvars.clear_contextvars()


def init_app(app: Flask) -> None:
    configure(app.config.get("LOG_FORMAT", "json"))
    # First of all hooks, so that a request refused by another hook (rate limit, CSRF) still has its id.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_finish_request)
    app.teardown_request(_forget)
