"""Optimal allocation of a call: the engine's proposal, adjusted, applied as shortlists."""
from __future__ import annotations

from diaspora.programme import decisions
from diaspora.programme.models import DecisionAction


def test_allocation_proposes_and_applies_adjusted_pairs_as_shortlists(client, login, world, make_fellowship, db):
    w = world
    second = make_fellowship(institution=w.other, title="Internal audit expert", required_skills=["internal audit"],
                             acquis_chapters=[32])
    db.session.commit()
    login(w.officer)
    page = client.get(f"/officers/allocation?opportunity={w.fellowship.id}&opportunity={second.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Arta Hoxha" in html and "Besa Krasniqi" in html
    assert "Cole Smith" not in html  # ineligible: never allocated
    # the officer keeps one pair, swaps nothing, drops the other
    response = client.post("/officers/allocation/apply",
                           data={"pair-1": f"{w.fellowship.id}:{w.besa.id}", "pair-2": ""})
    assert response.status_code == 302
    assert decisions.status_of(w.besa.id, w.fellowship.id) is DecisionAction.SHORTLIST
    assert decisions.status_of(w.arta.id, second.id) is None


def test_allocation_refuses_one_person_twice_and_changes_nothing(client, login, world, make_fellowship, db):
    w = world
    second = make_fellowship(institution=w.other)
    db.session.commit()
    login(w.officer)
    response = client.post("/officers/allocation/apply", data={
        "pair-1": f"{w.fellowship.id}:{w.arta.id}", "pair-2": f"{second.id}:{w.arta.id}"})
    assert response.status_code == 422
    assert decisions.statuses() == {}
    assert client.post("/officers/allocation/apply", data={"pair-1": "x:y"}).status_code == 422
