"""`flask db upgrade` is safe while the previous release still serves: that release's own journey tests (its
code and tests, from the commit named in deploy/previous-release) pass against a database upgraded to this
tree's head. Migrations must therefore only expand the schema in a release (docs/operations.md, "Upgrades").

PostgreSQL pass only (production's engine; TEST_DATABASE_URL). Needs git history with that commit (a fresh
clone has it; a shallow one may not, and the test says so).
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import WORKER

ROOT = Path(__file__).resolve().parents[1]
RELEASE_FILE = ROOT / "deploy" / "previous-release"
BIN = Path(sys.executable).parent

# Loaded into the old release's pytest: its conftest would drop the tables and create its own schema; here the
# schema is the new head's, made by `flask db upgrade`, and must already hold every table and column it knows.
PLUGIN = '''
import sqlalchemy as sa


def pytest_configure(config):
    from diaspora.extensions import db

    def keep(bind, **kwargs):
        pass

    def require(bind, **kwargs):
        inspector = sa.inspect(bind)
        tables = set(inspector.get_table_names())
        missing = [t.name for t in db.metadata.sorted_tables if t.name not in tables]
        missing += [f"{t.name}.{c.name}" for t in db.metadata.sorted_tables if t.name in tables
                    for c in t.columns if c.name not in {col["name"] for col in inspector.get_columns(t.name)}]
        assert not missing, f"the upgraded schema lost what the previous release uses: {missing}"

    db.metadata.drop_all = keep
    db.metadata.create_all = require
'''


def previous_release() -> tuple[str, list[str]]:
    fields = dict(line.split(maxsplit=1) for line in RELEASE_FILE.read_text().splitlines()
                  if line.strip() and not line.startswith("#"))
    return fields["commit"].strip(), fields["tests"].split()


def _checkout(commit: str, target: Path) -> None:
    """The release's files (git archive: no worktree bookkeeping left in the repository)."""
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")


@pytest.mark.slow
def test_previous_release_journeys_pass_on_the_upgraded_schema(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("the upgrade check runs in the PostgreSQL pass (TEST_DATABASE_URL is not set)")
    commit, tests = previous_release()
    if shutil.which("git") is None or subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT,
                                                     capture_output=True).returncode != 0:
        pytest.skip(f"commit {commit} of deploy/previous-release is not in this clone (shallow?)")
    old = tmp_path / "previous-release"
    _checkout(commit, old)
    shutil.copytree(ROOT / "diaspora" / "translations", old / "diaspora" / "translations", dirs_exist_ok=True)
    (old / "upgraded_schema_plugin.py").write_text(PLUGIN)

    url = make_url(base)
    prefix = f"{url.database}_previous_{WORKER}"
    database = f"{prefix}_main"  # the name the old conftest derives for a run without xdist
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "URA_"))}
    try:
        upgraded = subprocess.run(
            [str(BIN / "flask"), "db", "upgrade"], cwd=ROOT, capture_output=True, text=True, timeout=600,
            env={**env, "FLASK_APP": "wsgi:app", "DATABASE_URL": url.set(database=database).render_as_string(False)})
        assert upgraded.returncode == 0, upgraded.stderr[-3000:]
        run = subprocess.run(
            [str(BIN / "python"), "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-p", "no:xdist",
             "-p", "upgraded_schema_plugin", *tests],
            cwd=old, capture_output=True, text=True, timeout=1200,
            env={**env, "PYTHONPATH": str(old), "TEST_DATABASE_URL": url.set(database=prefix).render_as_string(False)})
        assert run.returncode == 0, f"release {commit[:10]} fails on the upgraded schema:\n{run.stdout[-6000:]}"
        assert " passed" in run.stdout.splitlines()[-1]
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
