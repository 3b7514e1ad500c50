"""Language-aware normalisation with phrases as people write them in each of the six languages: language
cues, lemmas and stems, script folding, German compounds, and the concept lexicon that maps them onto the
taxonomy while recording how each match was found."""
from __future__ import annotations

import pytest

from matching.language import ascii_fold, candidates, split_compound, word_key
from matching.taxonomy import default_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return default_taxonomy()


@pytest.mark.parametrize("text, lang", [
    ("Përvojë në prokurime publike dhe auditim të brendshëm", "sq"),
    ("appalti pubblici e gestione delle gare con il codice dei contratti", "it"),
    ("νομοθεσία περί προστασίας δεδομένων", "el"),
    ("Vergaberecht und Nachprüfungsverfahren für Kommunen", "de"),
    ("marchés publics et contrôle des aides d'État pour les collectivités", "fr"),
    ("public procurement and the management of EU funds", "en"),
])
def test_the_language_of_a_field_is_recognised(text, lang):
    assert candidates(text)[0] == lang


def test_greek_script_is_greek_and_folds_to_latin():
    assert candidates("δημόσιες συμβάσεις") == ("el",)
    assert ascii_fold("Προστασία Δεδομένων") == "prostasia dedomenon"
    assert ascii_fold("Закон о јавним набавкама") == "zakon o javnim nabavkama"
    assert ascii_fold("l'évaluation d'impact") == "evaluation impact"


@pytest.mark.parametrize("lang, forms", [
    ("sq", ["prokurimet", "prokurimi", "prokurim"]),
    ("it", ["appalti", "appalto"]),
    ("el", ["προστασίας", "προστασία"]),
    ("de", ["Normen", "Norm"]),
    ("fr", ["marchés", "marché"]),
    ("en", ["procurements", "procurement"]),
])
def test_inflections_share_one_key(lang, forms):
    assert len({word_key(f, lang) for f in forms}) == 1


@pytest.mark.parametrize("forms", [
    ["δημόσιος", "δημόσια", "δημόσιες", "δημοσίου", "δημοσίων", "δημόσιων"],
    ["ηλεκτρονική", "ηλεκτρονικές", "ηλεκτρονικοί", "ηλεκτρονικών"],
    ["σύμβαση", "συμβάσεις", "συμβάσεων", "ΣΥΜΒΑΣΕΩΝ"],
    ["έλεγχος", "έλεγχοι", "ελέγχου", "ελέγχων"],
    ["ενίσχυση", "ενισχύσεις", "ενισχύσεων"],
])
def test_greek_case_forms_share_the_nominatives_key(forms):
    # Snowball's Greek stemmer cut the genitive plural shorter than the nominative ("δημοσίων" vs "δημόσιος")
    assert len({word_key(f, "el") for f in forms}) == 1


def test_german_compounds_split_into_known_parts():
    known = {"markt", "uberwach", "behord"}
    assert split_compound("marktuberwachbehord", known) == ["markt", "uberwach", "behord"]
    # a linking element or the suffix the stemmer cut from a part's own key lies between parts
    assert split_compound("beihilfenrecht", {"beihilf", "recht"}) == ["beihilf", "recht"]
    assert split_compound("konformitatsbewertungsstell", {"konformitatsbewert", "stell"}) == [
        "konformitatsbewert", "stell"]
    # a known first part before a generic rest is cut off; an unknown first part before a known one is not
    assert split_compound("datenschutzbeauftragt", {"datenschutz"}) == ["datenschutz", "beauftragt"]
    assert split_compound("wasserwirtschaft", {"wirtschaft"}) == ["wasserwirtschaft"]


@pytest.mark.parametrize("typed, name, via", [
    ("prokurimet publike", "Public procurement law", "lemma"),
    ("appalti pubblici", "Public procurement law", "translation"),
    ("appalto pubblico", "Public procurement law", "lemma"),
    ("προστασίας δεδομένων προσωπικού χαρακτήρα", "Data protection (GDPR)", "lemma"),
    ("δημόσιες συμβάσεις", "Public procurement law", "translation"),
    ("Marktüberwachungsbehörden", "Market surveillance", "lemma"),
    ("Konformitätsbewertungen", "Conformity assessment", "lemma"),
    ("marchés publics", "Public procurement law", "translation"),
    ("protection des données personnelles", "Data protection (GDPR)", "translation"),
    ("notified body", "Conformity assessment", "lemma"),
    ("public procurement", "Public procurement law", ""),
])
def test_typed_phrases_reach_their_concept_and_say_how(taxonomy, typed, name, via):
    match = taxonomy.normalize(typed)
    assert match is not None and (match.name, match.via) == (name, via)


@pytest.mark.parametrize("typed, name", [
    # Greek genitives, as a heading or an object of "experience in": "(δίκαιο) δημοσίων συμβάσεων"
    ("δημοσίων συμβάσεων", "Public procurement law"),
    ("ΔΗΜΟΣΙΩΝ ΣΥΜΒΑΣΕΩΝ", "Public procurement law"),
    ("ηλεκτρονικών δημοσίων συμβάσεων", "E-procurement"),
    ("κρατικών ενισχύσεων", "State aid control"),
    ("εσωτερικών ελέγχων", "Public sector internal audit"),
    ("φορολογικών ελέγχων", "Tax audit"),
    ("νομικός σύμβουλος σε θέματα κρατικών ενισχύσεων", "State aid control"),
    # articles left out or put in
    ("ισότητα φύλων", "Gender equality in employment"),
    ("καταπολέμηση διαφθοράς", "Anti-corruption policy"),
    ("Überwachung des Marktes", "Market surveillance"),
    # German compounds: another linking element, a generic last part, the paraphrase with "von"
    ("Beihilfenrecht", "State aid control"),
    ("Konformitaetsbewertungsstellen", "Conformity assessment"),
    ("Datenschutzbeauftragter", "Data protection (GDPR)"),
    ("Bankenaufsichtsbehörde", "Banking supervision"),
    ("Erfahrung als Datenschutzbeauftragte in einer Bundesbehörde", "Data protection (GDPR)"),
    ("Bekämpfung von Korruption", "Anti-corruption policy"),
    ("Kennzeichnung von Lebensmitteln", "Food labelling"),
])
def test_german_and_greek_forms_reach_their_concept_through_the_lexicon(taxonomy, typed, name):
    match = taxonomy.normalize(typed)
    assert match is not None and (match.name, match.via) == (name, "lemma")


@pytest.mark.parametrize("typed", ["Verfahren", "Management", "Prüfung", "Behörde", "Beauftragte", "Recht",
                                   "Abschlussjahr", "διαχείριση", "ελέγχων", "επενδύσεων", "υπηρεσίες",
                                   "δημοσίων"])
def test_generic_words_and_reordered_compounds_stay_free_text(taxonomy, typed):
    # "Abschlussjahr" (year of graduation) has the parts of "Jahresabschluss" in the other order
    assert taxonomy.resolve(typed) == ()


def test_a_compound_sector_is_read_by_its_first_part(taxonomy):
    assert taxonomy.sector_of("Forschungsförderung") == "research"
    assert taxonomy.sector_of("Wasserwirtschaft") == "environment"  # not "Wirtschaft", the economy


def test_concepts_named_inside_a_summary(taxonomy):
    summary = "Ho lavorato dieci anni negli appalti pubblici del Comune di Bologna, poi sugli aiuti di Stato."
    assert "Public procurement law" in taxonomy.concepts_in(summary)
