from __future__ import annotations

import pytest

from matching.text import analyse, fold


@pytest.mark.parametrize("typed", [
    "Public procurement", "public procurment", "Pubilc Procurement", "PROCUREMENT PUBLIC",  # case, typos, order
    "prokurim publik", "Prokurimi Publik", "ligji i prokurimit",  # Albanian
    "appalti pubblici", "Appalti  pubblici!",  # Italian
    "Δημόσιες Συμβάσεις", "δημοσιες συμβασεις",  # Greek, with and without tonos
    "Vergaberecht", "marches publics", "PPL",  # German, French without accents, abbreviation
])
def test_typed_variants_land_on_the_canonical_skill(taxonomy, typed):
    match = taxonomy.normalize(typed)
    assert match is not None and match.id == "public_procurement_law"
    assert match.text == typed.strip()


def test_albanian_diacritics_are_optional(taxonomy):
    assert taxonomy.normalize("ndihma shtetërore").id == "state_aid"
    assert taxonomy.normalize("ndihma shteterore").id == "state_aid"
    assert taxonomy.normalize("siguria ushqimore").id == "food_safety"


def test_italian_alias_with_space_variant(taxonomy):
    assert taxonomy.normalize("olio extra vergine").id == "olive_oil_production"
    assert taxonomy.normalize("sicurezza alimentare").id == "food_safety"


@pytest.mark.parametrize("generic", ["management", "law", "policy", "public", "energy", "eu", "", "   ", "!!!"])
def test_generic_words_match_nothing(taxonomy, generic):
    assert taxonomy.normalize(generic) is None


def test_fuzzy_score_is_reported_below_100(taxonomy):
    match = taxonomy.normalize("Pubilc Procurement")
    assert 88 <= match.score < 100 and match.via == "spelling"
    assert taxonomy.normalize("public procurement").score == 100
    assert taxonomy.normalize("Public Procurment").via == "lemma"  # the stem forgives this typo


def test_lists_typed_in_one_field_give_every_skill(taxonomy):
    ids = [m.id for m in taxonomy.resolve("HACCP, olive oil / VC")]
    assert ids == ["food_safety", "olive_oil_production", "venture_capital"]


def test_every_piece_of_a_list_is_resolved_in_full(taxonomy):
    # The first piece matches only through a phrase inside it; it used to be lost once another piece matched.
    found = taxonomy.resolve("Experience: public procurement, HACCP")
    assert [(m.id, m.text) for m in found] == [("public_procurement_law", "Experience: public procurement"),
                                               ("food_safety", "HACCP")]


def test_known_phrases_inside_a_sentence(taxonomy):
    ids = {m.id for m in taxonomy.resolve("ten years of experience with state aid and antitrust cases")}
    assert ids == {"state_aid", "competition_law"}


def test_unknown_skill_stays_free_text(taxonomy):
    assert taxonomy.resolve("underwater basket weaving") == ()


def test_long_and_odd_unicode_input_never_crashes(taxonomy):
    assert taxonomy.normalize("ž" * 100_000) is None
    assert taxonomy.normalize("\u0000\ufffd😀 procurement") is None
    assert taxonomy.normalize("😀 public procurement 😀").id == "public_procurement_law"


def test_sectors_and_chapters(taxonomy):
    assert taxonomy.sector_of("Turizëm") == "tourism"
    assert taxonomy.sector_of("agriturismo") == "tourism"
    assert taxonomy.sector_of("wine") == "olive_oil_wine"
    assert taxonomy.sector_of("knitting") is None
    assert taxonomy.chapters_of("public_procurement_law") == (5,)
    assert taxonomy.sectors_of("olive_oil_production") == ("olive_oil_wine",)


def test_fold_and_analyse():
    assert fold("Shërbimi  Çertifikimit, \u0386\u0388 Straße") == "sherbimi certifikimit αε strasse"
    assert analyse("Prokurimi procurements") == "prokuri procure"


def test_lookups_are_memoised(taxonomy):
    before = taxonomy.resolve.cache_info().hits
    taxonomy.resolve("Pubilc Procurement")
    taxonomy.resolve("Pubilc Procurement")
    assert taxonomy.resolve.cache_info().hits > before
