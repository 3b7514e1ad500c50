from __future__ import annotations

import json

import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

from matching.features import DEFAULT_WEIGHTS
from matching.learn import decision_index, design
from matching.model import Decision
from matching.scorer import FitScorer
from tests.matching.conftest import expert, fellowship


def decisions(n_per_class: int = 15) -> list[Decision]:
    """Officers accept people holding the required skill and reject the others, whatever their chapters."""
    o = fellowship("o", required_skills=("public procurement",), acquis_chapters=(5, 8, 23),
                   description="procurement adviser")
    out = []
    for i in range(n_per_class):
        out.append(Decision(expert(f"yes{i}", skills=("prokurim publik",), years_experience=i % 7), o, 1))
        out.append(Decision(expert(f"no{i}", skills=("antitrust", "judicial reform"), acquis_chapters=(5, 8, 23),
                                   years_experience=20 - i % 5), o, 0))
    return out


def fitted(ds, taxonomy, **params) -> FitScorer:
    return FitScorer(**params).fit(*design(ds, decision_index(ds, taxonomy)))


def test_fit_learns_weights_deterministically(taxonomy):
    a, b = fitted(decisions(), taxonomy), fitted(decisions(), taxonomy)
    assert a.learnt_ and a.weights_ == b.weights_ and a.version_ == b.version_ != "default"
    assert a.weights_ != DEFAULT_WEIGHTS
    assert a.weights_["required_skills"] > DEFAULT_WEIGHTS["required_skills"]
    assert a.weights_["chapters"] < DEFAULT_WEIGHTS["chapters"]
    assert a.weights_["network_countries"] == DEFAULT_WEIGHTS["network_countries"]  # never varied: kept
    assert all(w >= 0 for w in a.weights_.values())
    assert "learnt from 30 decisions" in a.message_


@pytest.mark.parametrize("ds", [decisions(5), [d for d in decisions() if d.grade], []])
def test_too_few_or_one_sided_decisions_keep_defaults(taxonomy, ds):
    s = fitted(ds, taxonomy) if ds else FitScorer().fit([], [], [])
    assert not s.learnt_ and s.weights_ == DEFAULT_WEIGHTS and s.version_ == "default"
    assert s.message_.startswith("kept the default weights")


def test_a_scikit_learn_estimator_clone_round_trips_and_fit_leaves_the_parameters_alone(taxonomy):
    start = {**DEFAULT_WEIGHTS, "chapters": 0.2}
    scorer = FitScorer(weights=start, min_decisions=10, C=0.5, random_state=3)
    params = scorer.get_params()
    with pytest.raises(NotFittedError):
        check_is_fitted(scorer)
    assert scorer.weights_in_use == start and scorer.version == "default"  # before a fit: the starting weights
    copy = clone(scorer)
    assert copy is not scorer and copy.get_params() == params
    assert copy.set_params(C=2.0).C == 2.0 and scorer.C == 0.5

    X, y, groups = design(decisions(), decision_index(decisions(), taxonomy))
    assert scorer.fit(X, y, groups) is scorer
    check_is_fitted(scorer)
    assert scorer.get_params() == params and scorer.weights == start  # the parameter is never overwritten
    assert scorer.weights_ != start and scorer.weights_in_use == scorer.weights_
    refitted = clone(scorer)
    assert refitted.get_params() == params and not hasattr(refitted, "weights_")  # clone drops the fitted state
    assert refitted.fit(X, y, groups).weights_ == scorer.weights_


def test_learnt_weights_change_the_ranking(build, taxonomy):
    s = fitted(decisions(), taxonomy)
    people = [expert("skill", skills=("public procurement",)),
              expert("chapters", acquis_chapters=(5, 8, 23), years_experience=30, summary="procurement adviser")]
    o = fellowship(required_skills=("public procurement",), acquis_chapters=(5, 8, 23), description="procurement adviser")
    default = build(people).rank(o)
    learnt = build(people, scorer=s).rank(o)
    assert learnt[0].profile_id == "skill"
    assert learnt[0].score - learnt[1].score > default[0].score - default[1].score


def test_save_and_load_keep_weights_and_version(tmp_path, taxonomy):
    s = fitted(decisions(), taxonomy)
    path = tmp_path / "weights.json"
    s.save(path)
    loaded = FitScorer.load(path)
    check_is_fitted(loaded)
    assert loaded.weights_ == s.weights_ and loaded.version_ == s.version_ and loaded.learnt_
    data = json.loads(path.read_text())
    assert data["format"] == "ura-matching-weights" and data["format_version"] == 1
    data["format_version"] = 99
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="format version"):
        FitScorer.load(path)
