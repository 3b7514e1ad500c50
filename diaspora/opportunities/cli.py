"""`flask postings close-expired`: run daily (deploy/systemd/ura-close-postings.timer)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from diaspora.extensions import db
from diaspora.opportunities import services


@click.group("postings", cls=AppGroup, help="Institutions' postings.")
def postings_group():
    pass


@postings_group.command("close-expired", help="Close the open postings whose application deadline has passed.")
def close_expired_command():
    closed = services.close_expired()
    db.session.commit()
    click.echo(f"{closed} posting closed" if closed == 1 else f"{closed} postings closed")


def init_app(app: Flask) -> None:
    app.cli.add_command(postings_group)
