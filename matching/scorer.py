"""FitScorer: the feature weights, by default hand-set, learnt from officers' decisions when there are enough.

`fit(decisions)` computes the features of each decided (profile, opportunity) pair with a MatchIndex
over the decided profiles, then fits a class-balanced L2 logistic regression (lbfgs, fixed
random_state: deterministic). Coefficients become weights: negative ones are cut to 0 (a feature
is evidence for a match or nothing), and they are rescaled so that the learnt features keep the
total default weight they had; a feature that never varied in the decisions (say, network
countries when only fellowships were decided) keeps its default weight, because the decisions
say nothing about it. Fewer than `min_decisions` decisions, or only one outcome, keeps the
defaults and says so in `message_`.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from matching.explain import render
from matching.features import DEFAULT_WEIGHTS, FEATURES
from matching.index import MatchIndex
from matching.model import Decision, Reason
from matching.taxonomy import Taxonomy

FORMAT = "ura-matching-weights"
FORMAT_VERSION = 1


class FitScorer:
    def __init__(self, weights: dict[str, float] | None = None, min_decisions: int = 20, C: float = 1.0,
                 random_state: int = 0):
        self.weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
        self.min_decisions = min_decisions
        self.C = C
        self.random_state = random_state
        self.fitted_ = False
        self.reason_ = Reason("weights_default")
        self.message_ = render(self.reason_)
        self.version_ = "default"
        self.n_decisions_ = 0

    def fit(self, decisions: Iterable[Decision], taxonomy: Taxonomy | None = None) -> FitScorer:
        decisions = list(decisions)
        self.n_decisions_ = len(decisions)
        outcomes = {bool(d.accepted) for d in decisions}
        if len(decisions) < self.min_decisions or len(outcomes) < 2:
            self.fitted_ = False
            self._say(Reason("weights_kept_few", {"decisions": len(decisions), "needed": self.min_decisions}))
            return self
        X, y = self._design(decisions, taxonomy)
        model = LogisticRegression(C=self.C, class_weight="balanced", random_state=self.random_state,
                                   max_iter=1000).fit(X, y)
        coef = np.clip(model.coef_[0], 0, None)
        varied = X.std(axis=0) > 1e-9
        learnt = [f for f, v in zip(FEATURES, varied) if v]
        if coef[varied].sum() <= 0:
            self.fitted_ = False
            self._say(Reason("weights_kept_no_signal"))
            return self
        budget = sum(DEFAULT_WEIGHTS[f] for f in learnt)
        scale = budget / coef[varied].sum()
        weights = dict(DEFAULT_WEIGHTS)
        for f, c in zip(FEATURES, coef):
            if f in learnt:
                weights[f] = round(float(c * scale), 6)
        self.weights = weights
        self.fitted_ = True
        self._say(Reason("weights_learnt", {"decisions": len(decisions), "accepted": int(sum(y))}))
        self.version_ = "learnt-" + hashlib.sha256(json.dumps(weights, sort_keys=True).encode()).hexdigest()[:12]
        return self

    def _say(self, reason: Reason) -> None:
        self.reason_, self.message_ = reason, render(reason)

    @staticmethod
    def _design(decisions: list[Decision], taxonomy: Taxonomy | None) -> tuple[np.ndarray, np.ndarray]:
        index = MatchIndex(taxonomy=taxonomy).build({d.profile.id: d.profile for d in decisions}.values())
        groups: dict[str, list[int]] = {}
        for i, d in enumerate(decisions):
            groups.setdefault(d.opportunity.id, []).append(i)
        X = np.zeros((len(decisions), len(FEATURES)), np.float64)
        for rows in groups.values():
            opportunity = decisions[rows[0]].opportunity
            X[rows] = index.features([decisions[i].profile.id for i in rows], opportunity)
        return X, np.array([bool(d.accepted) for d in decisions], dtype=int)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps({
            "format": FORMAT, "format_version": FORMAT_VERSION, "version": self.version_,
            "fitted": self.fitted_, "message": self.message_,
            "reason": self.reason_.to_dict() if self.reason_ else None, "n_decisions": self.n_decisions_,
            "weights": self.weights,
        }, indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> FitScorer:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{path}: not a {FORMAT} file of format version {FORMAT_VERSION}")
        weights = dict(DEFAULT_WEIGHTS)
        weights.update({f: float(w) for f, w in data["weights"].items() if f in DEFAULT_WEIGHTS})
        scorer = cls(weights=weights)
        scorer.version_ = str(data["version"])
        scorer.fitted_ = bool(data.get("fitted"))
        scorer.message_ = str(data.get("message", ""))
        # Files saved before reasons were data carry the English message only.
        scorer.reason_ = Reason.from_dict(data["reason"]) if data.get("reason") else None
        scorer.n_decisions_ = int(data.get("n_decisions", 0))
        return scorer
