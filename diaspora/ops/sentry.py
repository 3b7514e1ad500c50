"""Optional error reporting to Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is set.

Without SENTRY_DSN nothing is imported or sent. With it, an unhandled error reaches Sentry once, through the
log record errors.py writes (the logging integration), tagged with the request id the person was shown.
Personal data stays out: `data_collection` (this SDK's successor of send_default_pii=False, stricter) sends no
user details, cookies, query strings, bodies, local variables or database values, and of the headers only
three harmless ones.
"""
from __future__ import annotations

from flask import Flask

from diaspora.ops.logs import request_id

NO_PERSONAL_DATA = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "url_query_params": {"mode": "off"},
    "http_headers": {"request": {"mode": "allowlist", "terms": ["user-agent", "accept-language", "content-type"]}},
    "http_bodies": [],
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
}


def init_app(app: Flask) -> None:
    dsn = app.config.get("SENTRY_DSN", "")
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn, environment=app.config.get("SENTRY_ENVIRONMENT", "production"),
        data_collection=NO_PERSONAL_DATA, max_request_body_size="never", traces_sample_rate=0,
        integrations=[FlaskIntegration(), LoggingIntegration(event_level="ERROR")],
    )

    @app.before_request
    def tag_request_id() -> None:
        sentry_sdk.set_tag("request_id", request_id())
