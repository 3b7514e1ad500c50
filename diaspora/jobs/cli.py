"""`flask jobs worker`: run queued jobs from Redis with the application's configuration."""
from __future__ import annotations

import click
from flask import Flask, current_app
from rq import SimpleWorker

from diaspora.jobs import runner


@click.group("jobs", help="Background jobs.")
def jobs_group():
    pass


@jobs_group.command("worker", help="Run jobs from the Redis queue at REDIS_URL (Ctrl-C stops).")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool):
    if not current_app.config.get("REDIS_URL"):
        raise click.UsageError("REDIS_URL is not set: jobs run inline in the web process, no worker is needed.")
    connection = runner.redis_connection()
    # SimpleWorker runs each job in this process, inside this app context: no fork, so no database
    # connection is ever shared between processes. Run several workers for parallel jobs.
    SimpleWorker([runner.queue(connection)], connection=connection).work(burst=burst)


def init_app(app: Flask) -> None:
    app.cli.add_command(jobs_group)
