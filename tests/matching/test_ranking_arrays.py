"""MatchIndex.ranking: the whole ranking as arrays, equal to rank(top=all), with column filters."""
import numpy as np
import pytest

from matching.index import MatchIndex, RankFilter
from matching.synth import Generator


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
