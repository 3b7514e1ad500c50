"""Officer match review: ranking with eligibility and explanations, filters, decisions as an audit trail."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from diaspora.programme import decisions
from diaspora.programme.models import DecisionAction, ImmutableRecord, MatchDecision


def decide(client, w, profile, action, reason=""):
    return client.post(f"/officers/opportunities/{w.fellowship.id}/candidates/{profile.id}/decide",
                       data={"action": action, "reason": reason})


def test_ranked_candidates_eligible_first_with_broken_rule_and_explanation(client, login, world):
    w = world
    login(w.officer)
    index = client.get("/officers/").get_data(as_text=True)
    assert w.fellowship.title in index and "Model in use: default" in index
    page = client.get(f"/officers/opportunities/{w.fellowship.id}").get_data(as_text=True)
    assert page.index("Besa Krasniqi") < page.index("Cole Smith")
    assert page.index("Arta Hoxha") < page.index("Cole Smith")
    assert "Not eligible" in page and "Required skill" in page


def test_filters_country_and_eligible_only(client, login, world):
    w = world
    login(w.officer)
    page = client.get(f"/officers/opportunities/{w.fellowship.id}?country=DE").get_data(as_text=True)
    assert "Besa Krasniqi" in page and "Arta Hoxha" not in page
    page = client.get(f"/officers/opportunities/{w.fellowship.id}?eligible=y").get_data(as_text=True)
    assert "Cole Smith" not in page and "Arta Hoxha" in page
    page = client.get(f"/officers/opportunities/{w.fellowship.id}?language=it&min_score=1").get_data(as_text=True)
    assert "Arta Hoxha" in page and "Besa Krasniqi" not in page


def test_candidate_page_and_member_fits(client, login, world):
    w = world
    login(w.officer)
    page = client.get(f"/officers/opportunities/{w.fellowship.id}/candidates/{w.arta.id}").get_data(as_text=True)
    assert "Arta Hoxha" in page and "<td>Required skills</td>" in page
    page = client.get(f"/officers/members/{w.arta.id}").get_data(as_text=True)
    assert w.fellowship.title in page


def test_reject_needs_a_reason_and_changes_nothing_without(client, login, world, db):
    w = world
    login(w.officer)
    assert decide(client, w, w.arta, "reject").status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(MatchDecision.id))) == 0
    assert decide(client, w, w.arta, "reject", "Too little procurement practice").status_code == 302
    assert decisions.status_of(w.arta.id, w.fellowship.id) is DecisionAction.REJECT


def test_status_is_the_latest_decision_and_notes_do_not_change_it(client, login, world):
    w = world
    login(w.officer)
    assert decide(client, w, w.besa, "shortlist").status_code == 302
    assert decide(client, w, w.besa, "note", "Call her on Monday").status_code == 302
    assert decisions.status_of(w.besa.id, w.fellowship.id) is DecisionAction.SHORTLIST
    assert decide(client, w, w.besa, "shortlist").status_code == 409
    assert decide(client, w, w.besa, "propose").status_code == 302
    assert decide(client, w, w.besa, "reject", "changed my mind").status_code == 409  # the ministry decides now
    trail = decisions.history(w.besa.id, w.fellowship.id)
    assert [d.action for d in trail] == [DecisionAction.SHORTLIST, DecisionAction.NOTE, DecisionAction.PROPOSE]
    assert all(d.actor_id == w.officer.id and d.created_at for d in trail)
    assert trail[-1].score is not None and trail[-1].match["reasons"]


def test_proposal_notifies_the_ministry_and_the_member(client, login, world, outbox):
    w = world
    login(w.officer)
    decide(client, w, w.besa, "propose")
    recipients = {m["To"] for m in outbox()}
    assert {w.focal.email, w.besa.user.email} <= recipients
    assert w.other_focal.email not in recipients


def test_audit_trail_cannot_be_edited_or_deleted(app, db, world):
    w = world
    decision = decisions.decide(w.officer, w.arta.id, w.fellowship.id, DecisionAction.NOTE, "first")
    db.session.commit()
    decision.reason = "rewritten"
    with pytest.raises(ImmutableRecord):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(MatchDecision, decision.id))
    with pytest.raises(ImmutableRecord):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(MatchDecision, decision.id).reason == "first"


def test_only_officers_decide(client, login, world):
    w = world
    login(w.focal)
    assert decide(client, w, w.arta, "shortlist").status_code == 403
    assert client.get("/officers/").status_code == 403


def _order(page: str, *names: str) -> list[str]:
    return sorted(names, key=page.index)


def test_columns_sort_on_the_server_and_links_keep_the_filters(client, login, world):
    w = world
    login(w.officer)
    url = f"/officers/opportunities/{w.fellowship.id}"
    people = ("Arta Hoxha", "Besa Krasniqi", "Cole Smith")
    by_name = client.get(f"{url}?sort=name").get_data(as_text=True)
    assert _order(by_name, *people) == ["Arta Hoxha", "Besa Krasniqi", "Cole Smith"]
    backwards = client.get(f"{url}?sort=-name").get_data(as_text=True)
    assert _order(backwards, *people) == ["Cole Smith", "Besa Krasniqi", "Arta Hoxha"]
    ineligible_first = client.get(f"{url}?sort=-eligibility").get_data(as_text=True)
    assert _order(ineligible_first, *people)[0] == "Cole Smith"
    decide(client, w, w.besa, "shortlist")
    by_status = client.get(f"{url}?sort=status").get_data(as_text=True)
    assert _order(by_status, *people)[0] == "Besa Krasniqi"
    assert 'aria-sort="ascending"' in by_status
    filtered = client.get(f"{url}?language=sq&sort=name").get_data(as_text=True)
    assert f'href="{url}?language=sq&amp;sort=-name"' in filtered  # the active column reverses, filters kept
    assert f'href="{url}?language=sq&amp;sort=score"' in filtered
    unknown = client.get(f"{url}?sort=drop+table")
    assert unknown.status_code == 200 and "Arta Hoxha" in unknown.get_data(as_text=True)
