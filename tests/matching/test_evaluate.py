"""Ranking metrics on hand-computed cases, the seeded generator and its labels, and the evaluate command."""
from __future__ import annotations

import argparse
import json
import math

import pytest

from matching import evaluate
from matching.eval.baseline import TfidfBaseline
from matching.eval.metrics import pairwise_accuracy, ranking_quality
from matching.model import Opportunity, Profile
from matching.eval.synth import Generator, add_typo, eligible, grade, strip_accents

LOG3 = math.log2(3)


# --- metrics --------------------------------------------------------------------------------------

def test_perfect_ranking_scores_one():
    labels = {"q": {"a": 2, "b": 1, "c": 0}}
    assert ranking_quality({"q": ["a", "b", "c"]}, labels) == {"ndcg@10": 1.0, "recall@10": 1.0, "mrr@50": 1.0,
                                                               "queries": 1}


def test_mrr_is_the_reciprocal_rank_of_the_first_relevant_within_the_depth():
    labels = {"q1": {"a": 2, "b": 2}, "q2": {"c": 2}, "q3": {"d": 2}}
    ranked = {"q1": ["x", "y", "b", "a"], "q2": ["c"], "q3": ["x", "d"]}
    assert ranking_quality(ranked, labels, mrr_depth=2)["mrr@2"] == pytest.approx((0 + 1 + 1 / 2) / 3)
    assert ranking_quality(ranked, labels, mrr_depth=3)["mrr@3"] == pytest.approx((1 / 3 + 1 + 1 / 2) / 3)


def test_pairwise_accuracy_counts_strict_wins():
    assert pairwise_accuracy([(2.0, 1.0), (1.0, 1.0), (0.5, 3.0), (4.0, 0.0)]) == 0.5


def test_ndcg_by_hand():
    # gains 2^g - 1: a=3, b=1. Ranked b, x, a: DCG = 1/log2(2) + 0 + 3/log2(4) = 2.5;
    # ideal a, b: 3/1 + 1/log2(3).
    labels = {"q": {"a": 2, "b": 1}}
    got = ranking_quality({"q": ["b", "x", "a"]}, labels)
    assert got["ndcg@10"] == pytest.approx(2.5 / (3 + 1 / LOG3))
    assert got["recall@10"] == 1.0


def test_cut_at_k_and_recall_out_of_min_k_and_relevant():
    labels = {"q": {"a": 2, "b": 2, "c": 2}}
    got = ranking_quality({"q": ["x", "a", "b", "c"]}, labels, k=2)
    # top 2 = x, a: DCG = 3/log2(3); ideal = 3 + 3/log2(3); recall = 1 of min(2, 3).
    assert got["ndcg@2"] == pytest.approx((3 / LOG3) / (3 + 3 / LOG3))
    assert got["recall@2"] == pytest.approx(0.5)


def test_means_over_queries_skip_queries_with_nothing_to_find():
    labels = {"q1": {"a": 2}, "q2": {"b": 1}, "q3": {"c": 0}}
    got = ranking_quality({"q1": ["a"], "q2": ["x"], "q3": ["c"]}, labels)
    assert got["queries"] == 2
    assert got["ndcg@10"] == pytest.approx(0.5)
    assert got["recall@10"] == 1.0  # only q1 has a grade-2 profile


def test_unranked_query_counts_as_empty_and_binary_decisions_use_relevant_1():
    labels = {"q1": {"a": 1, "b": 0}, "q2": {"c": 1}}
    got = ranking_quality({"q1": ["b", "a"]}, labels, relevant=1)
    assert got["recall@10"] == pytest.approx(0.5)
    assert got["ndcg@10"] == pytest.approx((1 / LOG3) / 2)


# --- generator --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small():
    return Generator(3).dataset(400, 12)


def test_same_seed_same_data_other_seed_other_data(small):
    again = Generator(3).dataset(400, 12)
    assert again.profiles == small.profiles and again.opportunities == small.opportunities
    assert again.labels == small.labels
    assert Generator(4).dataset(400, 12).profiles != small.profiles


def test_records_follow_the_contract(small):
    for p in small.profiles:
        assert isinstance(p, Profile) and p.roles and set(p.roles) <= {"expert", "development_agent"}
        assert p.languages.get("sq") and all(v in ("A1", "A2", "B1", "B2", "C1", "C2") for v in p.languages.values())
        assert p.work_mode in ("onsite", "remote", "hybrid", "any") and len(p.country) == 2
        assert not (p.available_from and p.available_to) or p.available_from <= p.available_to
    for o in small.opportunities:
        assert isinstance(o, Opportunity) and o.required_skills and o.positions >= 1
        assert o.kind == "investment_lead" or o.acquis_chapters
    assert {p.country for p in small.profiles} >= {"IT", "GR"}


