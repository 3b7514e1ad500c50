"""`python -m matching bench-rank`: the whole `python -m matching rank` command against the same command
built on the keyword baseline (char TF-IDF plus hard rules), on the same files, in the same run.

It writes N generated profiles and Q opportunities as contract JSON lines (seeded; the opportunities come
from their own seed), then times each command as a separate process from start to exit: reading and
parsing the files, building, ranking every opportunity (top 10) and printing JSON lines. The two systems
alternate `--repeat` times; the medians of wall-clock and of CPU seconds (user + system, from wait4) give
two ratios (engine / baseline). On a shared, loaded machine the CPU ratio is the stable one. The baseline command is this module run as
a script: `python -m matching.bench.rank_run --profiles P --opportunities O`.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from matching.eval.baseline import TfidfBaseline
from matching.io import opportunity_to_dict, profile_to_dict, read_opportunities, read_profiles
from matching.eval.synth import Generator, Vocabulary

TOP = 10


def write_inputs(folder: Path, n: int, queries: int, seed: int) -> tuple[Path, Path]:
    vocab = Vocabulary()
    profiles, opportunities = folder / "profiles.jsonl", folder / "opportunities.jsonl"
    with open(profiles, "w", encoding="utf-8") as fh:
        for p in Generator(seed, vocab).iter_profiles(n):
            fh.write(json.dumps(profile_to_dict(p), ensure_ascii=False) + "\n")
    with open(opportunities, "w", encoding="utf-8") as fh:
        for o in Generator(seed + 1, vocab).opportunities(queries):
            fh.write(json.dumps(opportunity_to_dict(o), ensure_ascii=False) + "\n")
    return profiles, opportunities


def baseline_rank(profiles: str, opportunities: str) -> None:
    """The rank command's work with the baseline: read, build, rank, print one JSON line per opportunity."""
    index = TfidfBaseline().build(read_profiles(profiles))
    wanted = read_opportunities(opportunities)
    for o, ids in zip(wanted, index.rank_many(wanted, top=TOP)):
        print(json.dumps({"opportunity_id": o.id, "matches": [{"profile_id": pid} for pid in ids]}))


def _seconds(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one command run as a child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def measure(n: int, queries: int, seed: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        profiles, opportunities = write_inputs(Path(tmp), n, queries, seed)
        files = ["--profiles", str(profiles), "--opportunities", str(opportunities)]
        commands = {"engine": [sys.executable, "-m", "matching", "rank", "--top", str(TOP), *files],
                    "baseline": [sys.executable, "-m", "matching.bench.rank_run", *files]}
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeat):
            for name, command in commands.items():
                w, c = _seconds(command)
                wall[name].append(round(w, 2))
                cpu[name].append(round(c, 2))
    out = {"profiles": n, "opportunities": queries, "seed": seed, "wall_s": wall, "cpu_s": cpu}
    for measure_name, runs in (("wall", wall), ("cpu", cpu)):
        median = {name: statistics.median(times) for name, times in runs.items()}
        out[f"{measure_name}_ratio"] = round(median["engine"] / median["baseline"], 3)
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profiles", type=int, default=96_000, help="generated profiles (default 96,000)")
    parser.add_argument("--opportunities", type=int, default=44, help="generated opportunities (default 44)")
    parser.add_argument("--seed", type=int, default=11, help="generator seed (default 11)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (default 3; median kept)")


def run(args) -> int:
    if args.profiles < 1 or args.opportunities < 1 or args.repeat < 1:
        print("error: --profiles, --opportunities and --repeat must be at least 1", file=sys.stderr)
        return 2
    print(json.dumps(measure(args.profiles, args.opportunities, args.seed, args.repeat)))
    return 0


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description="the rank command's work done by the keyword baseline")
    cli.add_argument("--profiles", required=True)
    cli.add_argument("--opportunities", required=True)
    options = cli.parse_args()
    baseline_rank(options.profiles, options.opportunities)
