"""flask backup / flask restore round-trip with equal row counts and checksums per table."""
import pytest
import sqlalchemy as sa

from diaspora import backup
from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.members.models import MemberProfile


def test_backup_and_restore_round_trip(app, tmp_path, make_member, make_fellowship, make_user):
    make_member(full_name="Ardita Çuni", skills=["statistikë", "SDMX"])
    make_fellowship(title="Statistikat e çmimeve")
    make_user(Role.OFFICER)
    db.session.commit()
    before = backup.table_fingerprints()
    target = tmp_path / "ura.backup"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    # Damage the live database after the backup.
    db.session.execute(sa.delete(MemberProfile))
    db.session.commit()
    assert backup.table_fingerprints() != before
    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    after = backup.table_fingerprints()
    assert after == before
    assert after["member_profiles"]["rows"] == 1


def test_restore_refuses_a_tampered_manifest(app, tmp_path, make_member):
    make_member()
    db.session.commit()
    target = tmp_path / "ura.backup"
    backup.backup(target)
    manifest = target.with_name(target.name + backup.MANIFEST_SUFFIX)
    manifest.write_text(manifest.read_text().replace('"rows": 1', '"rows": 7', 1))
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code != 0 and "differs from the backup" in str(result.exception)


def test_backup_verify_restores_into_a_scratch_database(app, tmp_path, make_member, make_fellowship):
    make_member(full_name="Ardita Çuni", skills=["statistikë"])
    make_fellowship()
    db.session.commit()
    before = backup.table_fingerprints()
    target = tmp_path / "ura.backup"
    result = app.test_cli_runner().invoke(args=["backup", "--verify", str(target)])
    assert result.exit_code == 0, result.output
    assert "verified: restored into a scratch database" in result.output
    assert backup.table_fingerprints() == before  # the live database was not touched


def test_backup_verify_fails_on_a_mismatch(app, tmp_path, make_member):
    make_member()
    db.session.commit()
    target = tmp_path / "ura.backup"
    backup.backup(target)
    manifest = target.with_name(target.name + backup.MANIFEST_SUFFIX)
    manifest.write_text(manifest.read_text().replace('"rows": 1', '"rows": 7', 1))
    with pytest.raises(backup.BackupMismatch, match="restore differs from the backup in tables: "):
        backup.verify(target)


def test_backup_verify_command_exits_non_zero_on_a_mismatch(app, tmp_path, make_member, monkeypatch):
    make_member()
    db.session.commit()

    def damaged(source):
        raise backup.BackupMismatch("restore differs from the backup in tables: users")

    monkeypatch.setattr(backup, "verify", damaged)
    result = app.test_cli_runner().invoke(args=["backup", "--verify", str(tmp_path / "ura.backup")])
    assert result.exit_code == 1 and "verification FAILED" in result.output
