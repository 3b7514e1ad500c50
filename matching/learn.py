"""Learning to rank from graded decisions, judged only on opportunities the learner never saw.

Grades are the programme's to give (the web app's programme domain grades its decision trail: a placement
3 above a ministry's acceptance 2 above an officer's proposal 1 above a rejection 0); the engine assumes
only that a higher grade is a better match, and compares candidates within one opportunity.

`learn` holds decisions apart by opportunity (GroupKFold): each fold's FitScorer learns from the other
opportunities' decisions and re-ranks the held-apart ones, so every opportunity is judged once by weights
that never saw it. NDCG@10 and Recall@10 (grade >= 1 relevant) of those re-rankings, pooled over the
folds, are set against the starting weights' on the same decisions. Only when the learnt weights rank
the held-apart decisions better are they learnt again from every decision and put to use; otherwise, or
with too few decisions or opportunities, the starting weights stay and the outcome's reason says why.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import GroupKFold

from matching.eval.metrics import ranking_quality
from matching.features import FEATURES
from matching.index import MatchIndex
from matching.model import Decision, Reason
from matching.scorer import FitScorer
from matching.taxonomy import Taxonomy

CUTOFF = 10
FOLDS = 5
MIN_OPPORTUNITIES = 20  # below it, learnt weights overfit the few opportunities (docs/matching-benchmarks.md)
NDCG, RECALL = f"ndcg@{CUTOFF}", f"recall@{CUTOFF}"


@dataclass
class Outcome:
    """`scorer`: the learnt scorer to use, or None when the starting weights stay (`reason` says why).
    `before` and `after`: ranking quality on held-apart decisions of the starting and the learnt weights."""
    reason: Reason
    n_decisions: int
    scorer: FitScorer | None = None
    before: dict[str, float] = field(default_factory=dict)
    after: dict[str, float] = field(default_factory=dict)


def decision_index(decisions: Sequence[Decision], taxonomy: Taxonomy | None = None) -> MatchIndex:
    """An index over the decided profiles: what the features and re-rankings of the decisions are read from."""
    return MatchIndex(taxonomy=taxonomy).build({d.profile.id: d.profile for d in decisions}.values())


def design(decisions: Sequence[Decision], index: MatchIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """FitScorer's X (features in FEATURES order), y (grades) and groups (opportunity ids) of the decisions."""
    X = np.zeros((len(decisions), len(FEATURES)), np.float64)
    for opportunity_id, rows in _by_opportunity(decisions).items():
        X[rows] = index.features([decisions[i].profile.id for i in rows], decisions[rows[0]].opportunity)
    return X, np.array([d.grade for d in decisions], int), np.array([d.opportunity.id for d in decisions])


def learn(decisions: Sequence[Decision], start: FitScorer | None = None, taxonomy: Taxonomy | None = None,
          folds: int = FOLDS, min_opportunities: int = MIN_OPPORTUNITIES) -> Outcome:
    start = start if start is not None else FitScorer()
    decisions = list(decisions)
    opportunities = len({d.opportunity.id for d in decisions})
    if len(decisions) < start.min_decisions:
        return Outcome(Reason("weights_kept_few", {"decisions": len(decisions), "needed": start.min_decisions}),
                       len(decisions))
    if opportunities < min_opportunities:
        return Outcome(Reason("weights_kept_few_opportunities",
                              {"opportunities": opportunities, "needed": min_opportunities}), len(decisions))
    index = decision_index(decisions, taxonomy)
    X, y, groups = design(decisions, index)
    held_apart_start, held_apart_learnt = [], []
    for train, test in GroupKFold(n_splits=min(folds, opportunities)).split(X, y, groups):
        # The minimum applies to the whole history, checked above; each fold learns from what it holds.
        fold = clone(start).set_params(min_decisions=1).fit(X[train], y[train], groups[train])
        held_apart_start.append((test, start))
        held_apart_learnt.append((test, fold))
    before = _quality(decisions, index, held_apart_start)
    after = _quality(decisions, index, held_apart_learnt)
    if after[NDCG] <= before[NDCG]:
        return Outcome(Reason("weights_kept_no_gain", {"before": before[NDCG], "after": after[NDCG]}),
                       len(decisions), None, before, after)
    scorer = clone(start).fit(X, y, groups)
    return Outcome(scorer.reason_, len(decisions), scorer if scorer.learnt_ else None, before, after)


def _quality(decisions: list[Decision], index: MatchIndex, folds: list[tuple[np.ndarray, FitScorer]]
            ) -> dict[str, float]:
    """NDCG@10 and Recall@10 over every fold's held-apart decisions, each opportunity's candidates re-ranked by
    that fold's scorer, as one set."""
    rankings: dict[str, list[str]] = {}
    labels: dict[str, dict[str, int]] = {}
    for test, scorer in folds:
        part = [decisions[i] for i in test]
        index.scorer = scorer
        for opportunity_id, rows in _by_opportunity(part).items():
            matches = index.score_pairs([(part[i].profile.id, part[i].opportunity) for i in rows], explain=False)
            rankings[opportunity_id] = [m.profile_id for m in sorted(
                matches, key=lambda m: (not m.eligible, -m.score, m.profile_id))]
            labels[opportunity_id] = {part[i].profile.id: part[i].grade for i in rows}
    result = ranking_quality(rankings, labels, k=CUTOFF, relevant=1)
    return {name: round(result[name], 4) for name in (NDCG, RECALL)}


def _by_opportunity(decisions: Sequence[Decision]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i, d in enumerate(decisions):
        groups.setdefault(d.opportunity.id, []).append(i)
    return groups
