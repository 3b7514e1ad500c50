"""Curated vocabulary over a taxonomy: the lookup reads it first, the index re-encodes only who typed the term."""
from __future__ import annotations

import pytest

from matching import snapshot
from matching.curation import Curation, CurationError, concept_id, nearest, unmapped_terms
from matching.explain import render
from matching.index import MatchIndex
from matching.taxonomy import CURATED
from tests.matching.conftest import expert, fellowship

UNKNOWN = "cyber hygiene audits"


def test_unknown_terms_and_pieces_of_a_list_are_unmapped(taxonomy):
    assert unmapped_terms(taxonomy, UNKNOWN) == [UNKNOWN]
    assert unmapped_terms(taxonomy, "public procurement") == []
    assert unmapped_terms(taxonomy, f"public procurement, {UNKNOWN}") == [UNKNOWN]
    assert unmapped_terms(taxonomy, "   ") == []


def test_an_alias_is_read_first_by_its_own_copy_only(taxonomy):
    curation = Curation(taxonomy)
    change = curation.add_alias("Cyber Hygiene Audits", "public_procurement_law")
    assert change.terms == {UNKNOWN} and change.concept is None
    match = curation.taxonomy.normalize(UNKNOWN)
    assert (match.id, match.via, match.text) == ("public_procurement_law", CURATED, UNKNOWN)
    assert [m.id for m in curation.taxonomy.resolve(f"{UNKNOWN}; antitrust")] == ["public_procurement_law", "competition_law"]
    assert taxonomy.normalize(UNKNOWN) is None  # the packaged taxonomy stays as shipped
    assert curation.add_alias(UNKNOWN, "public_procurement_law").terms == frozenset()  # nothing changed
    with pytest.raises(CurationError):
        curation.add_alias(UNKNOWN, "no_such_concept")
    with pytest.raises(CurationError):
        curation.add_alias("  ", "public_procurement_law")


def test_a_new_concept_is_read_from_its_name_and_terms(taxonomy):
    curation = Curation(taxonomy)
    change = curation.new_concept("Cyber hygiene", terms=(UNKNOWN,))
    assert change.concept == concept_id("Cyber hygiene") == "curated.cyber_hygiene"
    assert change.terms == {"cyber hygiene", UNKNOWN}
    assert curation.taxonomy.normalize(UNKNOWN).name == "Cyber hygiene"
    assert concept_id("Κυβερνοασφάλεια") == "curated.κυβερνοασφαλεια"
    with pytest.raises(CurationError):
        curation.new_concept("cyber  HYGIENE")
    with pytest.raises(CurationError):
        concept_id(" - ")


def test_nearest_concepts_by_rapidfuzz_and_by_the_lexicon(taxonomy):
    fuzzy, lexicon = nearest(taxonomy, "public procurment rules")
    assert fuzzy[0].id == "public_procurement_law"
    assert "public_procurement_law" in [s.id for s in lexicon]
    assert all(0 < s.score <= 100 for s in fuzzy + lexicon)
    assert nearest(taxonomy, "zzzz qqqq") == ([], [])


def test_reencoding_who_typed_the_term_raises_them_without_a_rebuild(taxonomy):
    people = [expert("typed", skills=(UNKNOWN,), years_experience=5),
              expert("other", skills=("antitrust",), years_experience=5),
              expert("holder", skills=("public procurement",), years_experience=5)]
    posting = fellowship(required_skills=("public procurement",))
    curation = Curation(taxonomy)
    index = MatchIndex(taxonomy=curation.taxonomy).build(people)
    before = dict(index.candidates(posting, 3))
    base = index._base
    curation.add_alias(UNKNOWN, "public_procurement_law")
    assert index.reencode([people[0]]) == 1
    after = dict(index.candidates(posting, 3))
    assert after["typed"] > before["typed"] and after["typed"] == after["holder"]
    assert after["other"] == before["other"]
    assert index._base is base  # the built rows stayed: only the one profile was encoded again
    match = index.score_pairs([("typed", posting)])[0]
    assert (f"Required skill: '{UNKNOWN}' read as Public procurement law (an alias curated by an administrator)."
            in match.reasons)
    assert render(match.details[0]) == match.reasons[0]


