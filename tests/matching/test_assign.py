from __future__ import annotations

import itertools
import random

import pytest

from matching.assign import assign
from tests.matching.conftest import expert, fellowship

SKILLS = ["public procurement", "state aid", "antitrust", "HACCP", "olive oil", "statistics", "renewables", "VC"]


def pool(seed: int):
    rng = random.Random(seed)
    people = [expert(f"p{i}", skills=tuple(rng.sample(SKILLS, rng.randint(1, 3))),
                     years_experience=rng.randint(0, 20),
                     languages={"en": rng.choice(["A2", "B2", "C1"])}) for i in range(7)]
    opps = [fellowship(f"o{j}", required_skills=tuple(rng.sample(SKILLS, 2)), min_years_experience=5,
                       languages={"en": "B1"}, positions=rng.randint(1, 2)) for j in range(3)]
    return people, opps


def brute_force(index, opps, min_score):
    """Best total over every way to give each person at most one position."""
    scores = {}
    for o in opps:
        for m in index.rank(o, top=100):
            if m.eligible and m.score >= min_score:
                scores[(o.id, m.profile_id)] = m.score
    slots = [o.id for o in opps for _ in range(o.positions)]
    people = sorted({p for _, p in scores})
    best = 0.0
    for choice in itertools.product([None, *people], repeat=len(slots)):
        used = [c for c in choice if c is not None]
        if len(used) != len(set(used)):
            continue
        if all(c is None or (slot, c) in scores for slot, c in zip(slots, choice)):
            best = max(best, sum(scores[(s, c)] for s, c in zip(slots, choice) if c is not None))
    return best


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("dense_cells", [4_000_000, 0])  # linear_sum_assignment, then the sparse solver
def test_assignment_is_optimal_against_brute_force(build, seed, dense_cells):
    people, opps = pool(seed)
    index = build(people)
    min_score = 10.0
    result = assign(index, opps, min_score=min_score, dense_cells=dense_cells)
    assert result.total_score == pytest.approx(brute_force(index, opps, min_score), abs=0.02)
    assigned = [p for _, p, _ in result.pairs]
    assert len(assigned) == len(set(assigned))
    for o in opps:
        got = [p for oid, p, _ in result.pairs if oid == o.id]
        assert len(got) + result.unfilled.get(o.id, 0) == o.positions
    eligible = {(o.id, m.profile_id) for o in opps for m in index.rank(o, top=100) if m.eligible}
    assert all((oid, p) in eligible and s >= min_score for oid, p, s in result.pairs)


def test_one_person_two_openings_goes_where_the_total_is_largest(build):
    people = [expert("both", skills=("public procurement", "state aid")), expert("pp", skills=("public procurement",))]
    opps = [fellowship("a", required_skills=("public procurement",)),
            fellowship("b", required_skills=("state aid", "public procurement"))]
    result = assign(build(people), opps)
    assert {(o, p) for o, p, _ in result.pairs} == {("a", "pp"), ("b", "both")}
    assert result.unfilled == {}


def test_ineligible_and_low_scores_stay_unfilled(build):
    people = [expert("remote", work_mode="remote", skills=("public procurement",)), expert("weak")]
    opps = [fellowship("a", required_skills=("public procurement",), work_mode="onsite", positions=2)]
    result = assign(build(people), opps, min_score=50)
    assert result.pairs == [] and result.unfilled == {"a": 2} and result.total_score == 0


def test_empty_inputs(build):
    assert assign(build([]), [fellowship("a")]).unfilled == {"a": 1}
    assert assign(build([expert("p")]), []).pairs == []
