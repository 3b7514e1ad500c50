"""Each feature moves the score the way its definition says, and only applicable features count."""
from __future__ import annotations

from datetime import date

import pytest

from matching.features import DEFAULT_WEIGHTS, FEATURES, RELATED_CREDIT, SHORTFALL
from tests.matching.conftest import agent, expert, fellowship, lead


def values(build, profiles, opportunity):
    idx = build(profiles)
    rows = idx.features([p.id for p in profiles], opportunity)
    return {p.id: dict(zip(FEATURES, row)) for p, row in zip(profiles, rows)}


def test_required_skill_coverage_held_related_missing(build):
    profiles = [expert("held", skills=("prokurim publik", "ndihma shteterore")),
                expert("related", skills=("antitrust",)),  # competition law shares chapter 8 with state aid
                expert("none", skills=("hotel management",))]
    v = values(build, profiles, fellowship(required_skills=("public procurement", "state aid")))
    assert v["held"]["required_skills"] == pytest.approx(1.0)
    assert v["related"]["required_skills"] == pytest.approx(RELATED_CREDIT / 2)
    assert v["none"]["required_skills"] == 0


def test_free_text_skill_typed_on_both_sides_counts_as_held(build):
    profiles = [expert("same", skills=("Underwater Basket Weaving",)), expert("other", skills=("knitting",))]
    v = values(build, profiles, fellowship(required_skills=("underwater basket-weaving",)))
    assert v["same"]["required_skills"] == 1 and v["other"]["required_skills"] == 0
    assert v["same"]["skill_text"] > 0.9 > 0.3 > v["other"]["skill_text"]


def test_free_text_skill_with_a_typo_counts_through_char_ngrams(build):
    profiles = [expert("typo", skills=("underwater baskett weawing",)), expert("other", skills=("knitting",))]
    v = values(build, profiles, fellowship(required_skills=("underwater basket weaving",)))
    assert v["typo"]["skill_text"] > 0.3 > v["other"]["skill_text"]


def test_preferred_skill_coverage(build):
    profiles = [expert("a", skills=("VC",)), expert("b")]
    v = values(build, profiles, fellowship(preferred_skills=("venture capital", "HACCP")))
    assert v["a"]["preferred_skills"] == pytest.approx(0.5) and v["b"]["preferred_skills"] == 0


def test_text_similarity_across_languages_through_canonical_names(build):
    profiles = [expert("sq", skills=("prokurim publik",), summary="jurist"), expert("x", summary="chef")]
    v = values(build, profiles, fellowship(description="Public procurement law adviser"))
    assert v["sq"]["text"] > v["x"]["text"]


def test_chapter_overlap_counts_stated_and_implied_chapters(build):
    profiles = [expert("stated", acquis_chapters=(5, 23)), expert("implied", skills=("public procurement",)),
                expert("half", acquis_chapters=(23,)), expert("none", acquis_chapters=(1,))]
    v = values(build, profiles, fellowship(acquis_chapters=(5, 23)))
    assert v["stated"]["chapters"] == 1 and v["implied"]["chapters"] == 0.5
    assert v["half"]["chapters"] == 0.5 and v["none"]["chapters"] == 0


def test_years_below_the_minimum_multiply_the_score_down_with_the_gap(build):
    same = dict(skills=("public procurement",), acquis_chapters=(5,))
    profiles = [expert("senior", years_experience=8, **same), expert("one_short", years_experience=7, **same),
                expert("five_short", years_experience=3, **same), expert("none", years_experience=0, **same)]
    idx = build(profiles)
    o = fellowship(required_skills=("public procurement",), min_years_experience=8)
    ranked = idx.rank(o, top=4, explain=True)
    assert [m.profile_id for m in ranked] == ["senior", "one_short", "five_short", "none"]
    m = {x.profile_id: x for x in ranked}
    assert "senior" in m and SHORTFALL not in m["senior"].contributions
    for pid, missing, factor in (("one_short", 1, 0.85), ("five_short", 5, 0.65), ("none", 8, 0.5)):
        raw = sum(v for f, v in m[pid].contributions.items() if f != SHORTFALL)
        assert m[pid].score == pytest.approx(raw * factor, abs=0.05)
        assert sum(m[pid].contributions.values()) == pytest.approx(m[pid].score, abs=0.05)
        assert m[pid].contributions[SHORTFALL] < 0
    assert "1 year below the 8 asked (7 years of experience): score × 0.85." in m["one_short"].reasons
    assert "5 years below the 8 asked (3 years of experience): score × 0.65." in m["five_short"].reasons


