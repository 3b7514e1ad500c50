"""`python -m bench.curation`: what a curation decision costs an index, against rebuilding it; figures for
docs/matching-benchmarks.md ("Curated vocabulary").

Background profiles from matching/eval/synth.py (seeded); `--typed` of them also typed a skill no concept reads. The
decision maps that term to the concept a posting asks for: the index re-encodes only those profiles
(`MatchIndex.reencode`) and the next ranking moves them up. Also timed: the rebuild the decision avoids, the
queue's suggestions for one term, and the scan of every typed skill for the queue."""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import time

from matching.curation import Curation, nearest, unmapped_terms
from matching.index import MatchIndex
from matching.model import Opportunity
from matching.eval.synth import Generator
from matching.taxonomy import default_taxonomy

TERM = "gare d'appalto telematiche"
CONCEPT = "a-e-procurement"


def seconds(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=20_000)
    parser.add_argument("--typed", type=int, default=200, help="profiles that typed the unknown term")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    profiles = Generator(seed=args.seed).profiles(args.profiles)
    typed = [dataclasses.replace(p, skills=(*p.skills, TERM)) for p in profiles[:args.typed]]
    profiles[:args.typed] = typed
    posting = Opportunity(id="o1", kind="fellowship", title="E-procurement platform", required_skills=("e-procurement",))

    scan, _found = seconds(lambda: [unmapped_terms(default_taxonomy(), s) for p in profiles for s in p.skills])
    curation = Curation(default_taxonomy())
    build, index = seconds(lambda: MatchIndex(taxonomy=curation.taxonomy).build(profiles))
    first_query, before = seconds(lambda: dict(index.candidates(posting, len(profiles))))
    suggestion_times = [seconds(lambda: nearest(curation.taxonomy, TERM))[0] for _ in range(5)]
    decide, _count = seconds(lambda: (curation.add_alias(TERM, CONCEPT), index.reencode(typed)))
    query, after = seconds(lambda: dict(index.candidates(posting, len(profiles))))
    rebuild, _index = seconds(lambda: MatchIndex(taxonomy=curation.taxonomy).build(profiles))
    raised = sum(after.get(p.id, 0) > before.get(p.id, 0) for p in typed)

    print(f"profiles {args.profiles:,}, of whom {args.typed} typed {TERM!r}")
    print(f"queue scan of every typed skill: {scan:.2f} s")
    print(f"build: {build:.2f} s; rebuild after the decision (what it avoids): {rebuild:.2f} s")
    print(f"decision (alias + re-encoding {args.typed} profiles): {decide * 1000:.1f} ms; "
          f"next ranking {query * 1000:.1f} ms (the first ranking after the build: {first_query * 1000:.1f} ms)")
    print(f"suggestions for one term (median of 5): {statistics.median(suggestion_times) * 1000:.1f} ms")
    print(f"profiles who typed the term and now score higher: {raised} of {args.typed}")


if __name__ == "__main__":
    main()
