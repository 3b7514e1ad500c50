"""Flask commands: `flask users create`, privacy, backup and restore; each domain's own commands."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import or_, select

from diaspora import backup, mail, privacy
from diaspora.auth.models import Role
from diaspora.auth.services import create_staff_user
from diaspora.bulk import cli as bulk_cli
from diaspora.curation import cli as curation_cli
from diaspora.errors import DomainError
from diaspora.extensions import db
from diaspora.jobs import cli as jobs_cli
from diaspora.matches import cli as matches_cli
from diaspora.opportunities import cli as postings_cli
from diaspora.institutions.models import Institution


def init_app(app: Flask) -> None:
    app.cli.add_command(users)
    app.cli.add_command(privacy_group)
    app.cli.add_command(mail_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    matches_cli.init_app(app)
    bulk_cli.init_app(app)
    curation_cli.init_app(app)
    jobs_cli.init_app(app)
    postings_cli.init_app(app)


@click.group(help="Manage accounts.")
def users():
    pass


@users.command("create", help="Create a ministry, officer or admin account.")
@click.option("--role", type=click.Choice([r.value for r in Role if r is not Role.MEMBER]), required=True)
@click.option("--email", required=True)
@click.option("--institution", "institution", default=None,
              help="Acronym or exact English name of the institution (ministry focal points).")
@click.option("--name", "display_name", default="")
@click.option("--password", default=None, help="Omit to send a set-password link by mail (outbox offline).")
def create_user(role: str, email: str, institution: str | None, display_name: str, password: str | None):
    institution_id = None
    if institution:
        institution_id = db.session.scalar(select(Institution.id).where(
            or_(Institution.acronym == institution, Institution.name == institution)))
        if institution_id is None:
            raise click.UsageError(f"No institution called {institution!r}.")
    try:
        user = create_staff_user(email, Role(role), institution_id, acting=None,
                                 display_name=display_name, password=password)
    except DomainError as error:
        raise click.UsageError(error.message) from error
    db.session.commit()
    click.echo(f"created {user.role.value} account {user.email} (id {user.id})")


@click.group("privacy", help="Data-protection duties.")
def privacy_group():
    pass


@privacy_group.command("purge-inactive", help="Erase members inactive longer than the retention period. Run daily (cron).")
@click.option("--days", type=int, default=None, help="Defaults to RETENTION_DAYS.")
def purge_inactive(days: int | None):
    days = days or current_app.config["RETENTION_DAYS"]
    count = privacy.purge_inactive(days)
    db.session.commit()
    click.echo(f"erased {count} member account(s) inactive for more than {days} days")


@click.group("mail", help="Outgoing mail.")
def mail_group():
    pass


@mail_group.command("deliver", help="Send the queued mails that are due (those SMTP refused earlier). "
                                    "Run every few minutes (cron).")
def deliver_mail():
    delivered, remaining = mail.deliver_due()
    click.echo(f"{delivered} delivered, {remaining} still queued")


@click.command("backup", help="Write a consistent copy of the database with a manifest of row counts and checksums.")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--verify", "verify_", is_flag=True,
              help="Then restore it into a scratch database and compare every table (exit 1 on a difference).")
def backup_command(target: Path, verify_: bool):
    manifest = backup.backup(target)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(f"backup written to {target}: {len(manifest['tables'])} tables, {rows} rows")
    if verify_:
        try:
            backup.verify(target)
        except backup.BackupMismatch as mismatch:
            raise click.ClickException(f"verification FAILED: {mismatch}") from mismatch
        click.echo("verified: restored into a scratch database, row counts and checksums match")


@click.command("restore", help="Replace the database with a backup and verify it table by table.")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(source: Path, yes: bool):
    if not yes:
        click.confirm("This replaces every row in the database. Continue?", abort=True)
    restored = backup.restore(source)
    click.echo(f"restored {len(restored)} tables; row counts and checksums match the backup")
