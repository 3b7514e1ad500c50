"""`python -m matching evaluate`: ranking quality on a seeded labelled set, beside a plain TF-IDF baseline.

Metrics (also for officers' past decisions, through `ranking_quality`):
- NDCG@k: DCG = sum over the top k of (2^grade - 1) / log2(rank + 1), divided by the DCG of the ideal
  order of all the query's labelled grades; a profile without a label has grade 0.
- Recall@k: the share of the query's relevant profiles (grade >= `relevant`, 2 by default: "right
  person") found in the top k, out of min(k, their number), so that a perfect ranking scores 1.
A query with no positive label has nothing to find and is left out of both means.

The baseline is what a keyword search would do: sklearn's TfidfVectorizer with its defaults, fitted on
the profiles' text (summary, skills, sectors, education), cosine against the opportunity's text (title,
description, skills, sector, region); no hard rules, no taxonomy.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.index import MatchIndex
from matching.model import Opportunity, Profile
from matching.synth import Generator

K = 10


def _dcg(grades) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ranking_quality(ranked_ids_per_query: dict[str, list[str]], labels: dict[str, dict[str, int]],
                    k: int = K, relevant: int = 2) -> dict:
    """Mean NDCG@k and Recall@k. `ranked_ids_per_query`: query id -> profile ids, best first;
    `labels`: query id -> profile id -> grade (0, 1, 2; officers' accepted/rejected as 1/0 with
    relevant=1). Queries labelled but missing from the rankings count as empty rankings."""
    ndcgs, recalls = [], []
    for qid, graded in labels.items():
        ideal = _dcg(sorted((g for g in graded.values() if g > 0), reverse=True)[:k])
        if ideal == 0:
            continue
        top = list(ranked_ids_per_query.get(qid, ()))[:k]
        ndcgs.append(_dcg([max(graded.get(pid, 0), 0) for pid in top]) / ideal)
        wanted = {pid for pid, g in graded.items() if g >= relevant}
        if wanted:
            recalls.append(len(wanted.intersection(top)) / min(k, len(wanted)))
    return {f"ndcg@{k}": float(np.mean(ndcgs)) if ndcgs else 0.0,
            f"recall@{k}": float(np.mean(recalls)) if recalls else 0.0, "queries": len(ndcgs)}


# --- the plain baseline -----------------------------------------------------------------------------

def profile_text(p: Profile) -> str:
    education = " ".join(f"{e.get('degree', '')} {e.get('field', '')}" for e in p.education)
    return " ".join([p.summary, *p.skills, *p.sectors, *p.investment_sectors, education])


def opportunity_text(o: Opportunity) -> str:
    return " ".join([o.title, o.description, *o.required_skills, *o.preferred_skills, o.sector, o.region])


class TfidfBaseline:
    """Keyword search: TF-IDF cosine between profile and opportunity text, nothing else."""

    def build(self, profiles) -> TfidfBaseline:
        """`profiles`: any iterable, read once (a generator streams: only the ids and the matrix stay)."""
        self.ids_ = []

        def texts():
            for p in profiles:
                self.ids_.append(p.id)
                yield profile_text(p)

        self.vectorizer_ = TfidfVectorizer(dtype=np.float32)
        self.matrix_ = self.vectorizer_.fit_transform(texts()).tocsr()
        return self

    def rank(self, opportunity: Opportunity, top: int = K) -> list[str]:
        return self.rank_many([opportunity], top)[0]

    def rank_many(self, opportunities, top: int = K, chunk: int = 32) -> list[list[str]]:
        opportunities = list(opportunities)
        out = []
        for start in range(0, len(opportunities), chunk):
            queries = self.vectorizer_.transform(opportunity_text(o) for o in opportunities[start:start + chunk])
            scores = self.matrix_ @ queries.T  # profiles x queries, sparse
            scores = scores.toarray() if sp.issparse(scores) else np.asarray(scores)
            for column in scores.T:
                out.append([self.ids_[i] for i in _top(column, top)])
        return out


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(scores))
    if k == 0:
        return np.zeros(0, int)
    cut = np.argpartition(-scores, k - 1)[:k]
    return cut[np.argsort(-scores[cut], kind="stable")]


# --- the command ------------------------------------------------------------------------------------

def evaluate(seed: int = 7, n_profiles: int = 5000, n_opportunities: int = 200) -> dict:
    started = time.perf_counter()
    data = Generator(seed).dataset(n_profiles, n_opportunities)
    generated = time.perf_counter()
    index = MatchIndex().build(data.profiles)
    engine = {o.id: [m.profile_id for m in ms]
              for o, ms in zip(data.opportunities, index.rank_many(data.opportunities, top=K))}
    ranked = time.perf_counter()
    baseline_index = TfidfBaseline().build(data.profiles)
    baseline = dict(zip((o.id for o in data.opportunities), baseline_index.rank_many(data.opportunities, top=K)))
    done = time.perf_counter()
    result = {"seed": seed, "profiles": len(data.profiles), "opportunities": len(data.opportunities),
              "engine": ranking_quality(engine, data.labels), "baseline": ranking_quality(baseline, data.labels),
              "by_kind": {}, "seconds": {"generate": round(generated - started, 2),
                                         "engine": round(ranked - generated, 2),
                                         "baseline": round(done - ranked, 2)}}
    for kind in ("fellowship", "investment_lead"):
        labels = {o.id: data.labels[o.id] for o in data.opportunities if o.kind == kind}
        result["by_kind"][kind] = {"engine": ranking_quality(engine, labels),
                                   "baseline": ranking_quality(baseline, labels)}
    result["difference"] = {m: result["engine"][m] - result["baseline"][m] for m in (f"ndcg@{K}", f"recall@{K}")}
    return result


def table(result: dict) -> str:
    rows = [("all", result["engine"], result["baseline"])]
    rows += [(kind, r["engine"], r["baseline"]) for kind, r in result["by_kind"].items()]
    lines = [f"seed {result['seed']}: {result['profiles']} profiles, {result['opportunities']} opportunities",
             f"{'queries':<18}{'n':>5}  {'engine NDCG@10':>15}{'baseline':>10}{'diff':>8}"
             f"  {'engine R@10':>12}{'baseline':>10}{'diff':>8}"]
    for name, e, b in rows:
        lines.append(f"{name:<18}{e['queries']:>5}  {e['ndcg@10']:>15.3f}{b['ndcg@10']:>10.3f}"
                     f"{e['ndcg@10'] - b['ndcg@10']:>+8.3f}  {e['recall@10']:>12.3f}{b['recall@10']:>10.3f}"
                     f"{e['recall@10'] - b['recall@10']:>+8.3f}")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    parser.add_argument("--profiles", type=int, default=5000, help="profiles, planted ones included (default 5000)")
    parser.add_argument("--opportunities", type=int, default=200, help="labelled opportunities (default 200)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")


def run(args) -> int:
    try:
        result = evaluate(args.seed, args.profiles, args.opportunities)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result) if args.json else table(result))
    return 0
