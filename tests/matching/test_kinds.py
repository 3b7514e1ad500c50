"""The programme kinds of docs/contract/KINDS.md: the hand-labelled cases of matching/data/eval/kinds rank as
labelled (the right person first and eligible, people of the wrong role or missing a hard requirement
ineligible), the new fields are read and checked, and gender is never an input."""
from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest

import matching
from matching import snapshot
from matching.index import MatchIndex
from matching.io import InvalidRecord, opportunity_from_dict, opportunity_to_dict, profile_from_dict, profile_to_dict
from matching.io import read_opportunities, read_profiles
from matching.features import FEATURES
from matching.model import KINDS

CASES = Path(matching.__file__).parent / "data" / "eval" / "kinds"
PROFILES = read_profiles(CASES / "profiles.jsonl")
OPPORTUNITIES = {o.id: o for o in read_opportunities(CASES / "opportunities.jsonl")}
with open(CASES / "expected.csv", encoding="utf-8", newline="") as _fh:
    EXPECTED = [(r["opportunity_id"], r["profile_id"], r["expectation"]) for r in csv.DictReader(_fh)]


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return MatchIndex().build(PROFILES)


def test_every_new_kind_has_cases():
    kinds = {OPPORTUNITIES[o].kind for o, _, _ in EXPECTED}
    assert kinds == set(KINDS) - {"fellowship", "investment_lead"}
    for kind in kinds:
        expectations = {e for o, _, e in EXPECTED if OPPORTUNITIES[o].kind == kind}
        assert {"first", "ineligible"} <= expectations, kind


@pytest.mark.parametrize("opportunity_id,profile_id,expectation", EXPECTED)
def test_labelled_case(index, opportunity_id, profile_id, expectation):
    ranking = index.rank(OPPORTUNITIES[opportunity_id], top=len(PROFILES), explain=True)
    match = next(m for m in ranking if m.profile_id == profile_id)
    if expectation == "first":
        assert ranking[0].profile_id == profile_id and match.eligible, [(m.profile_id, m.score) for m in ranking[:3]]
    else:
        assert match.eligible == (expectation == "eligible"), match.reasons
    if expectation == "ineligible":
        assert match.reasons[0].startswith("Not eligible"), match.reasons


def test_twinning_needs_a_stated_employer(index):
    twinning = OPPORTUNITIES["twinning-instat"]
    without = next(m for m in index.rank(twinning, top=len(PROFILES))
                   if m.profile_id == "expert-statistics-no-employer")
    assert without.broken_rules == ["employer"]
    assert "employer abroad" in without.reasons[0]


def test_field_project_study_levels_only_where_listed(index):
    bachelor = "student-archaeology-bachelor"
    listed = index.score_pairs([(bachelor, OPPORTUNITIES["field-archaeology"])])[0]
    assert listed.broken_rules == ["study_level"]
    unlisted = index.score_pairs([(bachelor, OPPORTUNITIES["field-agronomy"])])[0]
    assert unlisted.eligible


def test_region_forms_meet(index):
    """A project in "Shkodra" (definite form) is in the region an organisation lists as "Shkodër"."""
    match = index.score_pairs([("org-shkodra", OPPORTUNITIES["local-shkoder"])])[0]
    assert match.contributions["regions"] > 0 and "Works in the region of Shkodra." in match.reasons


def test_new_fields_survive_a_round_trip():
    for p in PROFILES:
        assert profile_from_dict(profile_to_dict(p)) == p
    for o in OPPORTUNITIES.values():
        assert opportunity_from_dict(opportunity_to_dict(o)) == o


@pytest.mark.parametrize("record,field", [
    ({"id": "p", "roles": ["mentor"], "study_level": "doctorate"}, "study_level"),
    ({"id": "p", "roles": ["volunteer"]}, "roles"),
    ({"id": "p", "roles": ["organisation"], "regions": "Shkodër"}, "regions"),
])
def test_bad_profile_fields_name_the_field(record, field):
    with pytest.raises(InvalidRecord, match=field):
        profile_from_dict(record)


