"""`python -m matching bench`: build and query timings on N generated profiles, engine beside the baseline.

Each system runs in a fresh process (multiprocessing "spawn"), so that its peak memory —
resource.getrusage's ru_maxrss, a high-water mark — is its own; tracemalloc would be far too slow at
a million profiles. The profiles are generated inside that process (the same seed gives the same
profiles to both) and streamed into the build by a generator, one block of 20,000 at a time, so
that the peak measures the system and not a list of test data; the time spent generating is
measured apart and subtracted from the build. Then:
- build: MatchIndex().build(profiles) / TF-IDF fit_transform of the profiles' text;
- query: Q single opportunities one at a time (engine: rank with explanations, top 10; baseline:
  cosine and top 10), after 3 unmeasured warm-up queries; p50 and p95 latency;
- batch: B opportunities at once (engine: rank_many with explanations; baseline: chunked products).
`--same-process` measures in this process instead (quick checks; memory then includes both systems).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from matching.eval.baseline import TfidfBaseline
from matching.index import MatchIndex
from matching.eval.synth import Generator, Vocabulary

WARM_UP = 3
SYSTEMS = ("engine", "baseline")


def peak_mb() -> float:
    """This process's peak resident memory so far (ru_maxrss is in KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure(system: str, n: int, queries: int, batch: int, seed: int) -> dict:
    """Generate, build, query and batch one system; timings in seconds, latencies in ms, memory in MB."""
    vocab = Vocabulary()
    # The opportunities come from their own seed, so every N sees the same ones.
    opportunities = Generator(seed + 1, vocab).opportunities(WARM_UP + queries + batch)
    singles, many = opportunities[:WARM_UP + queries], opportunities[WARM_UP + queries:]
    before_build = peak_mb()
    profiles = Timed(Generator(seed, vocab).iter_profiles(n))
    started = time.perf_counter()
    if system == "engine":
        index = MatchIndex().build(profiles)

        def one(o):
            return index.rank(o, top=10, explain=True)

        def all_of(os_):
            return index.rank_many(os_, top=10, explain=True)
    else:
        index = TfidfBaseline().build(profiles)

        def one(o):
            return index.rank(o, top=10)

        def all_of(os_):
            return index.rank_many(os_, top=10)
    built = time.perf_counter()
    after_build = peak_mb()
    generate_s = profiles.seconds
    latencies = []
    for i, o in enumerate(singles):
        t = time.perf_counter()
        one(o)
        if i >= WARM_UP:
            latencies.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    all_of(many)
    batch_s = time.perf_counter() - t
    ms = np.array(latencies) if latencies else np.zeros(1)
    return {
        "generate_s": round(generate_s, 2), "build_s": round(built - started - generate_s, 2),
        "query_p50_ms": round(float(np.percentile(ms, 50)), 2), "query_p95_ms": round(float(np.percentile(ms, 95)), 2),
        "query_mean_ms": round(float(ms.mean()), 2), "batch_s": round(batch_s, 2),
        "rss_before_build_mb": round(before_build, 1), "rss_after_build_mb": round(after_build, 1),
        "peak_mb": round(peak_mb(), 1),
    }


class Timed:
    """Wraps an iterator and adds up the time spent producing its items (the test data, not the engine)."""

    def __init__(self, items: Iterator):
        self.items = items
        self.seconds = 0.0

    def __iter__(self):
        while True:
            t = time.perf_counter()
            try:
                item = next(self.items)
            except StopIteration:
                self.seconds += time.perf_counter() - t
                return
            self.seconds += time.perf_counter() - t
            yield item


def bench(n: int, queries: int = 200, batch: int = 1000, seed: int = 11, same_process: bool = False,
          systems: tuple[str, ...] = SYSTEMS) -> dict:
    result = {"profiles": n, "queries": queries, "batch": batch, "seed": seed,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__}}
    for system in systems:
        if same_process:
            result[system] = measure(system, n, queries, batch, seed)
            continue
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            result[system] = pool.submit(measure, system, n, queries, batch, seed).result()
    return result


def table(result: dict) -> str:
    head = (f"{'system':<10}{'N':>10}{'generate s':>12}{'build s':>10}{'p50 ms':>9}{'p95 ms':>9}"
            f"{'batch s':>10}{'RSS pre MB':>12}{'peak MB':>10}")
    lines = [head]
    for system in (s for s in SYSTEMS if s in result):
        r = result[system]
        lines.append(f"{system:<10}{result['profiles']:>10,}{r['generate_s']:>12.1f}{r['build_s']:>10.1f}"
                     f"{r['query_p50_ms']:>9.1f}{r['query_p95_ms']:>9.1f}{r['batch_s']:>10.1f}"
                     f"{r['rss_before_build_mb']:>12.0f}{r['peak_mb']:>10.0f}")
    lines.append(f"({result['queries']} single queries, batch of {result['batch']}; "
                 f"{result['machine']['cpus']} CPUs; profiles streamed into the build, generation time "
                 f"subtracted; peak = ru_maxrss of a fresh process)")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profiles", type=int, required=True, help="profiles to generate and index")
    parser.add_argument("--queries", type=int, default=200, help="single queries timed (default 200)")
    parser.add_argument("--batch", type=int, default=1000, help="opportunities in the batch (default 1000)")
    parser.add_argument("--seed", type=int, default=11, help="generator seed (default 11)")
    parser.add_argument("--same-process", action="store_true",
                        help="measure here, not in a fresh process per system (memory then less precise)")
    parser.add_argument("--only", choices=SYSTEMS,
                        help="measure one system (at a million profiles the baseline alone takes most of an hour)")
    parser.add_argument("--json", metavar="PATH", help="also write the result as JSON to PATH")


def run(args) -> int:
    if args.profiles < 1 or args.queries < 1 or args.batch < 0:
        print("error: --profiles and --queries must be at least 1, --batch at least 0", file=sys.stderr)
        return 2
    systems = (args.only,) if args.only else SYSTEMS
    result = bench(args.profiles, args.queries, args.batch, args.seed, args.same_process, systems)
    print(table(result))
    print(json.dumps(result))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=2)
    return 0
