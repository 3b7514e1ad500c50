"""The hand-written evaluation sets (matching/data/eval/handwritten*, format in their READMEs) are complete and
consistent: they load through the contract reader, are as large as agreed, every id they reference exists,
every profile has one language label, each label is represented, every posting has people worth finding, and
no pair graded above 0 breaks a hard rule of the contract (an ineligible person is grade 0 by definition)."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

import matching
from matching.index import MatchIndex
from matching.io import read_opportunities, read_profiles

EVAL_DIR = Path(matching.__file__).parent / "data" / "eval"
LABELS = ("sq", "it", "el", "de", "fr", "en", "mixed")
# name -> (min profiles, min opportunities, min profiles per language label)
SIZES = {"handwritten": (300, 40, 30), "handwritten-dev": (100, 14, 10)}


def _rows(path: Path, header: list[str]) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == header, f"{path.name}: header must be {','.join(header)}"
        return list(reader)


class EvalSet:
    def __init__(self, name: str):
        folder = EVAL_DIR / name
        self.profiles = read_profiles(folder / "profiles.jsonl")
        self.opportunities = read_opportunities(folder / "opportunities.jsonl")
        self.judgments = _rows(folder / "judgments.csv", ["opportunity_id", "profile_id", "grade"])
        self.languages = _rows(folder / "languages.csv", ["profile_id", "language"])
        self.readme = (folder / "README.md").read_text(encoding="utf-8")

    def language_of(self) -> dict[str, str]:
        return {row["profile_id"]: row["language"] for row in self.languages}

    def grades(self) -> list[tuple[str, str, int]]:
        return [(row["opportunity_id"], row["profile_id"], int(row["grade"])) for row in self.judgments]


@pytest.fixture(scope="module", params=sorted(SIZES))
def evalset(request) -> tuple[str, EvalSet]:
    return request.param, EvalSet(request.param)


def test_sizes_and_unique_ids(evalset):
    name, s = evalset
    min_profiles, min_opportunities, _ = SIZES[name]
    assert len(s.profiles) >= min_profiles
    assert len(s.opportunities) >= min_opportunities
    assert len({p.id for p in s.profiles}) == len(s.profiles)
    assert len({o.id for o in s.opportunities}) == len(s.opportunities)
    assert {o.kind for o in s.opportunities} == {"fellowship", "investment_lead"}
    assert "CC0" in s.readme


def test_judgments_reference_known_ids_once_with_grades_0_to_3(evalset):
    _, s = evalset
    profile_ids = {p.id for p in s.profiles}
    opportunity_ids = {o.id for o in s.opportunities}
    pairs = Counter()
    for row in s.judgments:
        assert row["opportunity_id"] in opportunity_ids, row
        assert row["profile_id"] in profile_ids, row
        assert row["grade"] in {"0", "1", "2", "3"}, row
        pairs[row["opportunity_id"], row["profile_id"]] += 1
    assert max(pairs.values()) == 1, "a pair is judged twice"


def test_every_profile_has_one_language_label(evalset):
    name, s = evalset
    labels = [row["profile_id"] for row in s.languages]
    assert len(labels) == len(set(labels)), "a profile is labelled twice"
    assert set(labels) == {p.id for p in s.profiles}
    per_label = Counter(s.language_of().values())
    assert set(per_label) == set(LABELS)
    minimum = SIZES[name][2]
    assert all(per_label[label] >= minimum for label in LABELS), per_label


def test_every_opportunity_has_relevant_profiles_in_two_languages(evalset):
    _, s = evalset
    language = s.language_of()
    relevant = {o.id: [] for o in s.opportunities}
    for opportunity_id, profile_id, grade in s.grades():
        if grade >= 2:
            relevant[opportunity_id].append(language[profile_id])
    for opportunity_id, languages in relevant.items():
        assert len(languages) >= 3, f"{opportunity_id}: fewer than 3 profiles of grade >= 2"
        assert len(set(languages)) >= 2, f"{opportunity_id}: grade >= 2 profiles in one language only"


def test_no_pair_graded_above_zero_breaks_a_hard_rule(evalset):
    _, s = evalset
    index = MatchIndex().build(s.profiles)
    opportunities = {o.id: o for o in s.opportunities}
    graded = [(profile_id, opportunities[opportunity_id])
              for opportunity_id, profile_id, grade in s.grades() if grade > 0]
    ineligible = [(opportunity.id, match.profile_id, match.broken_rules)
                  for (_, opportunity), match in zip(graded, index.score_pairs(graded, explain=False))
                  if not match.eligible]
    assert not ineligible
