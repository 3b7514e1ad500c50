"""`flask backup` and `flask restore`: a consistent copy of the database and a proof it came back whole.

SQLite uses its online backup API (safe while the app runs); PostgreSQL uses pg_dump/pg_restore
(custom format). Each backup carries a manifest of row counts and checksums per table, taken from the very
state the copy holds (PostgreSQL: one exported snapshot shared with pg_dump; SQLite: the finished copy), and a
restore is verified against it. `verify()` restores a backup into a scratch database (a temporary file, or a
temporary PostgreSQL database beside the live one) and compares it, leaving the live database alone.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import sqlite3
import subprocess  # pg_dump and pg_restore run with argument lists, never through a shell
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.engine import make_url

from diaspora.extensions import db

MANIFEST_SUFFIX = ".manifest.json"


class BackupMismatch(RuntimeError):
    """A restored copy differs from its manifest."""


def table_fingerprints(bind=None) -> dict[str, dict]:
    """Row count and a checksum of the sorted rows of every table the models define (through `bind`, a
    connection, or the application's session)."""
    bind = bind if bind is not None else db.session
    result = {}
    for table in db.metadata.sorted_tables:
        rows = sorted(repr(tuple(_canonical(v) for v in row)) for row in bind.execute(sa.select(table)))
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        result[table.name] = {"rows": len(rows), "sha256": digest}
    return result


def _canonical(value):
    # The same value reads back as the same Python type on both engines, except numbers stored as
    # Decimal/float and JSON key order; normalise those so checksums compare content.
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _pg_url(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise RuntimeError(f"{tool} is not installed (Debian package postgresql-client).")
    return path


def backup(target: Path) -> dict:
    url = make_url(str(db.engine.url))
    target.parent.mkdir(parents=True, exist_ok=True)
    db.session.commit()
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        destination = sqlite3.connect(target)
        with destination:
            source.backup(destination)
        source.close()
        destination.close()
        tables = _fingerprints_of(f"sqlite:///{target}")
    else:
        # The manifest and the dump read one snapshot: writes while the backup runs change neither.
        with db.engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                snapshot = connection.execute(sa.text("SELECT pg_export_snapshot()")).scalar_one()
                tables = table_fingerprints(connection)
                subprocess.run([_require("pg_dump"), "--format=custom", "--no-owner", f"--snapshot={snapshot}",
                                f"--file={target}", f"--dbname={_pg_url(url)}"], check=True, capture_output=True)
    manifest = {"dialect": url.get_backend_name(), "tables": tables}
    Path(str(target) + MANIFEST_SUFFIX).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def _fingerprints_of(database_url: str) -> dict[str, dict]:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return table_fingerprints(connection)
    finally:
        engine.dispose()


def _compare(manifest: dict, restored: dict) -> dict:
    mismatched = sorted(name for name, print_ in manifest["tables"].items() if restored.get(name) != print_)
    if mismatched:
        raise BackupMismatch(f"restore differs from the backup in tables: {', '.join(mismatched)}")
    return restored


def _manifest(source: Path) -> dict:
    return json.loads(Path(str(source) + MANIFEST_SUFFIX).read_text(encoding="utf-8"))


@contextmanager
def _scratch_postgres(url) -> Iterator[str]:
    """A database to restore into: BACKUP_SCRATCH_DATABASE_URL (emptied by the restore), or a temporary one."""
    configured = current_app.config.get("BACKUP_SCRATCH_DATABASE_URL", "")
    if configured:
        yield configured
        return
    name = f"{url.database}_verify_{secrets.token_hex(4)}"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def verify(source: Path) -> dict:
    """Restore the backup into a scratch database and compare every table with the manifest; raises
    BackupMismatch on any difference. The live database is not touched."""
    manifest = _manifest(source)
    url = make_url(str(db.engine.url))
    if url.get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="ura-verify-") as folder:
            scratch = Path(folder) / "restored.sqlite3"
            backup_db, restored = sqlite3.connect(source), sqlite3.connect(scratch)
            with restored:
                backup_db.backup(restored)
            backup_db.close()
            restored.close()
            return _compare(manifest, _fingerprints_of(f"sqlite:///{scratch}"))
    with _scratch_postgres(url) as scratch_url:
        subprocess.run([_require("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                        "--single-transaction", f"--dbname={_pg_url(make_url(scratch_url))}", str(source)],
                       check=True, capture_output=True)
        return _compare(manifest, _fingerprints_of(scratch_url))


def restore(source: Path) -> dict:
    """Replace the database with the backup, then check every table against the manifest."""
    manifest = _manifest(source)
    url = make_url(str(db.engine.url))
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        backup_db = sqlite3.connect(source)
        live = sqlite3.connect(url.database)
        with live:
            backup_db.backup(live)
        backup_db.close()
        live.close()
    else:
        subprocess.run([_require("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        f"--dbname={_pg_url(url)}", str(source)], check=True, capture_output=True)
    return _compare(manifest, table_fingerprints())
