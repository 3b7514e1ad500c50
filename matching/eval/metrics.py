"""Ranking metrics over graded labels (grade 0 = not relevant; a profile without a label has grade 0).

- NDCG@k: DCG = sum over the top k of (2^grade - 1) / log2(rank + 1), divided by the DCG of the ideal
  order of all the query's labelled grades.
- Recall@k: the share of the query's relevant profiles (grade >= `relevant`) found in the top k, out of
  min(k, their number), so that a perfect ranking scores 1.
- MRR@m: 1 / the rank of the first relevant profile within the top m, 0 when there is none.
A query with no positive label has nothing to find and is left out of every mean.
"""
from __future__ import annotations

import math

import numpy as np

K = 10
MRR_DEPTH = 50


def _dcg(grades) -> float:
    return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def ranking_quality(ranked_ids_per_query: dict[str, list[str]], labels: dict[str, dict[str, int]],
                    k: int = K, relevant: int = 2, mrr_depth: int = MRR_DEPTH) -> dict:
    """Mean NDCG@k, Recall@k and MRR@mrr_depth. `ranked_ids_per_query`: query id -> profile ids, best
    first; `labels`: query id -> profile id -> grade (officers' accepted/rejected as 1/0 with
    relevant=1). Queries labelled but missing from the rankings count as empty rankings."""
    ndcgs, recalls, rrs = [], [], []
    for qid, graded in labels.items():
        ideal = _dcg(sorted((g for g in graded.values() if g > 0), reverse=True)[:k])
        if ideal == 0:
            continue
        ranked = list(ranked_ids_per_query.get(qid, ()))
        top = ranked[:k]
        ndcgs.append(_dcg([max(graded.get(pid, 0), 0) for pid in top]) / ideal)
        wanted = {pid for pid, g in graded.items() if g >= relevant}
        if wanted:
            recalls.append(len(wanted.intersection(top)) / min(k, len(wanted)))
            rrs.append(next((1 / (i + 1) for i, pid in enumerate(ranked[:mrr_depth]) if pid in wanted), 0.0))
    return {f"ndcg@{k}": _mean(ndcgs), f"recall@{k}": _mean(recalls), f"mrr@{mrr_depth}": _mean(rrs),
            "queries": len(ndcgs)}


def _mean(values) -> float:
    return float(np.mean(values)) if values else 0.0


def pairwise_accuracy(pairs: list[tuple[float, float]]) -> float:
    """The share of (better, worse) score pairs where the better one scored strictly higher."""
    return _mean([better > worse for better, worse in pairs])
