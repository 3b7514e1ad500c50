"""gunicorn settings for Ura (`gunicorn -c deploy/gunicorn.conf.py wsgi:app`; the systemd unit and the container
use it). Metrics from every worker are added up through PROMETHEUS_MULTIPROC_DIR (docs/operations.md)."""
import os
import shutil
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = 120
graceful_timeout = 30
# Logs go to stderr (journald or the container runtime); the app writes one JSON line per request itself.
accesslog = None
errorlog = "-"
control_socket_disable = True


def on_starting(server):
    # Values left by a previous run's workers would be added to this run's: start from an empty directory.
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
