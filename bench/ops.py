"""`python -m bench.ops`: how fast /readyz answers and /metrics is scraped, measured over HTTP against gunicorn
(4 workers, multiprocess metrics) on a fresh PostgreSQL database with the demo programme; figures for
docs/operations.md. Loopback only; the database is dropped afterwards.

The scrape is measured after requests to every GET route without parameters, plus the demo's postings and
members, have filled the request metrics of each worker with more than 50 endpoints."""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

from bench.cluster import Cluster

ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def timed(get, url: str, count: int, **kwargs) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = get(url, timeout=30, **kwargs)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
    return times


def fill_endpoints(cluster: Cluster, base: str) -> int:
    rows = [line.split() for line in cluster.flask("routes").splitlines()[2:]]
    paths = [row[-1] for row in rows if "GET" in " ".join(row[1:-1]) and row[-1].startswith("/")
             and not set("<>(), ") & set(row[-1])]
    paths += [f"/opportunities/{n}" for n in range(1, 6)] + ["/no-such-page"]
    for _round in range(8):  # every worker sees every endpoint
        for path in paths:
            requests.get(base + path, timeout=60, allow_redirects=False)
    text = requests.get(f"{base}/metrics", headers={"Authorization": f"Bearer {cluster.metrics_token}"}, timeout=30).text
    return len({line.split('endpoint="')[1].split('"')[0] for line in text.splitlines()
                if line.startswith("ura_http_requests_total{")})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--probes", type=int, default=300)
    parser.add_argument("--scrapes", type=int, default=100)
    args = parser.parse_args(argv)
    database = f"ura_bench_ops_{os.getpid()}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    try:
        with tempfile.TemporaryDirectory(prefix="ura-bench-ops-") as work:
            url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}"
            with Cluster(url, Path(work), hosts=1, workers_per_host=4, job_workers=0) as cluster:
                cluster.flask("seed-demo")
                base = cluster.urls[0]
                for _ in range(8):
                    requests.get(f"{base}/readyz", timeout=300)  # each worker builds its index once
                endpoints = fill_endpoints(cluster, base)
                ready = timed(requests.get, f"{base}/readyz", args.probes)
                scrape = timed(requests.get, f"{base}/metrics", args.scrapes,
                               headers={"Authorization": f"Bearer {cluster.metrics_token}"})
                size = len(requests.get(f"{base}/metrics", timeout=30,
                                        headers={"Authorization": f"Bearer {cluster.metrics_token}"}).content)
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print(f"/readyz: {len(ready)} probes, p50 {statistics.median(ready):.1f} ms, p95 {percentile(ready, 0.95):.1f} ms, "
          f"max {max(ready):.1f} ms (target p95 < 50 ms)")
    print(f"/metrics: {len(scrape)} scrapes of {endpoints} endpoints x 4 workers ({size / 1024:.0f} KiB), "
          f"p50 {statistics.median(scrape):.1f} ms, p95 {percentile(scrape, 0.95):.1f} ms, max {max(scrape):.1f} ms "
          f"(target < 100 ms)")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
