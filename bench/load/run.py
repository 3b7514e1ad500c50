"""`make bench-load`: a bounded load test of Ura on this machine, loopback only, cleaned up afterwards.

1. a fresh PostgreSQL database: migrations, the demo programme, 100,000 generated profiles (seed.py);
2. gunicorn, 4 sync workers, --preload with URA_WARM_INDEX=1: the master builds the match index snapshot and
   maps it, every worker inherits the mapping; a short warm-up; index build time and worker memory recorded;
3. locust headless from a second process, fixed users, spawn rate and duration (locustfile.py);
4. the figures into docs/load-test.md; exit 1 on any error, 2 when the review or the supply page misses its p95 target;
5. gunicorn stopped, the database dropped, whatever happened.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import psycopg

from bench.load import report

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
ADMIN_DSN = f"host={HOST} port=5432 user=postgres dbname=postgres"
TARGET_MS = 300
# Pages with a p95 target in the steady window: the match review page (issue 6), the supply page (issue 12).
P95_PAGES = {"match review page": report.REVIEW_PAGES, "supply–demand page": report.SUPPLY_PAGES}
SWAP = re.compile(r"match index snapshot \S+ mapped")  # diaspora/matches/live.py's line when a worker swaps
# Upper bound for spawning every user and their logins before the steady window (the run stops itself
# URA_LOAD_STEADY_S after the last login; this only stops a run whose logins never finish).
RAMP_ALLOWANCE_S = 120
HEADING = """# Load test: gunicorn on PostgreSQL with 100,000 diaspora profiles

Issue 6, item 10. Reproduce with `make bench-load` (about five minutes; see "How it runs" below)."""


def log(message: str) -> None:
    print(f"[bench-load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def admin(statement: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as connection:
        connection.execute(statement)


def step(name: str, command: list[str], env: dict) -> float:
    """Run one setup command; its output goes to our log only when it fails."""
    log(f"{name}: {shlex.join(command)}")
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"{name} failed (exit {done.returncode})")
    for line in done.stdout.strip().splitlines()[-3:]:
        log(f"  {line}")
    return time.perf_counter() - started


def memory(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MiB; PSS splits the pages shared copy-on-write with the master fairly among processes."""
    values = {}
    for name in ("status", "smaps_rollup"):
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "Pss"):
                values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["Pss"]


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def wait_until_up(server: subprocess.Popen, url: str, deadline_s: float) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=5):  # nosec B310
                return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"gunicorn did not answer {url} within {deadline_s:.0f} s")


def warm_up(base: str, email: str, password: str, fellowship: int) -> None:
    """One officer session per worker: pages, templates and database connections primed before measuring.

    Every URL opened here and in wait_until_up is http://127.0.0.1 (bandit's B310 is answered by that).
    """
    def visit(_n: int) -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = opener.open(f"{base}/auth/login", timeout=120).read().decode()  # nosec B310
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
        opener.open(f"{base}/auth/login", data=form, timeout=120).read()  # nosec B310
        for path in ("/", "/opportunities", f"/opportunities/{fellowship}", f"/officers/opportunities/{fellowship}"):
            opener.open(f"{base}{path}", timeout=120).read()  # nosec B310

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(visit, range(4)))


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    with psycopg.connect(ADMIN_DSN) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    versions = subprocess.run([str(BIN / "locust"), "--version"], capture_output=True, text=True).stdout.split()[1]
    gunicorn = subprocess.run([str(BIN / "gunicorn"), "--version"], capture_output=True, text=True).stdout.split()[-1].strip(")")
    return (f"{cpu}, {os.cpu_count()} cores, {mem_kib / 1024 ** 2:.0f} GiB RAM; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}; PostgreSQL {postgres}; "
            f"gunicorn {gunicorn}; locust {versions}")


