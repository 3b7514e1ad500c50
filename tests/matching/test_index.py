from __future__ import annotations

import random
from datetime import date

from matching import index as index_module
from matching.index import MatchIndex
from matching.model import Profile
from tests.matching.conftest import agent, expert, fellowship, lead

SKILLS = ["public procurement", "state aid", "antitrust", "HACCP", "olive oil", "statistics", "renewables",
          "VC", "judicial reform", "anticorruption", "underwater basket weaving", "hotel management"]


def people(n: int, seed: int = 0, prefix: str = "p") -> list[Profile]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        make = expert if rng.random() < 0.7 else agent
        out.append(make(f"{prefix}{i:03d}", skills=tuple(rng.sample(SKILLS, rng.randint(0, 4))),
                        acquis_chapters=tuple(rng.sample(range(1, 36), rng.randint(0, 3))),
                        years_experience=rng.randint(0, 25), summary=" ".join(rng.sample(SKILLS, 2)),
                        languages={"en": rng.choice(["A2", "B1", "B2", "C2"])},
                        work_mode=rng.choice(["any", "remote", "onsite"]),
                        network_countries=tuple(rng.sample(["IT", "DE", "US", "GR"], rng.randint(0, 2))),
                        investment_sectors=tuple(rng.sample(["tourism", "wine", "energy"], rng.randint(0, 2))),
                        available_from=date(2025, 1, rng.randint(1, 28)) if rng.random() < 0.3 else None))
    return out


OPPS = [fellowship("f1", required_skills=("public procurement", "state aid"), preferred_skills=("antitrust",),
                   languages={"en": "B2"}, acquis_chapters=(5,), work_mode="onsite", min_years_experience=5,
                   description="procurement reform", start=date(2025, 1, 10)),
        fellowship("f2", required_skills=("underwater basket weaving",), description="statistics"),
        lead("l1", sector="tourism", target_countries=("IT", "DE"), required_skills=("hotel management",))]


def ranking(idx, top=15):
    return [[(m.profile_id, m.score, m.eligible, tuple(m.broken_rules)) for m in idx.rank(o, top=top)] for o in OPPS]


def test_ranking_is_ordered_eligible_first_score_desc_id_asc(build):
    idx = build(people(120))
    for o in OPPS:
        out = idx.rank(o, top=120)
        assert len(out) == 120
        keys = [(not m.eligible, -m.score, m.profile_id) for m in out]
        assert keys == sorted(keys)


def test_top_k_equals_the_head_of_the_full_ranking(build):
    idx = build(people(200))
    for o in OPPS:
        full = [m.profile_id for m in idx.rank(o, top=1000)]
        for k in (1, 7, 30):
            assert [m.profile_id for m in idx.rank(o, top=k)] == full[:k]


def test_ties_are_broken_by_id(build):
    idx = build([expert(pid) for pid in ["c", "a", "d", "b"]])
    assert [m.profile_id for m in idx.rank(fellowship(), top=3)] == ["a", "b", "c"]


def test_upserts_and_removals_equal_a_fresh_build(build, taxonomy, monkeypatch):
    monkeypatch.setattr(index_module, "COMPACT_MIN", 15)  # force compactions on the way
    base, extra = people(60), people(40, seed=1, prefix="q")
    changed = people(60, seed=2)[:20]  # same ids as base[:20], new content
    idx = build(base)
    for p in extra:
        idx.upsert(p)
    for p in changed:
        idx.upsert(p)
    for pid in ["p030", "p031", "q005", "p003"]:
        assert idx.remove(pid)
    assert not idx.remove("nobody")
    idx.upsert(extra[10])  # again, after other changes
    live = {p.id: p for p in base + extra + changed}
    for pid in ["p030", "p031", "q005", "p003"]:
        del live[pid]
    # The idf is learnt at build and kept through updates; the fresh build reuses it to compare exactly.
    fresh = MatchIndex(taxonomy=taxonomy).build(list(live.values()), vectors=idx.vectors_)
    assert len(idx) == len(fresh) == len(live)
    assert ranking(idx, 200) == ranking(fresh, 200)
    assert [m.reasons for m in idx.rank(OPPS[0], explain=True)] == [
        m.reasons for m in fresh.rank(OPPS[0], explain=True)]


def test_upsert_without_text_change_gives_identical_ranking(build, monkeypatch):
    monkeypatch.setattr(index_module, "COMPACT_MIN", 5)
    ps = people(50)
    idx = build(ps)
    before = ranking(idx, 50)
    for p in ps[::3]:
        idx.upsert(p)  # re-saved without change: moves to the delta, then compacts
    assert ranking(idx, 50) == before


