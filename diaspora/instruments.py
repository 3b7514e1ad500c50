"""Prometheus instruments that domain code updates; diaspora/ops/metrics.py serves them at /metrics.

They live at the bottom of the layers (like extensions.py) so that a domain package can count something without
importing the operations package. Under gunicorn, PROMETHEUS_MULTIPROC_DIR makes every worker write its values
to files there and /metrics adds them up (prometheus_client's multiprocess mode).
"""
from __future__ import annotations

from prometheus_client import Counter, Histogram

MATCH_QUERY_SECONDS = Histogram(
    "ura_match_query_duration_seconds", "Matching queries in the web process (catch-up included), by operation.",
    ["operation"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
LOGIN_FAILURES = Counter("ura_login_failures_total", "Log-in attempts refused (wrong email or password).")