def test_sector_overlap(build):
    profiles = [expert("a", sectors=("government",)), expert("b", sectors=("tourism",))]
    v = values(build, profiles, fellowship(required_skills=("state aid",)))  # implies public_administration
    assert v["a"]["sectors"] == 1 and v["b"]["sectors"] == 0


@pytest.mark.parametrize("years, minimum, expected", [
    (10, 5, 0.8 + 0.2 * 0.5), (5, 5, 0.8), (2, 4, 0.4), (30, 5, 1.0), (10, None, 0.5), (40, None, 1.0),
])
def test_seniority(build, years, minimum, expected):
    v = values(build, [expert("p", years_experience=years)], fellowship(min_years_experience=minimum))
    assert v["p"]["seniority"] == pytest.approx(expected)


def test_language_margin(build):
    profiles = [expert("exact", languages={"en": "B2"}), expert("plus2", languages={"en": "C2"}),
                expert("below", languages={"en": "A2"})]
    v = values(build, profiles, fellowship(languages={"en": "B2"}))
    assert v["exact"]["languages"] == pytest.approx(1 / 3)
    assert v["plus2"]["languages"] == 1 and v["below"]["languages"] == 0


def test_availability_margin(build):
    period = {"start": date(2025, 3, 1), "end": date(2025, 6, 1)}
    profiles = [expert("tight", available_from=date(2025, 3, 1), available_to=date(2025, 6, 1)),
                expert("slack", available_from=date(2024, 12, 1), available_to=date(2025, 12, 1)),
                expert("month", available_from=date(2025, 1, 30), available_to=date(2026, 1, 1)),
                expert("unstated")]
    v = values(build, profiles, fellowship(**period))
    assert v["tight"]["availability"] == 0 and v["slack"]["availability"] == 1
    assert v["month"]["availability"] == pytest.approx(30 / 60)
    assert v["unstated"]["availability"] == 0.5


def test_investment_sector_and_network_overlap(build):
    profiles = [agent("good", investment_sectors=("wine", "turizëm"), network_countries=("IT", "DE")),
                agent("half", investment_sectors=("energy",), network_countries=("IT",)),
                agent("none")]
    v = values(build, profiles, lead(sector="olive oil and wine", target_countries=("IT", "DE")))
    assert v["good"]["investment_sectors"] == 1 and v["half"]["investment_sectors"] == 0
    assert v["good"]["network_countries"] == 1 and v["half"]["network_countries"] == 0.5
    assert v["none"]["network_countries"] == 0


def test_for_a_lead_sector_and_network_come_before_skills(build):
    # What Connect Albania rewards is investors brought in: the sector and the network, then the skills.
    idx = build([agent("connected", investment_sectors=("olive oil and wine",), network_countries=("IT", "DE")),
                 agent("skilled", skills=("olive oil", "HACCP", "VC"), summary="olive oil and wine export")])
    o = lead(sector="olive oil and wine", target_countries=("IT", "DE"), required_skills=("olive oil", "HACCP"),
             description="olive oil and wine export")
    assert [m.profile_id for m in idx.rank(o, top=2)] == ["connected", "skilled"]


def test_only_applicable_features_count_and_100_is_reachable(build):
    idx = build([expert("p", skills=("public procurement",))])
    m = idx.rank(fellowship(required_skills=("public procurement",)), explain=True)[0]
    assert set(m.contributions) == {"required_skills", "text", "chapters", "sectors", "seniority"}
    assert sum(m.contributions.values()) == pytest.approx(m.score, abs=0.05)
    weights = {f: DEFAULT_WEIGHTS[f] for f in m.contributions}
    assert m.contributions["required_skills"] == pytest.approx(100 * 0.30 / sum(weights.values()), abs=0.01)


def test_investment_features_apply_to_investment_leads_only(build):
    idx = build([agent("a", investment_sectors=("tourism",), network_countries=("IT",))])
    assert "network_countries" not in idx.rank(fellowship())[0].contributions
    c = idx.rank(lead(sector="tourism", target_countries=("IT",)))[0].contributions
    assert c["investment_sectors"] > 0 and c["network_countries"] > 0


def test_long_postings_weigh_their_text_more():
    from matching.features import TEXT_WEIGHT_MAX, TEXT_WORDS, text_weighted
    weights = {"text": 0.15, "required_skills": 0.30}
    assert text_weighted(weights, TEXT_WORDS // 2) == weights
    assert text_weighted(weights, 2 * TEXT_WORDS)["text"] == pytest.approx(0.30)
    assert text_weighted(weights, 100 * TEXT_WORDS)["text"] == pytest.approx(0.15 * TEXT_WEIGHT_MAX)
    assert text_weighted(weights, 100 * TEXT_WORDS)["required_skills"] == 0.30
