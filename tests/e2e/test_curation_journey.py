"""The taxonomy learning in use, in a real browser, in English and in Albanian: a member types a skill no concept
reads, an administrator maps it to a concept in the curation queue, and the member moves up the officer's
ranking of a posting that asks for that concept (no index rebuild)."""
from __future__ import annotations

import pytest

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.taxonomy_names import albanian_name as taxonomy_name_sq
from tests.e2e.browsing import flash, log_in, nav
from tests.e2e.conftest import ARTIFACTS

TYPED = "gare d'appalto telematiche"
E_PROCUREMENT = "a-e-procurement"


def _ranked_names(page) -> list[str]:
    return page.locator("table tbody tr td:first-child a").all_inner_texts()


@pytest.mark.parametrize("lang", ["en", "sq"])
def test_member_types_an_unknown_skill_admin_maps_it_member_ranks_higher(
        live_server, new_page, t, make_user, make_member, make_fellowship, lang):
    posting = make_fellowship(required_skills=["e-procurement"], preferred_skills=[], acquis_chapters=[])
    bruna = make_member(make_user(Role.MEMBER, locale=lang), full_name="Bruna Leka", skills=["EU law"],
                        acquis_chapters=[])
    make_member(full_name="Carla Dema", skills=["EU law", "public procurement"], acquis_chapters=[])
    admin, officer = make_user(Role.ADMIN, locale=lang), make_user(Role.OFFICER, locale=lang)
    db.session.commit()
    review = f"{live_server}/officers/opportunities/{posting.id}"

    member = log_in(new_page, live_server, t, lang, bruna.user)
    member.goto(live_server + "/members/profile/edit")
    member.get_by_label(t(lang, "Skills")).fill(f"EU law\n{TYPED}")
    member.get_by_role("button", name=t(lang, "Save profile")).click()
    member.get_by_role("heading", name="Bruna Leka").wait_for()

    desk = log_in(new_page, live_server, t, lang, officer)
    desk.goto(review)
    assert _ranked_names(desk) == ["Carla Dema", "Bruna Leka"]  # Carla's public procurement is related experience
    loads = live.live().loads

    curator = log_in(new_page, live_server, t, lang, admin)
    nav(curator, t, lang, "Taxonomy curation")
    row = curator.locator("table tbody tr").filter(has_text=TYPED)
    assert "Bruna Leka" in row.inner_text()  # who typed it: shown to administrators
    row.get_by_role("link", name=TYPED).click()
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)  # for a reviewer, like test_screenshots.py
    curator.screenshot(path=str(ARTIFACTS / "screenshots" / f"curation-term-{lang}.png"), full_page=True)
    by_spelling = curator.locator("section.card ul").first.locator("li").first.inner_text()
    name = "E-procurement" if lang == "en" else taxonomy_name_sq("E-procurement")  # as the reader reads it
    assert by_spelling.startswith(name), by_spelling  # the nearest concept, suggested first
    curator.get_by_label(t(lang, "Concept"), exact=True).select_option(E_PROCUREMENT)
    curator.get_by_role("button", name=t(lang, "Map to this concept")).click()
    flash(curator, t(lang, "The term now reads as that concept."))

    desk.goto(review)
    assert _ranked_names(desk) == ["Bruna Leka", "Carla Dema"]
    reasons = desk.locator("table tbody tr").first.inner_text()
    how = t(lang, "an alias curated by an administrator")
    assert t(lang, "Required skill: “%(wrote)s” read as %(name)s (%(how)s).", wrote=TYPED, name=name, how=how) in reasons
    assert live.live().loads == loads  # the same snapshot, the one profile encoded again into the overlay
