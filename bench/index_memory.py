"""Memory of W workers holding the matching index: each its own copy, or one snapshot mapped by all (issue 13, item 5).

    .venv/bin/python -m bench.index_memory --profiles 1000000 --workers 4 [--cache DIR] [--json PATH]

1. The index of N generated profiles (matching/eval/synth.py, seed 11) is built once and saved as a snapshot under
   --cache (default /tmp/ura-index-bench); later runs reuse it while the engine's fingerprint matches.
2. For each mode, W worker processes (spawned, so nothing is inherited) import the engine and wait; their
   PSS is read from /proc/<pid>/smaps_rollup (the baseline). Then each loads the index ("loaded"), and then
   answers what a review page asks (a top 10 with explanations, a filtered ranking's first 20 rows and their
   explanations) for a few postings ("pages": timed, the first apart); after each stage every worker waits,
   holding the index, while all their PSS are read:
   - private (before): `snapshot.load(mmap=False)`, every worker reads the arrays into its own memory, as
     every worker held its own index before snapshots;
   - mapped (after): `snapshot.load()`, every worker maps the same files read-only (shared page cache).
3. A worker's index memory is its PSS at a stage minus its baseline. "One index" is the private mode's mean;
   PSS divides each shared page among the processes mapping it, so the mapped mode's sum counts the pages
   the workers touched once. Pages of the files in the page cache that no worker touched count in no PSS;
   the conservative figure adds the whole snapshot once to the workers' private memory instead.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

import numpy as np

MODES = ("private", "mapped")
KIB = 1024
POSTINGS = 6  # postings each worker answers for (--postings); the first, which warms caches, is not timed
TARGET_RATIO = 1.3


def smaps(pid: int) -> dict[str, float]:
    """/proc/<pid>/smaps_rollup in MiB (Rss, Pss, Pss_Anon, Pss_File, Private_Dirty, ...)."""
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        out[key] = int(rest.split()[0]) / KIB
    return out


def build_snapshot(n: int, seed: int, folder: Path) -> dict:
    """Build the index of n generated profiles and save it as a snapshot in `folder` (run in its own process)."""
    from matching import snapshot
    from matching.index import MatchIndex
    from matching.eval.synth import Generator, Vocabulary

    started = time.perf_counter()
    index = MatchIndex().build(Generator(seed, Vocabulary()).iter_profiles(n))
    built = time.perf_counter()
    saved = snapshot.save(index, folder, epoch=0, version=n)
    return {"build_s": round(built - started, 1), "save_s": round(time.perf_counter() - built, 1),
            "snapshot": saved.name}


def worker(connection, path: str, mode: str, seed: int, postings: int = POSTINGS) -> None:
    """Import, wait; load the index, wait; answer a review page's questions for a few postings, wait."""
    from matching import snapshot
    from matching.index import RankFilter
    from matching.eval.synth import Generator, Vocabulary

    postings = Generator(seed + 1, Vocabulary()).opportunities(postings)
    connection.send("imported")
    connection.recv()
    started = time.perf_counter()
    index = snapshot.load(path, mmap=(mode == "mapped"))
    connection.send({"load_s": round(time.perf_counter() - started, 2)})
    connection.recv()
    timings = []
    for posting in postings:
        started = time.perf_counter()
        index.rank(posting, top=10, explain=True)
        page, _scores, _eligible = index.ranking(posting, RankFilter(eligible_only=True)).head(20)
        index.score_pairs([(pid, posting) for pid in page], explain=True)
        timings.append((time.perf_counter() - started) * 1000)
    connection.send({"page_ms": [round(t, 1) for t in timings]})
    connection.recv()


