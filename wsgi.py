"""WSGI entry point: `gunicorn wsgi:app` (URA_ENV=production selects ProductionConfig)."""
import gc
import logging
import os
import time

from config import config_from_env
from diaspora import create_app
from diaspora.extensions import db
from diaspora.matches import live

app = create_app(config_from_env())

# Opt-in warm start for `gunicorn --preload` (URA_WARM_INDEX=1): the master maps the match index snapshot (building
# it if there is none) and brings it up to date before the workers fork, so that their first ranking request
# finds it ready. The master's database connections are closed so that no worker shares one after the fork.
if os.environ.get("URA_WARM_INDEX") == "1":
    started = time.perf_counter()
    with app.app_context():
        live.live()
        db.engine.dispose()
    # Everything built so far lives as long as the process: out of the collector's sight, so that no worker's
    # garbage collection walks (and by writing to them, copies) the pages it shares with the master.
    gc.freeze()
    logging.getLogger(__name__).info("match index warmed in %.1f s", time.perf_counter() - started)
