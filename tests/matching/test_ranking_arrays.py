"""MatchIndex.ranking: the whole ranking as arrays, equal to rank(top=all), with column filters."""
import numpy as np
import pytest

from matching.index import MatchIndex, RankFilter
from matching.scorer import FitScorer
from matching.eval.synth import Generator


@pytest.fixture(scope="module")
def world():
    generator = Generator(seed=11)
    profiles = generator.profiles(3000)
    opportunities = [getattr(o, "opportunity", o) for o in generator.opportunities(4)]
    return MatchIndex().build(profiles), profiles, opportunities


def test_ranking_equals_the_full_rank(world):
    index, _, opportunities = world
    for opportunity in opportunities:
        full = index.rank(opportunity, top=len(index))
        ranked = index.ranking(opportunity)
        assert ranked.ids == [m.profile_id for m in full]
        assert np.allclose(ranked.scores, [m.score for m in full])
        assert ranked.eligible.tolist() == [m.eligible for m in full]
        assert sorted(ranked.unordered_ids()) == sorted(ranked.ids)  # the same members, without the sort


@pytest.mark.parametrize("where", [
    RankFilter(country="IT"), RankFilter(language="de"), RankFilter(chapter=18), RankFilter(eligible_only=True),
    RankFilter(min_score=40), RankFilter(country="GR", language="en", eligible_only=True, min_score=10),
    RankFilter(country="not a code"),
])
def test_filters_keep_exactly_the_matching_profiles(world, where):
    index, _, opportunities = world
    opportunity = opportunities[0]
    profiles = index.profiles_
    expected = [m.profile_id for m in index.rank(opportunity, top=len(index))
                if (not where.eligible_only or m.eligible) and m.score >= where.min_score
                and (not where.country or profiles[m.profile_id].country == where.country)
                and (not where.language or where.language in profiles[m.profile_id].languages)
                and (not where.chapter or where.chapter in profiles[m.profile_id].acquis_chapters)]
    assert index.ranking(opportunity, where).ids == expected


def test_ranking_follows_upserts_and_removals(world):
    index, profiles, opportunities = world
    removed = profiles[0].id
    index.remove(removed)
    assert removed not in index.ranking(opportunities[0]).ids
    index.upsert(profiles[0])
    assert removed in index.ranking(opportunities[0]).ids


def test_a_page_of_the_ranking_is_the_head_of_the_full_order(world):
    index, _, opportunities = world
    for opportunity in opportunities:
        full = index.ranking(opportunity)
        for n in (0, 1, 20, 137, len(full) + 5):
            lazily = index.ranking(opportunity)  # a fresh ranking: head() must not lean on the full sort
            ids, scores, eligible = lazily.head(n)
            assert ids == full.ids[:n]
            assert np.allclose(scores, full.scores[:n]) and eligible.tolist() == full.eligible[:n].tolist()


def test_ties_at_the_page_edge_are_broken_by_id():
    from matching.index import ELIGIBLE_KEY, Ranking
    # Two stores: ["x", "p9", "p10"] of which rows 1 and 2 are ranked, and ["p2", "p3", "p1"], all ranked.
    keys = np.asarray([500, 500, 500, 900 + ELIGIBLE_KEY, 500], dtype=np.int64)
    ranked = Ranking(keys, [(np.asarray(["x", "p9", "p10"], dtype=object), np.asarray([1, 2])),
                            (np.asarray(["p2", "p3", "p1"], dtype=object), np.arange(3))])
    assert ranked.head(3)[0] == ["p3", "p1", "p10"]  # string order: p1 < p10 < p2 < p9
    assert ranked.ids == ["p3", "p1", "p10", "p2", "p9"] and len(ranked) == 5


def test_cached_evaluations_follow_changes_of_rows_and_weights(world):
    index, profiles, opportunities = world
    opportunity = opportunities[1]
    first = index.ranking(opportunity).head(5)[0]
    index.remove(first[0])
    assert index.ranking(opportunity).head(5)[0] == first[1:] + index.ranking(opportunity).head(5)[0][4:]
    assert first[0] not in index.ranking(opportunity).ids
    index.upsert(next(p for p in profiles if p.id == first[0]))
    assert index.ranking(opportunity).head(5)[0] == first

    # A scorer that ranks by seniority alone: the cached scores must not survive it.
    default_scorer, index.scorer = index.scorer, FitScorer(weights={"seniority": 1.0})
    try:
        by_years = index.score_pairs([(pid, opportunity) for pid in first])
        assert all(points == 0 for m in by_years for feature, points in m.contributions.items()
                   if feature not in ("seniority", "shortfall"))
        assert all(abs(m.score - sum(m.contributions.values())) < 0.05 for m in by_years)
    finally:
        index.scorer = default_scorer
    assert index.ranking(opportunity).head(5)[0] == first


def test_one_profile_against_many_opportunities_scores_as_the_index_does(world):
    index, profiles, opportunities = world
    for profile in profiles[:40]:
        indexed = index.score_pairs([(profile.id, o) for o in opportunities], explain=True)
        expected = sorted(range(len(opportunities)), key=lambda i: (not indexed[i].eligible, -indexed[i].score, i))
        best = index.best_fits(profile, opportunities)
        assert [position for position, _ in best] == expected
        assert [(m.score, m.eligible, m.broken_rules, m.reasons) for _, m in best] == \
               [(indexed[i].score, indexed[i].eligible, indexed[i].broken_rules, indexed[i].reasons) for i in expected]
        assert [position for position, _ in index.best_fits(profile, opportunities, top=2)] == expected[:2]
