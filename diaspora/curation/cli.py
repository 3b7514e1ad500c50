"""`flask curation export|import|scan`: the curated vocabulary as data, and the queue filled on an older install."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from diaspora.curation import exchange
from diaspora.errors import DomainError
from diaspora.extensions import db
from diaspora.matches import vocabulary


@click.group("curation", cls=AppGroup, help="The curated taxonomy vocabulary (aliases and concepts added in use).")
def curation_group():
    pass


@curation_group.command("export", help="Write every decision (alias, concept, dismissed) as JSON or CSV.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default=None,
              help="Default: from the file's ending (.csv, else JSON).")
def export_command(path: Path, fmt: str | None):
    rows = exchange.export_rows(acting=None)
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "json")
    path.write_text(exchange.to_csv(rows) if fmt == "csv" else exchange.to_json(rows), encoding="utf-8")
    click.echo(f"{len(rows)} decisions written to {path}")


@curation_group.command("import", help="Apply the decisions of an export (a fresh install replays them this way).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path):
    try:
        report = exchange.import_rows(None, exchange.parse(path.read_bytes(), path.name))
    except DomainError as error:
        raise click.UsageError(error.message) from error
    db.session.commit()
    click.echo(f"{report.applied} applied, {report.unchanged} unchanged, {len(report.rejected)} rejected")
    for rejection in report.rejected:
        click.echo(f"row {rejection.row} ({rejection.term or '-'}): {rejection.reason}", err=True)
    if report.rejected:
        raise SystemExit(1)


@curation_group.command("scan", help="Fill the queue from every profile and posting (an install older than it).")
def scan_command():
    count = vocabulary.rescan()
    db.session.commit()
    click.echo(f"{count} profiles and postings read")


def init_app(app: Flask) -> None:
    app.cli.add_command(curation_group)
