"""`flask import` and `flask export`: the same jobs as the web pages, for files on the server."""
from __future__ import annotations

import shutil
from pathlib import Path

import click
from flask import Flask
from sqlalchemy import select

from diaspora.auth.models import User
from diaspora.auth.services import normalise_email
from diaspora.bulk import services
from diaspora.errors import DomainError
from diaspora.extensions import db
from diaspora.jobs.models import Job, JobStatus
from diaspora.jobs.runner import file_key
from diaspora.storage import storage

WHAT = click.Choice([services.PROFILES, services.OPPORTUNITIES])
ACTING = click.option("--as", "acting_email", required=True,
                      help="Email of the officer, admin or ministry focal point the work is done as (audit).")


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.UsageError(f"No account {email!r}.")
    return user


def _finish(job: Job) -> dict:
    if job.status is not JobStatus.DONE:
        where = "run `flask jobs worker`" if job.status is JobStatus.QUEUED else job.message
        raise click.ClickException(f"job {job.id} is {job.status.value}: {where}")
    return job.result or {}


@click.command("import", help="Import profiles or postings from a JSON-lines or CSV file (all or nothing per run).")
@click.argument("what", type=WHAT)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ACTING
@click.option("--confirm-consent", is_flag=True,
              help="Profiles: every person in the file agreed that the programme matches them.")
@click.option("--all-or-nothing", is_flag=True, help="Import nothing if any row is rejected.")
def import_command(what: str, source: Path, acting_email: str, confirm_consent: bool, all_or_nothing: bool):
    try:
        with source.open("rb") as stream:
            job = services.start_import(_user(acting_email), what, stream, confirm_consent, all_or_nothing)
        db.session.commit()  # keeps the staged file for the job (a rollback would remove it)
    except DomainError as error:
        raise click.UsageError(error.message) from error
    result = _finish(job)
    click.echo(f"job {job.id}: {result['rows']} rows, {result['imported']} imported, {result['rejected']} rejected "
               f"({result['duplicates']} duplicates), {result['rows_per_second']} rows/s")
    for rejection in result["rejections"][:20]:
        click.echo(f"  line {rejection['line']}: {rejection['field']}: {rejection['message']}")
    if result["files"]:
        click.echo(f"full report: {file_key(job.id, result['files'][0]['name'])} in the file storage")


@click.command("export", help="Export profiles or postings as JSON lines or CSV.")
@click.argument("what", type=WHAT)
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@ACTING
@click.option("--format", "fmt", type=click.Choice(services.FORMATS), default="jsonl", show_default=True)
def export_command(what: str, target: Path, acting_email: str, fmt: str):
    try:
        job = services.start_export(_user(acting_email), what, fmt)
    except DomainError as error:
        raise click.UsageError(error.message) from error
    result = _finish(job)
    with storage().open(file_key(job.id, result["files"][0]["name"])) as source, target.open("wb") as out:
        shutil.copyfileobj(source, out)
    click.echo(f"job {job.id}: {result['exported']} records written to {target}")


def init_app(app: Flask) -> None:
    app.cli.add_command(import_command)
    app.cli.add_command(export_command)
