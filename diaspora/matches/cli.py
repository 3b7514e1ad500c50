"""`flask matching retrain`, `flask matching build-index` and `flask matching rebuild-index`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from matching.snapshot import read_manifest

from diaspora.extensions import db
from diaspora.jobs.models import JobStatus
from diaspora.jobs.runner import submit
from diaspora.matches import learning, live, snapshots


@click.group("matching", cls=AppGroup, help="The matching index and the learnt scorer.")
def matching_group():
    pass


@matching_group.command("retrain", help="Learn the scorer's weights from officers' and ministries' decisions, "
                                         "tested on opportunities held apart.")
def retrain_command():
    outcome = learning.retrain(actor=None)
    db.session.commit()
    click.echo(f"{outcome.n_decisions} graded decisions: {outcome.message}")
    if outcome.before:
        click.echo("on opportunities held apart from the learning:")
    for name in outcome.before:
        click.echo(f"{name}: default weights {outcome.before[name]:.4f}  learnt {outcome.after.get(name, 0.0):.4f}")
    click.echo(f"model in use: {outcome.version}" if outcome.saved else "model in use: unchanged")


@matching_group.command("build-index", help="Build an index snapshot here and now, under the current epoch: workers "
                        "of this release swap to it at their next check (MATCHING_INDEX_CHECK_SECONDS). Run it nightly "
                        "and, after an upgrade, before the web workers restart.")
def build_index_command():
    now = live.stamp()
    found, _built = snapshots.build(now.version, now.epoch)
    db.session.rollback()
    click.echo(f"snapshot {found.name}: {read_manifest(found.path)['profiles']} profiles at version {now.version}")


@matching_group.command("rebuild-index",
                        help="Build a new index snapshot from the database; every worker maps it at its next request.")
def rebuild_index_command():
    job = submit("rebuild_index", live.rebuild_everywhere)
    if job.status is JobStatus.QUEUED:
        click.echo(f"job {job.id} queued: a `flask jobs worker` builds the index snapshot")
        return
    if job.status is not JobStatus.DONE:
        raise click.ClickException(f"job {job.id} {job.status.value}: {job.message}")
    result = job.result
    click.echo(f"index rebuilt: {result['profiles']} profiles at version {result['index_version']} "
               f"(model {result['model']}) in snapshot {result['snapshot']}; workers map it at their next request")


def init_app(app: Flask) -> None:
    app.cli.add_command(matching_group)
