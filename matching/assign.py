"""Allocation of a whole call: each person fills at most one position, each opportunity at most
`positions` people, only eligible pairs with score >= min_score, maximising the total score.

Each opportunity's positions become rows; columns are the people on its candidate list (its
best eligible candidates). Why a list of the best L candidates loses nothing when L >= P, the
number of positions in the whole call: take an optimal allocation that gives opportunity o a person
c outside o's list. The other positions hold at most P - 1 people, so one of o's L >= P listed
candidates is free, and swapping c for that candidate does not lower the total (listed candidates
score at least as high as c). Repeating the swap gives an optimal allocation inside the lists.
L = min(P, max_candidates): exact whenever the call has at most `max_candidates` positions (200 by
default), near-optimal beyond that (a loss needs more than L - positions of an opportunity's top
candidates to be taken by other opportunities at once).

The small problem is solved with scipy.optimize.linear_sum_assignment on a dense matrix; when that
matrix would be large the same graph goes to scipy's sparse min_weight_full_bipartite_matching,
with one "unfilled" column per row so that a full matching always exists.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matching.model import Opportunity

MAX_CANDIDATES = 200
DENSE_CELLS = 4_000_000
FILL_BONUS = 1e-6  # prefer filling a position with a score-0 eligible person over leaving it empty


@dataclass
class Assignment:
    pairs: list[tuple[str, str, float]] = field(default_factory=list)
    total_score: float = 0.0
    unfilled: dict[str, int] = field(default_factory=dict)


def assign(index, opportunities: Iterable[Opportunity], min_score: float = 0.0,
           max_candidates: int = MAX_CANDIDATES, dense_cells: int = DENSE_CELLS) -> Assignment:
    opportunities = list(opportunities)
    total_positions = sum(o.positions for o in opportunities)
    lists = [index.candidates(o, min(total_positions, max_candidates), min_score) for o in opportunities]
    rows = [(oi, slot) for oi, (o, cands) in enumerate(zip(opportunities, lists))
            for slot in range(min(o.positions, len(cands)))]
    people = sorted({pid for cands in lists for pid, _ in cands})
    column = {pid: j for j, pid in enumerate(people)}
    chosen: dict[int, list[tuple[str, float]]] = {}
    if rows and people:
        r_idx, c_idx, scores = [], [], []
        for r, (oi, _) in enumerate(rows):
            for pid, score in lists[oi]:
                r_idx.append(r)
                c_idx.append(column[pid])
                scores.append(score)
        r_idx, c_idx, scores = np.array(r_idx), np.array(c_idx), np.array(scores, dtype=np.float64)
        if len(rows) * len(people) <= dense_cells:
            pairs = _dense(len(rows), len(people), r_idx, c_idx, scores)
        else:
            pairs = _sparse(len(rows), len(people), r_idx, c_idx, scores)
        weight = {(r, c): s for r, c, s in zip(r_idx.tolist(), c_idx.tolist(), scores.tolist())}
        for r, c in pairs:
            if (r, c) in weight:
                chosen.setdefault(rows[r][0], []).append((people[c], weight[(r, c)]))
    result = Assignment()
    for oi, o in enumerate(opportunities):
        got = sorted(chosen.get(oi, []), key=lambda x: (-x[1], x[0]))
        result.pairs += [(o.id, pid, score) for pid, score in got]
        if len(got) < o.positions:
            result.unfilled[o.id] = result.unfilled.get(o.id, 0) + o.positions - len(got)
    result.total_score = round(sum(s for _, _, s in result.pairs), 2)
    return result


def _dense(n_rows, n_cols, r_idx, c_idx, scores) -> list[tuple[int, int]]:
    # Cost 0 for a forbidden cell equals leaving the position empty; such cells are dropped after.
    gain = np.zeros((n_rows, n_cols))
    gain[r_idx, c_idx] = scores + FILL_BONUS
    rows, cols = linear_sum_assignment(gain, maximize=True)
    return list(zip(rows.tolist(), cols.tolist()))


def _sparse(n_rows, n_cols, r_idx, c_idx, scores) -> list[tuple[int, int]]:
    # Costs must be positive (zeros mean "no edge"): cost = offset - score; each row's own extra
    # column, cost = offset, means "unfilled". Minimising the cost maximises the total score.
    offset = 101.0 + FILL_BONUS
    extra = np.arange(n_rows)
    graph = sp.csr_matrix((np.concatenate([offset - FILL_BONUS - scores, np.full(n_rows, offset)]),
                           (np.concatenate([r_idx, extra]), np.concatenate([c_idx, n_cols + extra]))),
                          shape=(n_rows, n_cols + n_rows))
    rows, cols = min_weight_full_bipartite_matching(graph)
    return [(r, c) for r, c in zip(rows.tolist(), cols.tolist()) if c < n_cols]
