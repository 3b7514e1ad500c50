"""The packaged taxonomy data (matching/data/): coverage and shape."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from matching.taxonomy import DATA_DIR, LANGS, Taxonomy, default_taxonomy

SKILL_FILES = sorted((DATA_DIR / "skills").glob("*.csv"))
LANGUAGE_COLUMNS = [f"aliases_{lang}" for lang in LANGS]
pytestmark = pytest.mark.skipif(len(SKILL_FILES) < 2 or not (DATA_DIR / "sectors.csv").exists(),
                                reason="the taxonomy data (two skills CSVs and sectors.csv) has not landed yet")


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.load()


def test_at_least_400_canonical_skills(taxonomy):
    assert len(taxonomy.skills) >= 400


def test_all_35_acquis_chapters_are_covered(taxonomy):
    covered = {c for s in taxonomy.skills.values() for c in s.chapters}
    assert covered == set(range(1, 36))


def test_every_investment_sector_has_skills(taxonomy):
    investment = {slug for slug, s in taxonomy.sectors.items() if s.kind == "investment"}
    covered = {x for s in taxonomy.skills.values() for x in s.sectors}
    assert investment and investment <= covered


def test_skill_sectors_exist(taxonomy):
    unknown = {(s.id, x) for s in taxonomy.skills.values() for x in s.sectors if x not in taxonomy.sectors}
    assert unknown == set()


@pytest.mark.parametrize("path", SKILL_FILES + [DATA_DIR / "sectors.csv"], ids=lambda p: p.name)
def test_every_row_has_all_six_language_columns(path):
    data = rows(path)
    assert data
    missing = [(i + 2, col) for i, row in enumerate(data) for col in LANGUAGE_COLUMNS if not (row.get(col) or "").strip()]
    assert missing == []


def test_sector_kinds(taxonomy):
    assert {s.kind for s in taxonomy.sectors.values()} <= {"field", "investment"}


def test_every_sector_name_reads_back_as_its_sector():
    # The index keeps investment sectors as bits and gives their names back for explanations.
    t = default_taxonomy()
    assert all(t.sector_of(t.sector_name(slug)) == slug for slug in t.sector_slugs)


def test_sectors_typed_as_prose_in_any_language():
    # Agents type what they deal in; a word that is no sector alias is read through the skills' lexicon.
    t = default_taxonomy()
    assert t.sector_of("Bergtourismus") == "tourism"  # a skill (adventure tourism) whose field is tourism
    assert t.sector_of("riciclo della plastica") == "environment"
    assert t.sector_of("recycling / circular economy") == "environment"
    assert t.sector_of("cliniques dentaires") == "health"
    assert t.sector_of("knitting") is None