def test_a_posting_asking_for_the_term_is_read_again(taxonomy):
    curation = Curation(taxonomy)
    index = MatchIndex(taxonomy=curation.taxonomy).build(
        [expert("holder", skills=("public procurement",)), expert("none", skills=("antitrust",))])
    posting = fellowship(required_skills=(UNKNOWN,))
    assert index.score_pairs([("holder", posting)], explain=False)[0].score == pytest.approx(
        index.score_pairs([("none", posting)], explain=False)[0].score, abs=20)
    curation.new_concept("Cyber hygiene", terms=(UNKNOWN,))
    curation.add_alias("public procurement audits", concept_id("Cyber hygiene"))
    index.reencode([expert("none", skills=("public procurement audits",))])
    scores = dict(index.candidates(posting, 2))
    assert scores["none"] > scores["holder"]


def test_a_new_concept_never_takes_a_name_another_concept_reads(taxonomy):
    curation = Curation(taxonomy)
    change = curation.new_concept("Tendering", terms=(UNKNOWN,))
    assert change.terms == {UNKNOWN}
    assert curation.taxonomy.normalize("tendering").id == "public_procurement_law"


def _decide(curation: Curation) -> None:
    curation.add_alias(UNKNOWN, "public_procurement_law")
    curation.new_concept("Cyber hygiene", terms=("hygiene audits",))  # read in a column reserved for curated concepts


def test_reencoding_over_a_mapped_snapshot_writes_only_the_overlay(taxonomy, tmp_path):
    """A snapshot is built over the packaged taxonomy; a worker maps it through a fresh curation copy (the same
    fingerprint), lays the decisions and re-encodes who typed their terms: it ranks as an index built in memory
    does after the same decisions, and the snapshot's files stay as written."""
    people = [expert("typed", skills=(UNKNOWN,), years_experience=5),
              expert("other", skills=("antitrust", "hygiene audits"), years_experience=5),
              expert("holder", skills=("public procurement",), years_experience=5)]
    postings = [fellowship(required_skills=("public procurement",)), fellowship(required_skills=("Cyber hygiene",))]
    saved = snapshot.save(MatchIndex(taxonomy=taxonomy).build(people), tmp_path, epoch=0, version=1)
    written = {p.name: p.read_bytes() for p in saved.path.iterdir()}
    mapped_curation, memory_curation = Curation(taxonomy), Curation(taxonomy)
    mapped = snapshot.load(saved.path, mapped_curation.taxonomy)
    memory = MatchIndex(taxonomy=memory_curation.taxonomy).build(people)
    before = dict(mapped.candidates(postings[0], 3))
    for curation, index in ((mapped_curation, mapped), (memory_curation, memory)):
        _decide(curation)
        assert index.reencode(people[:2]) == 2
    after = dict(mapped.candidates(postings[0], 3))
    assert after["typed"] > before["typed"] and after["typed"] == after["holder"]
    for posting in postings:
        assert mapped.candidates(posting, 3) == memory.candidates(posting, 3)
    assert mapped.candidates(postings[1], 1)[0][0] == "other"
    assert {p.name: p.read_bytes() for p in saved.path.iterdir()} == written


def test_a_curated_alias_changes_the_sector_a_typed_sector_name_is_read_as(taxonomy):
    curation = Curation(taxonomy)
    assert curation.taxonomy.sector_of(UNKNOWN) is None  # read once, and remembered
    curation.add_alias(UNKNOWN, "hotel_management")
    assert curation.taxonomy.sector_of(UNKNOWN) == "tourism"  # through the skill now named
    assert taxonomy.sector_of(UNKNOWN) is None
