"""Wiring of the operations package into the app (called by create_app)."""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from diaspora.ops import logs, metrics, sentry


def init_app(app: Flask) -> None:
    proxies = app.config.get("PROXY_COUNT", 0)
    if proxies:
        # Behind nginx the client's address and scheme come from its headers: rate limits count per client,
        # not per proxy, and the METRICS_ALLOW list sees the real caller.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    logs.init_app(app)
    metrics.init_app(app)
    sentry.init_app(app)
