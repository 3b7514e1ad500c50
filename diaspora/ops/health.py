"""Readiness checks: may this process take traffic? Each check answers (ok, detail) and never raises.

- database: a round trip;
- migrations: the schema's Alembic revision is the code's head (a host with new code and an old schema, or the
  reverse, is not ready);
- redis: every Redis the configuration names (jobs, rate limits) answers PING;
- matching_index: this worker's index is loaded and brought to the database's version stamp. A worker without an
  index builds it during this check (the first probe after start is slow; with `--preload` and URA_WARM_INDEX=1
  the master built it already); a probe that finds another thread building answers "building" at once.
"""
from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask import current_app
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from config import BASE_DIR
from diaspora.extensions import db
from diaspora.matches import live

REDIS_TIMEOUT_S = 1.0
HEADS_KEY = "ura_migration_heads"
REDIS_KEY = "ura_health_redis"


def _database() -> tuple[bool, dict]:
    db.session.execute(sa.text("SELECT 1"))
    return True, {}


def _code_heads() -> frozenset[str]:
    # Reading the migration scripts costs tens of milliseconds; the code does not change while it runs.
    heads = current_app.extensions.get(HEADS_KEY)
    if heads is None:
        heads = frozenset(ScriptDirectory(str(BASE_DIR / "migrations")).get_heads())
        current_app.extensions[HEADS_KEY] = heads
    return heads


def _migrations() -> tuple[bool, dict]:
    try:
        applied = frozenset(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        db.session.rollback()
        return False, {"error": "no alembic_version table: run `flask db upgrade`"}
    heads = _code_heads()
    detail = {"database": sorted(applied), "code": sorted(heads)}
    return applied == heads, detail


def _redis_urls() -> list[str]:
    config = current_app.config
    urls = [config.get("REDIS_URL", ""), config.get("RATELIMIT_STORAGE_URI", "")]
    return sorted({url for url in urls if url.startswith(("redis://", "rediss://", "unix://"))})


def _redis() -> tuple[bool, dict]:
    clients = current_app.extensions.setdefault(REDIS_KEY, {})
    for url in _redis_urls():
        client = clients.get(url)
        if client is None:
            client = clients[url] = Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_S,
                                                   socket_timeout=REDIS_TIMEOUT_S)
        try:
            client.ping()
        except RedisError as error:
            return False, {"error": type(error).__name__}
    return True, {}


def _matching_index() -> tuple[bool, dict]:
    holder = current_app.extensions.get(live.EXTENSION_KEY)
    if holder is not None and holder.index is None and holder.lock.locked():
        return False, {"state": "building"}
    holder = live.live()  # builds a missing index, applies pending changes to a loaded one
    version = live.stamp().version
    detail = {"rows": len(holder.index), "version": holder.version, "database_version": version,
              "snapshot": holder.snapshot.name, "on_top": holder.overlay,
              "vocabulary": holder.vocabulary, "reencoded": holder.reencoded}
    return holder.version >= version, detail


CHECKS: dict[str, Callable[[], tuple[bool, dict]]] = {
    "database": _database,
    "migrations": _migrations,
    "matching_index": _matching_index,
}
NEEDS_DATABASE = ("migrations", "matching_index")


def _timed(check: Callable[[], tuple[bool, dict]]) -> dict:
    started = time.perf_counter()
    try:
        ok, detail = check()
    except (SQLAlchemyError, RedisError, OSError) as error:
        db.session.rollback()
        ok, detail = False, {"error": type(error).__name__}
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1), **detail}


def readiness() -> tuple[bool, dict]:
    """(ready, {check: {"ok", "ms", details}}); a check that needs the database is skipped while it is down."""
    results = {"database": _timed(_database)}
    for name in NEEDS_DATABASE:
        results[name] = _timed(CHECKS[name]) if results["database"]["ok"] else {"ok": False, "skipped": "database"}
    if _redis_urls():
        results["redis"] = _timed(_redis)
    db.session.rollback()  # a probe leaves no transaction open
    return all(r["ok"] for r in results.values()), results
