"""`python -m matching evaluate --set NAME`: ranking quality on a labelled set, beside the baseline.

For the set (matching/eval/sets.py) the engine and the keyword baseline (matching/eval/baseline.py:
character TF-IDF plus the hard rules) rank every opportunity in the same run; NDCG@10, Recall@10 (grade
>= 2 is "right person") and MRR@50 (matching/eval/metrics.py) are given for all queries, per kind of
opportunity, and per language where the set labels the language each profile is written in: the subset
of language L is the set with only L's profiles (the full ranking filtered to them, their labels only), so
the figure says how well the engine orders people who write in L.
Pairwise accuracy is given where every query has a grade-2 and a grade-1 profile (RJDB: matched above
weakened résumé).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from matching.bench import rjdb
from matching.eval import sets
from matching.eval.baseline import TfidfBaseline
from matching.eval.metrics import K, MRR_DEPTH, pairwise_accuracy, ranking_quality
from matching.index import MatchIndex


METRICS = (f"ndcg@{K}", f"recall@{K}", f"mrr@{MRR_DEPTH}")
SYSTEMS = ("engine", "baseline")


def _depth(labelled: sets.LabelledSet) -> int:
    """Ranks needed: MRR_DEPTH, or every profile when per-language subsets filter the ranking."""
    return len(labelled.profiles) if labelled.language_of else max(K, MRR_DEPTH)


def _pairs(labels) -> list[tuple[str, str, str]]:
    """(query, grade-2 profile, grade-1 profile) for every query that has both."""
    out = []
    for qid, graded in labels.items():
        best = [p for p, g in graded.items() if g == 2]
        weaker = [p for p, g in graded.items() if g == 1]
        out += [(qid, b, w) for b in best for w in weaker]
    return out


def _quality(rankings, labelled: sets.LabelledSet, opportunity_ids) -> dict:
    labels = {q: labelled.labels[q] for q in opportunity_ids}
    return ranking_quality(rankings, labels)


def _by_language(rankings, labelled: sets.LabelledSet) -> dict[str, dict]:
    out = {}
    for language in sorted(set(labelled.language_of.values())):
        def mine(pid):
            return labelled.language_of.get(pid) == language
        labels = {q: {p: g for p, g in graded.items() if mine(p)} for q, graded in labelled.labels.items()}
        out[language] = ranking_quality({q: [p for p in ranked if mine(p)] for q, ranked in rankings.items()},
                                        labels)
    return out


def evaluate(name: str = "generator", seed: int = 7, n_profiles: int = 5000, n_opportunities: int = 200,
             rjdb_path: str | Path = rjdb.DEFAULT_PATH) -> dict:
    started = time.perf_counter()
    labelled = sets.load(name, seed, n_profiles, n_opportunities, rjdb_path)
    loaded = time.perf_counter()
    depth = _depth(labelled)
    index = MatchIndex().build(labelled.profiles)
    engine = {o.id: [m.profile_id for m in ms]
              for o, ms in zip(labelled.opportunities, index.rank_many(labelled.opportunities, top=depth))}
    pairs = _pairs(labelled.labels)
    opportunity = {o.id: o for o in labelled.opportunities}
    engine_pairs = _pair_scores(index, pairs, opportunity)
    ranked = time.perf_counter()
    baseline_index = TfidfBaseline().build(labelled.profiles)
    baseline = dict(zip(opportunity, baseline_index.rank_many(labelled.opportunities, top=depth)))
    baseline_pairs = _baseline_pair_scores(baseline_index, pairs, labelled.opportunities)
    done = time.perf_counter()
    result = {"set": name, "note": labelled.note, "profiles": len(labelled.profiles),
              "opportunities": len(labelled.opportunities),
              "seconds": {"load": round(loaded - started, 2), "engine": round(ranked - loaded, 2),
                          "baseline": round(done - ranked, 2)}}
    for system, rankings, pair_scores in (("engine", engine, engine_pairs), ("baseline", baseline, baseline_pairs)):
        result[system] = ranking_quality(rankings, labelled.labels)
        if pairs:
            result[system]["pairwise"] = pairwise_accuracy(pair_scores)
        result[system]["by_kind"] = {
            kind: _quality(rankings, labelled, [o.id for o in labelled.opportunities if o.kind == kind])
            for kind in sorted({o.kind for o in labelled.opportunities})}
        result[system]["by_language"] = _by_language(rankings, labelled)
    result["difference"] = {m: result["engine"][m] - result["baseline"][m] for m in METRICS}
    return result


def _pair_scores(index: MatchIndex, pairs, opportunity) -> list[tuple[float, float]]:
    """Eligibility first, then the score: the order the engine ranks in."""
    def key(m):
        return (1000.0 if m.eligible else 0.0) + m.score
    out = []
    for qid, better, worse in pairs:
        a, b = index.score_pairs([(better, opportunity[qid]), (worse, opportunity[qid])], explain=False)
        out.append((key(a), key(b)))
    return out


def _baseline_pair_scores(baseline: TfidfBaseline, pairs, opportunities) -> list[tuple[float, float]]:
    if not pairs:
        return []
    scores = baseline.scores(opportunities)
    row = {pid: i for i, pid in enumerate(baseline.ids_)}
    column = {o.id: j for j, o in enumerate(opportunities)}
    return [(float(scores[row[b], column[q]]), float(scores[row[w], column[q]])) for q, b, w in pairs]


def table(result: dict) -> str:
    e, b = result["engine"], result["baseline"]
    head = f"{'queries':<22}{'n':>5}" + "".join(f"{'engine ' + m:>17}{'baseline':>9}{'diff':>7}" for m in METRICS)
    lines = [f"set {result['set']} ({result['note']}): {result['profiles']} profiles, "
             f"{result['opportunities']} opportunities" if result["note"] else
             f"set {result['set']}: {result['profiles']} profiles, {result['opportunities']} opportunities", head]

    def row(name, er, br):
        return f"{name:<22}{er['queries']:>5}" + "".join(
            f"{er[m]:>17.3f}{br[m]:>9.3f}{er[m] - br[m]:>+7.3f}" for m in METRICS)
    lines.append(row("all", e, b))
    lines += [row(kind, e["by_kind"][kind], b["by_kind"][kind]) for kind in e["by_kind"]]
    lines += [row(f"language {lang}", e["by_language"][lang], b["by_language"][lang]) for lang in e["by_language"]]
    if "pairwise" in e:
        lines.append(f"pairwise accuracy (grade 2 above grade 1): engine {e['pairwise']:.3f}, "
                     f"baseline {b['pairwise']:.3f}")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", dest="set_name", default="generator", choices=sets.NAMES,
                        help="labelled set (default generator)")
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    parser.add_argument("--profiles", type=int, default=5000, help="generator: profiles, planted ones included")
    parser.add_argument("--opportunities", type=int, default=200, help="generator: labelled opportunities")
    parser.add_argument("--rjdb", default=str(rjdb.DEFAULT_PATH), help="rjdb: the test triples (JSON lines)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")


def run(args) -> int:
    try:
        result = evaluate(args.set_name, args.seed, args.profiles, args.opportunities, args.rjdb)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result) if args.json else table(result))
    return 0
