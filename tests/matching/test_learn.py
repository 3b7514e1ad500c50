"""Learning to rank from graded decisions, judged on opportunities held apart from the learning."""
from __future__ import annotations

import random

import numpy as np

from matching.features import DEFAULT_WEIGHTS
from matching.learn import learn
from matching.eval.learn_bench import run_bench
from matching.model import Decision
from matching.scorer import FitScorer
from tests.matching.conftest import expert, fellowship

SKILLS = ("public procurement", "state aid", "antitrust", "judicial reform", "anti-corruption")


def seniority_history(opportunities: int = 10, candidates: int = 16, seed: int = 7) -> list[Decision]:
    """Officers judge by experience alone: the seniors are placed or accepted, the middle proposed, the juniors
    rejected, whether or not they hold the required skill, which the default weights count most."""
    rnd = random.Random(seed)
    out = []
    for o in range(opportunities):
        skill = SKILLS[o % len(SKILLS)]
        opportunity = fellowship(f"o{o}", required_skills=(skill,), description=f"{skill} adviser")
        for c in range(candidates):
            years = rnd.randint(1, 20)
            skills = (skill,) if rnd.random() < 0.5 else (SKILLS[(o + 1) % len(SKILLS)],)
            grade = 3 if years >= 17 else 2 if years >= 13 else 1 if years >= 9 else 0
            out.append(Decision(expert(f"p{o}-{c}", skills=skills, years_experience=years), opportunity, grade))
    return out


def test_learnt_weights_beat_the_defaults_on_held_apart_opportunities(taxonomy):
    outcome = learn(seniority_history(), taxonomy=taxonomy, min_opportunities=5)
    assert outcome.scorer is not None and outcome.scorer.learnt_
    assert outcome.after["ndcg@10"] > outcome.before["ndcg@10"] + 0.05
    assert outcome.scorer.weights_["seniority"] > DEFAULT_WEIGHTS["seniority"]
    assert outcome.reason.code == "weights_learnt" and outcome.n_decisions == 160


class RecordingScorer(FitScorer):
    fits: list[set[str]] = []

    def fit(self, X, y, groups):
        RecordingScorer.fits.append(set(np.asarray(groups).tolist()))
        return super().fit(X, y, groups)


def test_every_fold_learns_without_the_opportunities_it_is_judged_on(taxonomy):
    RecordingScorer.fits = []
    history = seniority_history()
    learn(history, start=RecordingScorer(), taxonomy=taxonomy, folds=5, min_opportunities=5)
    *folds, final = RecordingScorer.fits
    everything = {d.opportunity.id for d in history}
    assert len(folds) == 5 and final == everything
    held_apart = [everything - trained for trained in folds]
    assert all(len(part) == 2 for part in held_apart)
    assert set().union(*held_apart) == everything  # each opportunity judged once, by weights that never saw it


def test_too_few_decisions_keep_the_defaults_and_say_so(taxonomy):
    outcome = learn(seniority_history(opportunities=3, candidates=5), taxonomy=taxonomy)
    assert outcome.scorer is None and outcome.before == outcome.after == {}
    assert outcome.reason.code == "weights_kept_few"
    assert outcome.reason.params == {"decisions": 15, "needed": 20}


def test_too_few_opportunities_to_hold_any_apart_keep_the_defaults(taxonomy):
    outcome = learn(seniority_history(opportunities=19, candidates=4), taxonomy=taxonomy)
    assert outcome.scorer is None and outcome.reason.code == "weights_kept_few_opportunities"
    assert outcome.reason.params == {"opportunities": 19, "needed": 20}


def test_weights_that_do_not_beat_the_defaults_on_held_apart_decisions_are_not_used(taxonomy):
    """Officers who judge as the defaults do: nothing to gain, so nothing changes, with both figures given."""
    history = [Decision(d.profile, d.opportunity, int(d.opportunity.required_skills[0] in d.profile.skills))
               for d in seniority_history()]
    outcome = learn(history, taxonomy=taxonomy, min_opportunities=5)
    assert outcome.scorer is None and outcome.reason.code == "weights_kept_no_gain"
    assert outcome.after["ndcg@10"] <= outcome.before["ndcg@10"] == 1.0
    assert outcome.reason.params == {"before": outcome.before["ndcg@10"], "after": outcome.after["ndcg@10"]}


def test_the_simulated_history_benchmark_reports_both_weights_per_history_size():
    few, enough = run_bench(n_profiles=1500, n_opportunities=24, sizes=[5, 24], reviewed=10, seed=7)
    assert few["decisions"] == 50 and few["outcome"] == "weights_kept_few_opportunities"
    assert enough["decisions"] == 240 and sum(enough["grades"].values()) == 240
    assert set(enough["held_apart_default"]) == set(enough["held_apart_learnt"]) == {"ndcg@10", "recall@10"}
    assert ("generator_ndcg_learnt" in enough) == (enough["outcome"] == "weights_learnt")