def test_labels_respect_the_hard_rules(small):
    specs = Generator(3).opportunity_specs(12)
    for o, spec in zip(small.opportunities, specs):
        graded = small.labels[o.id]
        assert any(g == 2 for g in graded.values()), "every opportunity has a planted right person"
        for pid, g in graded.items():
            p = small.latent[pid]
            assert g in (1, 2) and eligible(spec, p) and grade(spec, p, Generator(3).vocab) == g
            profile = next(x for x in small.profiles if x.id == pid)
            assert {"fellowship": "expert", "investment_lead": "development_agent"}[o.kind] in profile.roles
            for lang, level in o.languages.items():
                assert profile.languages.get(lang, "A0") >= level
            if o.work_mode != "remote":
                assert profile.work_mode != "remote"
            if o.start and profile.available_from:
                assert profile.available_from <= o.start
            if o.end and profile.available_to:
                assert profile.available_to >= o.end


def test_planted_twins_are_ineligible_strong_fits(small):
    """Some unlabelled (grade 0) profiles hold the opportunity's required skills but break a rule."""
    specs = Generator(3).opportunity_specs(12)
    twins = 0
    for o, spec in zip(small.opportunities, specs):
        for pid, p in small.latent.items():
            if spec.kind == "fellowship" and set(spec.required) <= set(p.skills) and not eligible(spec, p):
                assert pid not in small.labels[o.id]
                twins += 1
    assert twins >= 5


def test_relevance_is_not_written_the_way_the_call_writes_it(small):
    """Right persons type most required skills differently from the call (another language, noise)."""
    same = total = 0
    for o in small.opportunities:
        wording = {s.casefold() for s in o.required_skills}
        for pid, g in small.labels[o.id].items():
            if g == 2:
                skills = next(x for x in small.profiles if x.id == pid).skills
                same += sum(s.casefold() in wording for s in skills)
                total += len(o.required_skills)
    assert total and same / total < 0.2


def test_noise_helpers():
    assert strip_accents("Përvojë në prokurim, ΆΈΉ") == "Pervoje ne prokurim, ΑΕΗ"
    import random
    rnd = random.Random(0)
    typed = {add_typo("procurement", rnd) for _ in range(30)}
    assert "procurement" not in typed or len(typed) > 1
    assert all(abs(len(t) - len("procurement")) <= 1 and t[0] == "p" for t in typed)


# --- evaluate ---------------------------------------------------------------------------------------

def test_baseline_ranks_by_shared_character_ngrams_eligible_first():
    profiles = [Profile(id="a", roles=("expert",), skills=("public procurement",)),
                Profile(id="b", roles=("expert",), summary="olive oil"),
                Profile(id="c", roles=("development_agent",), skills=("public procurement",)),
                Profile(id="d", roles=("expert",), skills=("procurment",), languages={"en": "A2"})]
    base = TfidfBaseline().build(profiles)
    opening = Opportunity(id="o", kind="fellowship", required_skills=("procurements",))
    assert set(base.rank(opening, top=2)) == {"a", "d"}  # a typo still shares most 3-5-grams
    strict = Opportunity(id="o", kind="fellowship", required_skills=("procurement",), languages={"en": "B2"})
    assert base.rank(strict, top=3)[0] == "a"  # c has the wrong role, d too little English


def test_evaluate_on_a_tiny_set_beats_the_baseline():
    result = evaluate.evaluate("generator", seed=5, n_profiles=500, n_opportunities=20)
    assert result["profiles"] == 500 and result["engine"]["queries"] == 20
    assert result["engine"]["ndcg@10"] > result["baseline"]["ndcg@10"] + 0.1
    assert result["difference"]["ndcg@10"] == pytest.approx(result["engine"]["ndcg@10"] - result["baseline"]["ndcg@10"])


def test_evaluate_command_prints_json_and_refuses_too_few_profiles(capsys):
    parser = argparse.ArgumentParser()
    evaluate.add_arguments(parser)
    assert evaluate.run(parser.parse_args(["--profiles", "300", "--opportunities", "8", "--json"])) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"ndcg@10", "recall@10", "mrr@50", "queries", "by_kind"} <= set(out["engine"]) and "baseline" in out
    assert evaluate.run(parser.parse_args(["--profiles", "10", "--opportunities", "8"])) == 2
    assert "at least" in capsys.readouterr().err


def test_evaluate_hand_written_dev_set_reports_every_language(capsys):
    parser = argparse.ArgumentParser()
    evaluate.add_arguments(parser)
    assert evaluate.run(parser.parse_args(["--set", "handwritten-dev", "--json"])) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["engine"]["by_language"]) == {"sq", "it", "el", "de", "fr", "en", "mixed"}
    assert set(out["engine"]["by_kind"]) == {"fellowship", "investment_lead"}
    assert out["engine"]["ndcg@10"] > out["baseline"]["ndcg@10"]
    assert evaluate.run(parser.parse_args(["--set", "handwritten-dev"])) == 0
    assert "language el" in capsys.readouterr().out


def test_a_language_subset_ranks_only_that_languages_profiles():
    from matching.eval.sets import LabelledSet
    labelled = LabelledSet("t", [], [], {"q": {"a": 2, "b": 2}}, {"a": "sq", "b": "el", "x": "sq", "y": "el"})
    got = evaluate._by_language({"q": ["y", "b", "x", "a"]}, labelled)
    assert got["el"]["mrr@50"] == pytest.approx(1 / 2) and got["sq"]["mrr@50"] == pytest.approx(1 / 2)
    assert got["sq"]["recall@10"] == 1.0
