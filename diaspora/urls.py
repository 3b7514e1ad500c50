"""URLs: ids in paths checked against what the database can hold before any query runs; safe redirect targets."""
from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter

MAX_DATABASE_ID = 2**31 - 1  # PostgreSQL INTEGER primary keys (SQLite's are wider)


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` with an upper bound of MAX_DATABASE_ID unless the rule sets its own: a larger number
    matches no route (404) instead of reaching PostgreSQL as a value it refuses."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_DATABASE_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def safe_next(target: str | None) -> str | None:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
