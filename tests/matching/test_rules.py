"""Each hard rule of the contract, and that an ineligible candidate never outranks an eligible one."""
from __future__ import annotations

from datetime import date

import pytest

from tests.matching.conftest import agent, expert, fellowship, lead

STRONG = {"skills": ("public procurement", "state aid"), "acquis_chapters": (5, 8), "years_experience": 20,
          "summary": "public procurement law reform"}
O = {"required_skills": ("public procurement",), "preferred_skills": ("state aid",), "acquis_chapters": (5,),
     "description": "public procurement law reform", "languages": {"en": "B2"}}


def ranked(index, opportunity):
    return {m.profile_id: m for m in index.rank(opportunity, top=10)}


def test_role(build):
    idx = build([agent("strong_agent", **STRONG), expert("weak_expert")])
    out = idx.rank(fellowship(**O))
    assert [m.profile_id for m in out] == ["weak_expert", "strong_agent"]
    assert out[1].eligible is False and out[1].broken_rules == ["role"]
    assert out[1].score > out[0].score  # better fit, still ranked below the eligible candidate
    assert "needs the role expert" in out[1].reasons[0]
    both = build([expert("a", roles=("expert", "development_agent"))])
    assert both.rank(lead(**O))[0].eligible


@pytest.mark.parametrize("languages, ok", [
    ({"en": "B2"}, True), ({"en": "C2"}, True), ({"en": "B1"}, False), ({"sq": "C2"}, False), ({}, False),
])
def test_language_at_or_above_level(build, languages, ok):
    m = build([expert("p", languages=languages)]).rank(fellowship(languages={"en": "B2"}))[0]
    assert m.eligible is ok
    assert m.broken_rules == ([] if ok else ["language"])
    if not ok:
        assert "en at B2 (has" in m.reasons[0]


def test_every_required_language_counts(build):
    m = build([expert("p", languages={"en": "C2", "it": "A2"})]).rank(
        fellowship(languages={"en": "B2", "it": "B1"}))[0]
    assert m.broken_rules == ["language"]


@pytest.mark.parametrize("avail, period, ok", [
    ((None, None), (date(2025, 1, 1), date(2025, 6, 30)), True),  # profile states nothing
    ((date(2025, 1, 1), date(2025, 12, 31)), (None, None), True),  # opportunity states nothing
    ((date(2025, 1, 1), date(2025, 6, 30)), (date(2025, 1, 1), date(2025, 6, 30)), True),  # exact fit
    ((date(2025, 1, 2), date(2025, 12, 31)), (date(2025, 1, 1), date(2025, 6, 30)), False),  # starts late
    ((date(2024, 1, 1), date(2025, 6, 29)), (date(2025, 1, 1), date(2025, 6, 30)), False),  # leaves early
    ((date(2025, 3, 1), None), (date(2025, 1, 1), None), False),
    ((None, date(2025, 3, 1)), (None, date(2025, 6, 1)), False),
])
def test_availability_window(build, avail, period, ok):
    p = expert("p", available_from=avail[0], available_to=avail[1])
    m = build([p]).rank(fellowship(start=period[0], end=period[1]))[0]
    assert m.eligible is ok
    assert m.broken_rules == ([] if ok else ["availability"])


@pytest.mark.parametrize("opp_mode, person_mode, ok", [
    ("onsite", "remote", False), ("hybrid", "remote", False), ("remote", "remote", True),
    ("onsite", "onsite", True), ("onsite", "any", True), ("hybrid", "hybrid", True), ("remote", "onsite", True),
])
def test_work_mode(build, opp_mode, person_mode, ok):
    m = build([expert("p", work_mode=person_mode)]).rank(fellowship(work_mode=opp_mode))[0]
    assert m.eligible is ok
    assert m.broken_rules == ([] if ok else ["work_mode"])


def test_several_broken_rules_are_all_named(build):
    p = agent("p", languages={}, work_mode="remote", available_from=date(2026, 1, 1))
    m = build([p]).rank(fellowship(languages={"en": "B2"}, work_mode="onsite", start=date(2025, 1, 1)))[0]
    assert m.broken_rules == ["role", "language", "availability", "work_mode"]
    assert len([r for r in m.reasons if r.startswith("Not eligible")]) == 4


def test_ineligible_never_outrank_eligible_in_a_crowd(build):
    profiles = [expert(f"e{i:02d}", languages={"en": "A1"}, **STRONG) for i in range(15)]
    profiles += [expert(f"w{i:02d}") for i in range(5)]
    out = build(profiles).rank(fellowship(**O), top=20)
    assert [m.eligible for m in out] == [True] * 5 + [False] * 15
    assert min(m.score for m in out[5:]) > max(m.score for m in out[:5])
