"""`flask backup` and `flask restore`: a consistent copy of the database and a proof it came back whole.

SQLite uses its online backup API (safe while the app runs); PostgreSQL uses pg_dump/pg_restore
(custom format). Each backup carries a manifest of row counts and checksums per table, and a
restore is verified against it.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess  # pg_dump and pg_restore run with argument lists, never through a shell
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from diaspora.extensions import db

MANIFEST_SUFFIX = ".manifest.json"


def table_fingerprints() -> dict[str, dict]:
    """Row count and a checksum of the sorted rows of every table the models define."""
    result = {}
    for table in db.metadata.sorted_tables:
        rows = sorted(repr(tuple(_canonical(v) for v in row)) for row in db.session.execute(sa.select(table)))
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
    manifest = {"dialect": url.get_backend_name(), "tables": table_fingerprints()}
    db.session.commit()
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        destination = sqlite3.connect(target)
        with destination:
            source.backup(destination)
        source.close()
        destination.close()
    else:
        subprocess.run([_require("pg_dump"), "--format=custom", "--no-owner", f"--file={target}",
                        f"--dbname={_pg_url(url)}"], check=True, capture_output=True)
    Path(str(target) + MANIFEST_SUFFIX).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def restore(source: Path) -> dict:
    """Replace the database with the backup, then check every table against the manifest."""
    manifest = json.loads(Path(str(source) + MANIFEST_SUFFIX).read_text(encoding="utf-8"))
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
    restored = table_fingerprints()
    mismatched = sorted(name for name, print_ in manifest["tables"].items() if restored.get(name) != print_)
    if mismatched:
        raise RuntimeError(f"restore differs from the backup in tables: {', '.join(mismatched)}")
    return restored