@pytest.mark.parametrize("extra,field", [
    ({"kind": "mentorship", "sessions": 0}, "sessions"),
    ({"kind": "mentorship", "mentee_type": "pupil"}, "mentee_type"),
    ({"kind": "twinning", "counterpart_countries": ["Italy"]}, "counterpart_countries"),
    ({"kind": "field_project", "study_levels": ["phd", "habilitation"]}, "study_levels"),
    ({"kind": "local_project", "budget_eur": -1}, "budget_eur"),
    ({"kind": "hackathon"}, "kind"),
])
def test_bad_opportunity_fields_name_the_field(extra, field):
    with pytest.raises(InvalidRecord, match=field):
        opportunity_from_dict({"id": "o", **extra})


def test_old_records_stay_valid():
    p = profile_from_dict({"id": "p", "roles": ["expert"]})
    o = opportunity_from_dict({"id": "o", "kind": "fellowship"})
    assert (p.employer, p.study_level, p.regions) == ("", "", ())
    assert (o.sessions, o.counterpart_countries, o.study_levels, o.budget_eur) == (None, (), (), None)


def test_gender_is_never_an_input():
    """Gender is not in the contract: a record that carries it scores exactly as one that does not."""
    lines = (CASES / "profiles.jsonl").read_text(encoding="utf-8").splitlines()
    with_gender = [json.dumps({**json.loads(line), "gender": g}) for line, g in zip(lines, ["female", "male"] * 99)]
    plain = MatchIndex().build(PROFILES)
    gendered = MatchIndex().build(read_profiles(with_gender))
    for o in OPPORTUNITIES.values():
        a = [(m.profile_id, m.score, m.eligible) for m in plain.rank(o, top=len(PROFILES))]
        b = [(m.profile_id, m.score, m.eligible) for m in gendered.rank(o, top=len(PROFILES))]
        assert a == b


def test_budget_and_sessions_do_not_move_scores(index):
    o = OPPORTUNITIES["local-shkoder"]
    before = [(m.profile_id, m.score) for m in index.rank(o, top=5)]
    after = [(m.profile_id, m.score) for m in index.rank(replace(o, budget_eur=1.0), top=5)]
    assert before == after


def test_study_level_rises_from_the_lowest_level_taken():
    profiles = [profile_from_dict({"id": level, "roles": ["researcher"], "study_level": level})
                for level in ("bachelor", "master", "phd", "postdoc")]
    index = MatchIndex().build(profiles)
    masters_up = opportunity_from_dict({"id": "o", "kind": "field_project",
                                        "study_levels": ["master", "phd", "postdoc"]})
    values = {m.profile_id: (m.eligible, m.contributions.get("study_level", 0.0))
              for m in index.rank(masters_up, top=4)}
    assert not values["bachelor"][0] and values["master"][0]
    assert values["master"][1] < values["phd"][1] < values["postdoc"][1]
    postdocs = opportunity_from_dict({"id": "p", "kind": "field_project", "study_levels": ["postdoc"]})
    ranked = index.rank(postdocs, top=4)
    assert [m.profile_id for m in ranked if m.eligible] == ["postdoc"]
    assert index.features(["postdoc"], postdocs)[0][list(FEATURES).index("study_level")] == 1.0


def test_the_kinds_columns_survive_a_saved_and_mapped_snapshot(index, tmp_path):
    """The store's employer, study level, fields, regions and extras are columns like the others: a mapped
    snapshot ranks, explains and gives back profiles exactly as the index it was saved from."""
    def answers(ix):
        return [[(m.profile_id, m.score, m.eligible, m.reasons, m.broken_rules)
                 for m in ix.rank(o, top=len(PROFILES), explain=True)] for o in OPPORTUNITIES.values()]

    mapped = snapshot.load(snapshot.save(index, tmp_path, epoch=1, version=1).path, index.taxonomy)
    assert answers(mapped) == answers(index)
    assert mapped.profiles_ == index.profiles_
