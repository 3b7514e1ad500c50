"""FitScorer: the feature weights, by default hand-set, learnt from officers' graded decisions when there are enough.

A scikit-learn estimator: its parameters are set in `__init__` and never changed by `fit` (so `clone`,
`get_params` and `set_params` work); `fit(X, y, groups)` sets the learnt state, `weights_` first.
X holds one row per decided (profile, opportunity) pair, columns in FEATURES order (matching.learn.design
computes them); y its grade (higher is better: matching.learn.GRADES); groups its opportunity.

Pairwise learning to rank: within each opportunity, every two decisions of different grades make a pair,
and a class-balanced L2 logistic regression without intercept (lbfgs, fixed random_state: deterministic)
learns which feature differences put the better-graded one first; a pair weighs its grade difference, so
a placement above a rejection teaches more than a proposal above one. Only the order within an opportunity
counts, because that is all the score is used for. Coefficients become weights: negative ones are cut to 0
(a feature is evidence for a match or nothing), and they are rescaled so that the learnt features keep the
total weight they had in `weights`; a feature that never differed within an opportunity (say, network
countries when only fellowships were decided) keeps its weight, because the decisions say nothing about it.
Fewer than `min_decisions` decisions, or no two of different grades on one opportunity, keeps `weights` and
says so in `message_`.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from matching.explain import render
from matching.features import DEFAULT_WEIGHTS, FEATURES
from matching.model import Reason

FORMAT = "ura-matching-weights"
FORMAT_VERSION = 1


class FitScorer(BaseEstimator):
    """`weights`: the starting weights (None: the hand-set defaults), kept when the decisions teach nothing."""

    def __init__(self, weights: dict[str, float] | None = None, min_decisions: int = 20, C: float = 1.0,
                 random_state: int = 0):
        self.weights = weights
        self.min_decisions = min_decisions
        self.C = C
        self.random_state = random_state

    @property
    def weights_in_use(self) -> dict[str, float]:
        """What the index scores with: the fitted weights, or before any fit the starting ones."""
        return self.weights_ if hasattr(self, "weights_") else self._base_weights()

    def _base_weights(self) -> dict[str, float]:
        return dict(DEFAULT_WEIGHTS if self.weights is None else self.weights)

    @property
    def reason(self) -> Reason:
        return self.reason_ if hasattr(self, "reason_") else Reason("weights_default")

    @property
    def message(self) -> str:
        return self.message_ if hasattr(self, "message_") else render(self.reason)

    @property
    def version(self) -> str:
        return self.version_ if hasattr(self, "version_") else "default"

    def fit(self, X, y, groups) -> FitScorer:
        X, y, groups = np.asarray(X, np.float64), np.asarray(y), np.asarray(groups)
        starting = self._base_weights()
        base = {f: starting.get(f, 0.0) for f in FEATURES}  # a feature the starting weights leave out weighs 0
        self.n_decisions_ = len(y)
        self.weights_, self.learnt_, self.version_ = base, False, "default"
        diffs, signs, pair_weights = _pairs(X, y, groups)
        if len(y) < self.min_decisions or len(signs) == 0:
            self._say(Reason("weights_kept_few", {"decisions": len(y), "needed": self.min_decisions}))
            return self
        model = LogisticRegression(C=self.C, fit_intercept=False, class_weight="balanced",
                                   random_state=self.random_state, max_iter=1000)
        model.fit(diffs, signs, sample_weight=pair_weights)
        coef = np.clip(model.coef_[0], 0, None)
        varied = np.abs(diffs).max(axis=0) > 1e-9
        if coef[varied].sum() <= 0:
            self._say(Reason("weights_kept_no_signal"))
            return self
        budget = sum(base[f] for f, v in zip(FEATURES, varied) if v)
        scale = budget / coef[varied].sum()
        self.weights_ = {f: round(float(c * scale), 6) if v else base[f] for f, c, v in zip(FEATURES, coef, varied)}
        self.learnt_ = True
        self._say(Reason("weights_learnt", {"decisions": len(y), "accepted": int((y > 0).sum())}))
        self.version_ = "learnt-" + hashlib.sha256(json.dumps(self.weights_, sort_keys=True).encode()).hexdigest()[:12]
        return self

    def _say(self, reason: Reason) -> None:
        self.reason_, self.message_ = reason, render(reason)

    def save(self, path: str | Path) -> None:
        check_is_fitted(self)
        Path(path).write_text(json.dumps({
            "format": FORMAT, "format_version": FORMAT_VERSION, "version": self.version_,
            "fitted": self.learnt_, "message": self.message_, "reason": self.reason_.to_dict(),
            "n_decisions": self.n_decisions_, "weights": self.weights_,
        }, indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> FitScorer:
        """A fitted scorer from a saved file ("fitted" in the file means learnt, as it always has)."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"{path}: not a {FORMAT} file of format version {FORMAT_VERSION}")
        scorer = cls()
        scorer.weights_ = dict(DEFAULT_WEIGHTS)
        scorer.weights_.update({f: float(w) for f, w in data["weights"].items() if f in DEFAULT_WEIGHTS})
        scorer.version_ = str(data["version"])
        scorer.learnt_ = bool(data.get("fitted"))
        scorer.n_decisions_ = int(data.get("n_decisions", 0))
        # Files saved before reasons were data carry the English message only.
        scorer.reason_ = Reason.from_dict(data["reason"]) if data.get("reason") else None
        scorer.message_ = str(data.get("message", ""))
        return scorer


def _pairs(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Both orders of every two decisions of different grades on one opportunity: the feature difference,
    1 when the first is better graded, and the grade difference as the pair's weight."""
    diffs, signs, weights = [], [], []
    for group in np.unique(groups):
        rows = np.flatnonzero(groups == group)
        better = y[rows][:, None] > y[rows][None, :]
        i, j = np.nonzero(better)
        if len(i) == 0:
            continue
        d = X[rows[i]] - X[rows[j]]
        w = (y[rows[i]] - y[rows[j]]).astype(np.float64)
        diffs += [d, -d]
        signs += [np.ones(len(i), int), np.zeros(len(i), int)]
        weights += [w, w]
    if not diffs:
        return np.zeros((0, len(FEATURES))), np.zeros(0, int), np.zeros(0)
    return np.vstack(diffs), np.concatenate(signs), np.concatenate(weights)
