"""Operations: health (/healthz, /readyz), Prometheus /metrics, JSON logs with request ids, error reporting.

Infrastructure at the top of the layers: create_app() wires it (diaspora.ops.setup.init_app); no domain package
imports it. Domain code that measures something updates an instrument in diaspora/instruments.py instead.
How an operator uses all this: docs/operations.md.
"""
from flask import Blueprint

bp = Blueprint("ops", __name__)
