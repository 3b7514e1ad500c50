"""The engine's reasons read in the reader's language: Albanian pages carry no English sentence, and the
explanation frozen in a proposal is worded again in whichever language its reader uses."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import force_locale

from diaspora.matches.reasons import reason_texts, word
from diaspora.programme import decisions
from diaspora.programme.models import DecisionAction, MatchDecision

ENGLISH = ("Required skill", "Preferred skill", "Missing required skill", "Not eligible:", "Languages:",
           "years of experience", "Available ", "Availability not stated", "Acquis chapters:", "default weights")


def albanian(db, user):
    user.locale = "sq"
    db.session.commit()


def test_officer_review_pages_word_reasons_in_albanian(client, login, world, db):
    w = world
    albanian(db, w.officer)
    login(w.officer)
    page = client.get(f"/officers/opportunities/{w.fellowship.id}").get_data(as_text=True)
    # Cole has no Albanian: the broken rule names the language, in Albanian.
    assert "Nuk plotëson kushtet: gjuha nën nivelin e kërkuar: shqip në nivelin C1 (ka asnjë)." in page
    assert "Aftësi e kërkuar: shkroi “public procurement” → " in page
    candidate = client.get(f"/officers/opportunities/{w.fellowship.id}/candidates/{w.besa.id}").get_data(as_text=True)
    index = client.get("/officers/").get_data(as_text=True)
    assert "peshat e paracaktuara" in index
    for text in (page, candidate, index):
        assert not [sentence for sentence in ENGLISH if sentence in text]


def test_frozen_explanation_is_stored_as_data_and_read_in_each_language(client, login, world, db):
    w = world
    decisions.decide(w.officer, w.besa.id, w.fellowship.id, DecisionAction.PROPOSE)
    db.session.commit()
    row = db.session.scalar(sa.select(MatchDecision).where(MatchDecision.action == DecisionAction.PROPOSE))
    details = row.match["details"]
    assert len(details) == len(row.match["reasons"]) and {"code", "params"} == set(details[0])
    login(w.focal)
    page = client.get(f"/ministries/candidates/{w.fellowship.id}/{w.besa.id}").get_data(as_text=True)
    assert "Required skill: wrote “public procurement” → " in page
    albanian(db, w.focal)
    page = client.get(f"/ministries/candidates/{w.fellowship.id}/{w.besa.id}").get_data(as_text=True)
    assert "Aftësi e kërkuar: shkroi “public procurement” → " in page
    assert not [sentence for sentence in ENGLISH if sentence in page]


def test_rows_and_codes_the_table_cannot_word_keep_the_engine_sentence(app):
    with app.test_request_context(), force_locale("sq"):
        # A proposal frozen before reasons were data has sentences only.
        assert reason_texts({"reasons": ["Old sentence."]}) == ["Old sentence."]
        assert word({"code": "from_a_newer_engine", "params": {}}, "New sentence.") == "New sentence."
        assert word({"code": "network", "params": {"countries": 3}}, "Network in IT.") == "Network in IT."
        assert word({"code": "network", "params": {"countries": ["IT", "DE"], "targets": ["IT", "DE", "FR"]}},
                    "") == "Rrjet në Itali, Gjermani (vendet e synuara: Itali, Gjermani, Francë)."


def test_a_skill_read_through_a_translation_or_a_lemma_says_so_in_each_language(app):
    reason = {"code": "skill_read_as", "params": {"label": "required", "wrote": "appalti pubblici",
                                                  "name": "Public procurement law", "via": "translation"}}
    preferred = {"code": "skill_read_as", "params": {"label": "preferred", "wrote": "prokurimet publike",
                                                     "name": "Public procurement law", "via": "lemma"}}
    with app.test_request_context(), force_locale("en"):
        assert word(reason, "") == "Required skill: “appalti pubblici” read as Public procurement law (a translation)."
    with app.test_request_context(), force_locale("sq"):
        assert word(reason, "") == "Aftësi e kërkuar: “appalti pubblici” u lexua si Prokurimi publik (përkthim)."
        assert word(preferred, "") == ("Aftësi e preferuar: “prokurimet publike” u lexua si Prokurimi publik "
                                       "(formë tjetër e fjalëve).")
