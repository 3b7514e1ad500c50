"""`flask matching retrain` and `flask matching rebuild-index`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from diaspora.extensions import db
from diaspora.matches import learning, live
from diaspora.matches.changes import request_rebuild


@click.group("matching", cls=AppGroup, help="The matching index and the learnt scorer.")
def matching_group():
    pass


@matching_group.command("retrain", help="Learn the scorer's weights from officers' and ministries' decisions.")
def retrain_command():
    outcome = learning.retrain(actor=None)
    db.session.commit()
    click.echo(f"{outcome.n_decisions} labelled decisions: {outcome.message}")
    for name in outcome.before:
        click.echo(f"{name}: before {outcome.before[name]:.4f}  after {outcome.after.get(name, 0.0):.4f}")
    click.echo(f"model in use: {outcome.version}" if outcome.saved else "model in use: unchanged")


@matching_group.command("rebuild-index", help="Rebuild the index here and make every worker rebuild its own.")
def rebuild_index_command():
    request_rebuild()
    db.session.commit()
    holder = live.live()
    click.echo(f"index rebuilt: {len(holder.index)} profiles at version {holder.version} "
               f"(model {holder.model_version}); workers rebuild at their next request")


def init_app(app: Flask) -> None:
    app.cli.add_command(matching_group)
