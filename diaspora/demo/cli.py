"""`flask seed-demo`: the demo programme's command, registered by the app factory beside the product's."""
from __future__ import annotations

import click
from flask import Flask, current_app
from sqlalchemy import select

from diaspora.demo.engagements import seed_demo_engagements
from diaspora.demo.pipeline import seed_demo_pipeline
from diaspora.demo.projects import seed_demo_projects
from diaspora.demo.seed import seed
from diaspora.demo.workflow import seed_demo_workflow
from diaspora.extensions import db
from diaspora.institutions.models import Institution


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)


@click.command("seed-demo", help="Load the demo programme (idempotent).")
@click.option("--profiles", default=300, show_default=True)
@click.option("--if-empty", is_flag=True, help="Only when the database has no institution yet (first run).")
def seed_demo(profiles: int, if_empty: bool):
    if if_empty and db.session.scalar(select(Institution.id).limit(1)) is not None:
        click.echo("Demo data already present; logins are listed in README.md.")
        return
    # Notifications built by the workflows link back to pages: give url_for the public base address.
    with current_app.test_request_context(base_url=current_app.config["SERVER_BASE_URL"]):
        summary = seed(profile_count=profiles)
        db.session.commit()
        summary += seed_demo_workflow()
        summary += seed_demo_pipeline()
        summary += seed_demo_engagements()
        summary += seed_demo_projects()
        db.session.commit()
    for line in summary:
        click.echo(line)
