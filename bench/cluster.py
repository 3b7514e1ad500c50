"""Two (or more) app hosts on one machine: gunicorn instances on their own ports and an RQ worker, sharing one
PostgreSQL database, one Redis and one file directory, as separate hosts would (docs/scaling.md).

Used by the scale-out test (tests/ops/test_scale_out.py) and the operations benchmark (bench/ops.py). Loopback only;
everything it starts is stopped, and its Redis keys removed, when the `with` block ends.
"""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self, database_url: str, work: Path, redis_url: str = "redis://127.0.0.1:6379/13",
                 hosts: int = 2, workers_per_host: int = 2, job_workers: int = 1):
        self.work, self.redis_url = work, redis_url
        self.hosts, self.workers_per_host, self.job_workers = hosts, workers_per_host, job_workers
        tag = secrets.token_hex(4)
        self.metrics_token = secrets.token_hex(16)
        self.secret_key = secrets.token_hex(32)
        self.env = {k: v for k, v in os.environ.items() if k not in ("URA_ENV", "FLASK_DEBUG", "TEST_DATABASE_URL")}
        self.env.update(
            DATABASE_URL=database_url, FLASK_APP="wsgi:app", PYTHONPATH=str(ROOT), SECRET_KEY=self.secret_key,
            URA_INSTANCE_DIR=str(work / "instance"), REDIS_URL=redis_url, RATELIMIT_STORAGE_URI=redis_url,
            RATELIMIT_KEY_PREFIX=f"ura-cluster-{tag}", JOBS_QUEUE=f"ura-cluster-{tag}",
            METRICS_TOKEN=self.metrics_token, SERVER_BASE_URL="http://127.0.0.1")
        self.processes: list[subprocess.Popen] = []
        self.urls: list[str] = []

    def flask(self, *args: str) -> str:
        done = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
                              timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")
        return done.stdout

    def _start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        with (self.work / f"{name}.log").open("w") as log:  # the child keeps its own copy of the descriptor
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.processes.append(process)
        return process

    def __enter__(self) -> Cluster:
        self.flask("db", "upgrade")
        try:
            for host in range(self.hosts):
                port = free_port()
                env = {**self.env, "GUNICORN_BIND": f"{HOST}:{port}", "GUNICORN_WORKERS": str(self.workers_per_host),
                       "PROMETHEUS_MULTIPROC_DIR": str(self.work / f"metrics-{host}")}
                self._start(f"web-{host}", [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"),
                                            "wsgi:app"], env)
                self.urls.append(f"http://{HOST}:{port}")
            for number in range(self.job_workers):
                self._start(f"jobs-{number}", [str(BIN / "flask"), "jobs", "worker"], self.env)
            for url in self.urls:
                self._wait(url)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait(self, url: str, deadline_s: float = 120) -> None:
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            if any(p.poll() is not None for p in self.processes):
                raise RuntimeError(f"a process of the cluster exited early; logs in {self.work}:\n{self.logs()}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5):  # nosec B310 (loopback)
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{url} did not answer within {deadline_s:.0f} s")

    def logs(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for path in sorted(self.work.glob("*.log")))

    def __exit__(self, *_exc) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        client = redis.Redis.from_url(self.redis_url)
        for pattern in (f"*{self.env['RATELIMIT_KEY_PREFIX']}*", f"*{self.env['JOBS_QUEUE']}*"):
            for key in client.scan_iter(pattern):
                client.delete(key)
        client.close()