def test_empty_pool_and_empty_opportunity(build):
    assert build([]).rank(OPPS[0]) == []
    idx = build([expert("p")])
    idx.remove("p")
    assert idx.rank(OPPS[0]) == [] and len(idx) == 0
    idx.upsert(expert("p2"))
    assert [m.profile_id for m in idx.rank(fellowship())] == ["p2"]
    assert build(people(5)).rank(OPPS[0], top=0) == []


def test_unicode_and_very_long_text(build):
    long = "Ψ😀 ë ç " * 50_000
    idx = build([expert("u", summary=long, skills=(long[:5000], "prokurim publik", "\u0000"),
                        sectors=(long,), full_name="Ëlçë")])
    out = idx.rank(fellowship(description=long, required_skills=(long[:300], "prokurim publik")), explain=True)
    assert out[0].profile_id == "u" and 0 <= out[0].score <= 100


def test_rank_many_and_score_pairs_agree_with_rank(build):
    idx = build(people(80))
    many = idx.rank_many(OPPS, top=5, explain=True)
    for o, ms in zip(OPPS, many):
        single = idx.rank(o, top=5, explain=True)
        assert [(m.profile_id, m.score, m.reasons) for m in ms] == [(m.profile_id, m.score, m.reasons) for m in single]
        pairs = idx.score_pairs([(m.profile_id, o) for m in single])
        assert [(m.profile_id, m.score, m.eligible) for m in pairs] == [(m.profile_id, m.score, m.eligible) for m in single]


def test_duplicate_ids_in_a_build_keep_the_last_record(build):
    idx = build([expert("p", skills=("HACCP",)), expert("p", skills=("public procurement",))])
    assert len(idx) == 1
    assert idx.rank(fellowship(required_skills=("public procurement",)))[0].contributions["required_skills"] > 0


def test_the_index_keeps_what_explanations_and_filters_read_not_the_profiles(build):
    typed = ("Prokurim publik", "ž" * 500, "😀 \udc80 odd", "a\x1fb")
    p = agent("p", roles=("expert", "development_agent"), country="IT", languages={"sq": "C2", "it": "B1"},
              years_experience=12, acquis_chapters=(5, 23), skills=typed, full_name="Ana Hoxha", city="Bari",
              summary="long summary", available_from=date(2025, 1, 3), available_to=date(2026, 2, 1),
              work_mode="hybrid", network_countries=("IT", "DE"), investment_sectors=("agriturismo",))
    idx = build(iter([p, expert("q")]))  # a generator is read once
    kept = idx.profiles_["p"]
    assert (kept.id, kept.roles, kept.country, kept.languages, kept.years_experience) == (
        "p", ("expert", "development_agent"), "IT", {"sq": "C2", "it": "B1"}, 12)
    assert kept.acquis_chapters == (5, 23)  # as stated, not those implied by the skills
    assert kept.skills == ("Prokurim publik", "ž" * 500, "😀 \udc80 odd", "a b")
    assert (kept.available_from, kept.available_to, kept.work_mode) == (date(2025, 1, 3), date(2026, 2, 1), "hybrid")
    assert set(kept.network_countries) == {"IT", "DE"} and kept.investment_sectors == ("Tourism and agritourism",)
    assert kept.full_name == "" and kept.summary == ""  # not needed: not kept
    assert idx.profiles_["q"].country == "" and idx.profiles_["q"].available_from is None
    assert "p" in idx.profiles_ and "x" not in idx.profiles_ and len(idx.profiles_) == 2
    idx.upsert(expert("x", country="GR"))
    idx.remove("q")
    assert idx.profiles_["x"].country == "GR" and "q" not in idx.profiles_ and sorted(idx.profiles_) == ["p", "x"]


def test_the_index_keeps_employer_regions_and_fields_even_with_separators_typed_inside(build):
    p = expert("p", employer="Comune di\x1eBologna", regions=("Shkodër", "Lezhë\x1fe"),
               education=({"degree": "MSc", "field": "Statistics"}, {"degree": "BA"}, {"field": "Data\x1escience"}))
    idx = build([p, expert("q")])
    kept = idx.profiles_["p"]
    assert kept.employer == "Comune di Bologna" and kept.regions == ("Shkodër", "Lezhë e")
    assert kept.education == ({"field": "Statistics"}, {"field": "Data science"})
    q = idx.profiles_["q"]
    assert (q.employer, q.regions, q.education) == ("", (), ())
