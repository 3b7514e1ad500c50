"""Optional error reporting to Sentry (or a compatible service such as GlitchTip) when SENTRY_DSN is set.

Without SENTRY_DSN nothing is imported or sent. With it, an unhandled error reaches Sentry once, through the
log record errors.py writes (the logging integration), tagged with the request id the person was shown.
send_default_pii=False keeps addresses, cookies and user details out; request bodies are never sent.
"""
from __future__ import annotations

from flask import Flask

from diaspora.ops.logs import request_id


def init_app(app: Flask) -> None:
    dsn = app.config.get("SENTRY_DSN", "")
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn, environment=app.config.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False, max_request_body_size="never", traces_sample_rate=0,
        integrations=[FlaskIntegration(), LoggingIntegration(event_level="ERROR")],
    )

    @app.before_request
    def tag_request_id() -> None:
        sentry_sdk.set_tag("request_id", request_id())
