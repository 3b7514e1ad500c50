"""/healthz, /readyz and /metrics: JSON or Prometheus text, never cached, no rate limit, no session cookie."""
from __future__ import annotations

from flask import Response, abort, current_app, jsonify, session

from diaspora.extensions import limiter
from diaspora.ops import bp, health, metrics


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.after_request
def _no_session(response):
    # Probes and scrapers carry no session; should one send a cookie, it is not renewed either.
    session.modified = False
    return response


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """The process answers: nothing else is checked (a restart cures nothing the database causes)."""
    return _no_store(jsonify(status="ok"))


@bp.route("/readyz")
@limiter.exempt
def readyz():
    ready, checks = health.readiness()
    failing = sorted(name for name, result in checks.items() if not result["ok"])
    response = jsonify(status="ready" if ready else "unavailable", failing=failing, checks=checks)
    response.status_code = 200 if ready else 503
    return _no_store(response)


@bp.route("/metrics", endpoint="metrics")
@limiter.exempt
def scrape():
    if not metrics.allowed():
        if current_app.config.get("METRICS_TOKEN"):
            return Response(status=401, headers={"WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store"})
        abort(403)
    return metrics.exposition()
