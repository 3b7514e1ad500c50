"""`flask import` and `flask export` run the same jobs as the web pages."""
from __future__ import annotations

from sqlalchemy import func, select

from diaspora.auth.models import Role
from diaspora.members.models import MemberProfile
from tests.bulk.rosters import jsonl, profile


def test_import_then_export_from_the_command_line(app, db, make_user, tmp_path):
    officer = make_user(Role.OFFICER)
    db.session.commit()
    roster = tmp_path / "roster.jsonl"
    roster.write_bytes(jsonl([profile(1), profile(2), profile(3, country="XX")]))
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["import", "profiles", str(roster), "--as", officer.email])
    assert refused.exit_code == 2 and "Error:" in refused.output
    result = runner.invoke(args=["import", "profiles", str(roster), "--as", officer.email, "--confirm-consent"])
    assert result.exit_code == 0, result.output
    assert "3 rows, 2 imported, 1 rejected" in result.output and "line 3: country" in result.output
    assert db.session.scalar(select(func.count(MemberProfile.id))) == 2
    target = tmp_path / "out.csv"
    result = runner.invoke(args=["export", "profiles", str(target), "--as", officer.email, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").count("\n") == 3


def test_worker_command_needs_redis_url(app):
    result = app.test_cli_runner().invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output