def measure(path: Path, mode: str, workers: int, seed: int, postings: int) -> dict:
    context = multiprocessing.get_context("spawn")
    pipes, processes = [], []
    for _ in range(workers):
        mine, theirs = context.Pipe()
        process = context.Process(target=worker, args=(theirs, str(path), mode, seed, postings))
        process.start()
        pipes.append(mine)
        processes.append(process)
    try:
        for pipe in pipes:
            pipe.recv()
        baseline = [smaps(p.pid) for p in processes]
        stages = {}
        for stage in ("loaded", "pages"):  # every worker alive and holding the index while PSS is read
            for pipe in pipes:
                pipe.send(stage)
            reports = [pipe.recv() for pipe in pipes]
            stages[stage] = ([smaps(p.pid) for p in processes], reports)
        for pipe in pipes:
            pipe.send("exit")
    finally:
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    out = {}
    for stage, (after, reports) in stages.items():
        out[stage] = {
            "workers": [{"pss": round(a["Pss"], 1), "rss": round(a["Rss"], 1), "index_pss": round(a["Pss"] - b["Pss"], 1),
                         "private_dirty": round(a["Private_Dirty"] - b["Private_Dirty"], 1), **r}
                        for a, b, r in zip(after, baseline, reports)],
            "index_pss_total": round(sum(a["Pss"] - b["Pss"] for a, b in zip(after, baseline)), 1),
            "private_total": round(sum(a["Private_Dirty"] - b["Private_Dirty"] for a, b in zip(after, baseline)), 1),
        }
    pages = [t for w in out["pages"]["workers"] for t in w["page_ms"][1:]]
    out["baseline_pss"] = [round(b["Pss"], 1) for b in baseline]
    out["load_s"] = max(w["load_s"] for w in out["loaded"]["workers"])
    out["page_p50_ms"] = round(float(np.percentile(pages, 50)), 1) if pages else None
    out["page_p95_ms"] = round(float(np.percentile(pages, 95)), 1) if pages else None
    return out


def run(n: int, workers: int, seed: int, cache: Path, postings: int = POSTINGS) -> dict:
    from matching import snapshot

    folder = cache / f"profiles-{n}-seed-{seed}"
    found = snapshot.newest(folder)
    result = {"profiles": n, "workers": workers, "seed": seed, "postings": postings, "cpus": os.cpu_count(),
              "load_average": os.getloadavg()[0]}
    if found is None:
        print(f"building the index of {n:,} profiles into {folder} …", flush=True)
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            result["build"] = pool.apply(build_snapshot, (n, seed, folder))
        found = snapshot.newest(folder)
    manifest = snapshot.read_manifest(found.path)
    result["snapshot_mib"] = round(manifest["bytes"] / KIB ** 2, 1)
    for mode in MODES:
        print(f"{mode}: {workers} workers …", flush=True)
        result[mode] = measure(found.path, mode, workers, seed, postings)
    for stage in ("loaded", "pages"):
        one = result["private"][stage]["index_pss_total"] / workers
        mapped = result["mapped"][stage]
        result[stage] = {"one_index_mib": round(one, 1), "ratio_pss": round(mapped["index_pss_total"] / one, 3),
                         "ratio_conservative": round((mapped["private_total"] + result["snapshot_mib"]) / one, 3)}
    result["target_met"] = result["pages"]["ratio_pss"] <= TARGET_RATIO
    return result


def table(result: dict) -> str:
    w = result["workers"]
    lines = [f"{result['profiles']:,} profiles, {w} workers; snapshot {result['snapshot_mib']:,.0f} MiB on disk",
             f"{'mode':<9}{'stage':<8}{'index PSS, all workers':>24}{'private':>12}{'load s':>8}{'page p50 / p95 ms':>19}"]
    for mode in MODES:
        m = result[mode]
        for stage in ("loaded", "pages"):
            s = m[stage]
            timing = (f"{m['load_s']:>8.1f}{'':>19}" if stage == "loaded"
                      else f"{'':>8}{m['page_p50_ms'] or 0:>12.0f} / {m['page_p95_ms'] or 0:.0f}")
            lines.append(f"{mode:<9}{stage:<8}{s['index_pss_total']:>20,.0f} MiB{s['private_total']:>8,.0f} MiB{timing}")
    for stage in ("loaded", "pages"):
        r = result[stage]
        lines.append(f"{stage}: one index {r['one_index_mib']:,.0f} MiB; mapped, all workers / one index: "
                     f"{r['ratio_pss']:.2f} by PSS, {r['ratio_conservative']:.2f} counting the whole snapshot once")
    lines.append(f"target <= {TARGET_RATIO} after the pages by PSS: {'met' if result['target_met'] else 'missed'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--postings", type=int, default=POSTINGS, help="review pages each worker answers")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/ura-index-bench"))
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    if sys.platform != "linux":
        print("error: PSS is read from /proc/<pid>/smaps_rollup (Linux only)", file=sys.stderr)
        return 2
    result = run(args.profiles, args.workers, args.seed, args.cache, args.postings)
    print(table(result))
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