def run(args: argparse.Namespace, work: Path) -> int:
    database = f"ura_bench_load_{os.getpid()}"
    port = free_port()
    base = f"http://{HOST}:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("URA_ENV", "FLASK_DEBUG", "TEST_DATABASE_URL")}
    env.update(DATABASE_URL=f"postgresql+psycopg://postgres@{HOST}:5432/{database}", FLASK_APP="wsgi:app",
               SECRET_KEY=secrets.token_hex(32), URA_INSTANCE_DIR=str(work / "instance"),
               PYTHONPATH=str(ROOT), URA_LOAD_TARGETS=str(work / "targets.json"),
               URA_LOAD_SAMPLES=str(work / "samples.json"), URA_LOAD_STEADY_S=str(args.duration))
    figures: dict = {"started": datetime.now(timezone.utc)}
    server = None
    log(f"database {database} on {HOST}:5432")
    admin(f'CREATE DATABASE "{database}"')
    try:
        figures["migrate_s"] = step("migrations", [str(BIN / "flask"), "db", "upgrade"], env)
        figures["demo_s"] = step("demo programme", [str(BIN / "flask"), "seed-demo"], env)
        figures["load_s"] = step("profiles", [str(BIN / "python"), "-m", "bench.load.seed", "--profiles",
                                              str(args.profiles), "--targets", env["URA_LOAD_TARGETS"]], env)
        targets = json.loads(Path(env["URA_LOAD_TARGETS"]).read_text())

        server_log = work / "gunicorn.log"
        # --timeout 120 rather than 30: a slow page is measured as slow instead of its worker being killed.
        command = [str(BIN / "gunicorn"), "-w", "4", "--preload", "--no-control-socket", "--timeout", "120",
                   "-b", f"{HOST}:{port}", "wsgi:app"]
        log(f"server: {shlex.join(command)}")
        started = time.perf_counter()
        with open(server_log, "w") as out:
            # Only the server warms the index at import: the flask commands above must not (no tables yet).
            server = subprocess.Popen(command, cwd=ROOT, env={**env, "URA_WARM_INDEX": "1"}, stdout=out, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        wait_until_up(server, f"{base}/", 600)
        figures["boot_s"] = time.perf_counter() - started
        warmed = re.search(r"match index warmed in ([\d.]+) s", server_log.read_text())
        figures["index_s"] = float(warmed.group(1)) if warmed else None
        started = time.perf_counter()
        warm_up(base, targets["officers"][0], targets["password"], targets["fellowships"][0])
        figures["warm_s"] = time.perf_counter() - started
        figures["memory_before"] = {pid: memory(pid) for pid in [server.pid, *workers(server.pid)]}
        swaps_before = len(SWAP.findall(server_log.read_text()))

        csv_prefix = work / "locust"
        command = [str(BIN / "locust"), "-f", str(ROOT / "bench/load/locustfile.py"), "--headless",
                   "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration + RAMP_ALLOWANCE_S}s", "--host", base,
                   "--csv", str(csv_prefix), "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
        figures["command"] = shlex.join(command).replace(str(ROOT) + "/", "").replace(str(work), "$TMP")
        log(f"load: {figures['command']}")
        figures["load_before"] = os.getloadavg()[0]
        locust = subprocess.run(command, cwd=ROOT, env=env, timeout=args.duration + RAMP_ALLOWANCE_S + 180, check=False)
        figures["load_after"] = os.getloadavg()[0]
        figures["memory_after"] = {pid: memory(pid) for pid in [server.pid, *workers(server.pid)]}
        figures["swaps_during_run"] = len(SWAP.findall(server_log.read_text())) - swaps_before
        figures["server_errors"] = server_log.read_text().count("Traceback")
        figures["worker_timeouts"] = server_log.read_text().count("WORKER TIMEOUT")
        run_samples = json.loads(Path(env["URA_LOAD_SAMPLES"]).read_text())
        samples = run_samples["samples"]
        ended = max((s[0] for s in samples), default=run_samples["started"])
        whole = report.page_stats(samples, run_samples["started"], ended)
        problems = report.failures(Path(f"{csv_prefix}_failures.csv"))
        if run_samples["steady_to"] is None:
            problems.append(f"not every user had logged in after {RAMP_ALLOWANCE_S} s: no steady window")
            stats = whole
        else:
            stats = report.page_stats(samples, run_samples["steady_from"], run_samples["steady_to"])
            figures["ramp_s"] = run_samples["steady_from"] - run_samples["started"]
        if locust.returncode != 0:  # locust counts failures that its final CSV, written earlier, may miss
            problems.append(f"locust exited with {locust.returncode}")
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        figures.update(commit=commit.stdout.strip() or "unknown", profiles=targets["profiles"], generate_s=targets["generate_seconds"],
                       insert_s=targets["load_seconds"], machine=machine(), args=vars(args))
        report.write_block(ROOT / args.report, render(figures, stats, whole, problems), HEADING)
        log(f"figures written to {args.report}")
        print(report.table(stats))
    finally:
        if server is not None:
            stop(server)
            if sys.exc_info()[0] is not None:  # the temporary folder goes: show why the server failed
                sys.stdout.write("".join(server_log.read_text().splitlines(keepends=True)[-80:]))
        admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        log(f"cleaned up: server stopped, database {database} dropped")
    total = next(s for s in whole if s.name == report.ALL)
    if total.errors or problems:
        log(f"FAILED: {total.errors} errors out of {total.requests} requests")
        return 1
    p95s = {page: report.worst_p95(stats, pages) for page, pages in P95_PAGES.items()}
    missed = [f"{page} p95 {p95:.0f} ms" for page, p95 in p95s.items() if p95 >= TARGET_MS]
    if missed:
        log(f"FAILED: {', '.join(missed)}, target < {TARGET_MS} ms")
        return 2
    log(f"passed: zero errors in {total.requests} requests; "
        + "; ".join(f"{page} p95 {p95:.0f} ms" for page, p95 in p95s.items()))
    return 0


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master (graceful), SIGKILL to its own process group if it lingers."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=45)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _mib(memory_map: dict, master: int) -> str:
    master_rss, master_pss = memory_map[master]
    rows = [f"master {master_rss:,.0f} / {master_pss:,.0f}"]
    rows += [f"worker {rss:,.0f} / {pss:,.0f}" for pid, (rss, pss) in memory_map.items() if pid != master]
    total_pss = sum(pss for _rss, pss in memory_map.values())
    return f"{'; '.join(rows)} (RSS / PSS MiB; all processes together {total_pss:,.0f} MiB PSS)"


def render(f: dict, stats: list[report.PageStats], whole: list[report.PageStats], problems: list[str]) -> str:
    master = next(iter(f["memory_before"]))
    total = next(s for s in whole if s.name == report.ALL)
    ramp = f"{f['ramp_s']:.1f} s" if "ramp_s" in f else "never (see errors)"
    verdicts = "; ".join(f"{page} p95 in the steady window {report.worst_p95(stats, pages):,.0f} ms against the "
                         f"target of {TARGET_MS} ms: "
                         f"{'met' if report.worst_p95(stats, pages) < TARGET_MS else '**missed**'}"
                         for page, pages in P95_PAGES.items())
    index = f"{f['index_s']:.1f} s" if f["index_s"] is not None else "not logged"
    errors = "\n".join(f"- {p}" for p in problems) or "- none"
    return f"""## Figures of the last run

- **Date**: {f['started']:%Y-%m-%d %H:%M} UTC. **Machine**: {f['machine']}. Locust, PostgreSQL and gunicorn
  share the same cores; 1-minute load average {f['load_before']:.1f} before the load step, {f['load_after']:.1f}
  after it (anything above the load test's own share is other work on the machine).
- **Command**: `make bench-load` at commit {f['commit']} (plus uncommitted changes, if any); the load step ran
  `{f['command']}`
- **Data**: {f['profiles']:,} generated profiles (matching/eval/synth.py, seed 2026) on top of the demo programme;
  generating {f['generate_s']:.1f} s, generating + inserting {f['insert_s']:.1f} s; migrations {f['migrate_s']:.1f} s,
  demo seed {f['demo_s']:.1f} s.
- **Server**: gunicorn, 4 sync workers, `--preload --timeout 120` with `URA_WARM_INDEX=1`: index snapshot built and mapped in the master {index}
  (server answering after {f['boot_s']:.1f} s); warm-up {f['warm_s']:.1f} s; index snapshots mapped during the run:
  {f['swaps_during_run']}; tracebacks in the server log: {f['server_errors']}; worker timeouts: {f['worker_timeouts']}.
- **Memory before the run**: {_mib(f['memory_before'], master)}.
- **Memory after the run**: {_mib(f['memory_after'], master)}.
- **Load**: {f['args']['users']} users (35 members, 10 officers, 5 ministry focal points), spawn rate
  {f['args']['spawn_rate']}/s, think time 1-3 s; every user logged in after {ramp}, then {f['args']['duration']} s
  with all {f['args']['users']} at work (the steady window).
- **Result**: {total.requests:,} requests in the whole run, {total.errors:,} errors; {verdicts}.

Steady window ({f['args']['duration']} s, all users logged in and at work; exact percentiles):

{report.table(stats)}

Whole run (users arriving at {f['args']['spawn_rate']}/s, their logins, and the steady window):

{report.table(whole)}

Errors:
{errors}"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Ura load test (loopback only)")
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--report", default="docs/load-test.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ura-bench-load-") as work:
        return run(args, Path(work))


if __name__ == "__main__":
    sys.exit(main())
