from __future__ import annotations

import json

import pytest

from matching.features import DEFAULT_WEIGHTS
from matching.model import Decision
from matching.scorer import FitScorer
from tests.matching.conftest import expert, fellowship


def decisions(n_per_class: int = 15) -> list[Decision]:
    """Officers accept people holding the required skill and reject the others, whatever their chapters."""
    o = fellowship("o", required_skills=("public procurement",), acquis_chapters=(5, 8, 23),
                   description="procurement adviser")
    out = []
    for i in range(n_per_class):
        out.append(Decision(expert(f"yes{i}", skills=("prokurim publik",), years_experience=i % 7), o, True))
        out.append(Decision(expert(f"no{i}", skills=("antitrust", "judicial reform"), acquis_chapters=(5, 8, 23),
                                   years_experience=20 - i % 5), o, False))
    return out


def test_fit_learns_weights_deterministically(taxonomy):
    a = FitScorer().fit(decisions(), taxonomy=taxonomy)
    b = FitScorer().fit(decisions(), taxonomy=taxonomy)
    assert a.fitted_ and a.weights == b.weights and a.version_ == b.version_ != "default"
    assert a.weights != DEFAULT_WEIGHTS
    assert a.weights["required_skills"] > DEFAULT_WEIGHTS["required_skills"]
    assert a.weights["chapters"] < DEFAULT_WEIGHTS["chapters"]
    assert a.weights["network_countries"] == DEFAULT_WEIGHTS["network_countries"]  # never varied: kept
    assert all(w >= 0 for w in a.weights.values())
    assert "learnt from 30 decisions" in a.message_


@pytest.mark.parametrize("ds", [decisions(5), [d for d in decisions() if d.accepted], []])
def test_too_few_or_one_sided_decisions_keep_defaults(taxonomy, ds):
    s = FitScorer().fit(ds, taxonomy=taxonomy)
    assert not s.fitted_ and s.weights == DEFAULT_WEIGHTS and s.version_ == "default"
    assert s.message_.startswith("kept the default weights")


def test_learnt_weights_change_the_ranking(build, taxonomy):
    s = FitScorer().fit(decisions(), taxonomy=taxonomy)
    people = [expert("skill", skills=("public procurement",)),
              expert("chapters", acquis_chapters=(5, 8, 23), years_experience=30, summary="procurement adviser")]
    o = fellowship(required_skills=("public procurement",), acquis_chapters=(5, 8, 23), description="procurement adviser")
    default = build(people).rank(o)
    learnt = build(people, scorer=s).rank(o)
    assert learnt[0].profile_id == "skill"
    assert learnt[0].score - learnt[1].score > default[0].score - default[1].score


def test_save_and_load_keep_weights_and_version(tmp_path, taxonomy):
    s = FitScorer().fit(decisions(), taxonomy=taxonomy)
    path = tmp_path / "weights.json"
    s.save(path)
    loaded = FitScorer.load(path)
    assert loaded.weights == s.weights and loaded.version_ == s.version_ and loaded.fitted_
    data = json.loads(path.read_text())
    assert data["format"] == "ura-matching-weights" and data["format_version"] == 1
    data["format_version"] = 99
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="format version"):
        FitScorer.load(path)
