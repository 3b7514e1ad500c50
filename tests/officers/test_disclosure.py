"""Staged disclosure: ministries see proposed candidates of their own postings only, and only what they need;
members never see an officer's internal status."""
from __future__ import annotations

import sqlalchemy as sa

from diaspora import privacy
from diaspora.programme import decisions
from diaspora.programme.models import DecisionAction, Interest, MatchDecision, Placement


def propose(db, w, profile):
    decisions.decide(w.officer, profile.id, w.fellowship.id, DecisionAction.NOTE, "Internal note: salary talk")
    decisions.decide(w.officer, profile.id, w.fellowship.id, DecisionAction.PROPOSE)
    db.session.commit()


def test_not_yet_proposed_candidate_is_404(client, login, world):
    w = world
    login(w.focal)
    assert client.get(f"/ministries/candidates/{w.fellowship.id}/{w.arta.id}").status_code == 404
    decisions.decide(w.officer, w.arta.id, w.fellowship.id, DecisionAction.SHORTLIST)
    assert client.get(f"/ministries/candidates/{w.fellowship.id}/{w.arta.id}").status_code == 404
    assert "Arta" not in client.get("/ministries/candidates").get_data(as_text=True)


def test_another_institution_gets_404(client, login, world, db):
    w = world
    propose(db, w, w.arta)
    login(w.other_focal)
    assert client.get(f"/ministries/candidates/{w.fellowship.id}/{w.arta.id}").status_code == 404
    response = client.post(f"/ministries/candidates/{w.fellowship.id}/{w.arta.id}/decide",
                           data={"outcome": "accept", "feedback": "ok"})
    assert response.status_code == 404
    assert "Arta" not in client.get("/ministries/candidates").get_data(as_text=True)


def test_ministry_page_shows_only_what_the_decision_needs(client, login, world, db):
    w = world
    propose(db, w, w.arta)
    login(w.focal)
    listing = client.get("/ministries/candidates").get_data(as_text=True)
    assert "Arta Hoxha" in listing
    page = client.get(f"/ministries/candidates/{w.fellowship.id}/{w.arta.id}").get_data(as_text=True)
    assert "Arta Hoxha" in page and "Italy" in page and "public procurement" in page and "Required skill" in page
    for secret in (w.arta.user.email, w.arta.phone, "333 1234567", "1985", "Internal note", "salary"):
        assert secret not in page, secret


def test_accept_creates_a_placement_and_notifies(client, login, world, db, outbox):
    w = world
    propose(db, w, w.arta)
    login(w.focal)
    response = client.post(f"/ministries/candidates/{w.fellowship.id}/{w.arta.id}/decide", data={
        "outcome": "accept", "interview_date": "2027-02-10", "feedback": "Strong interview.",
        "mentor_name": "Drita Leka"})
    assert response.status_code == 302
    placement = db.session.scalar(sa.select(Placement))
    assert placement.profile_id == w.arta.id and placement.mentor_name == "Drita Leka"
    assert placement.start_date == w.fellowship.start_date and placement.status.value == "planned"
    assert decisions.status_of(w.arta.id, w.fellowship.id) is DecisionAction.MINISTRY_ACCEPT
    recipients = [m["To"] for m in outbox()]
    assert w.arta.user.email in recipients and w.officer.email in recipients
    # decided once: a second answer is refused
    again = client.post(f"/ministries/candidates/{w.fellowship.id}/{w.arta.id}/decide",
                        data={"outcome": "decline", "feedback": "no"})
    assert again.status_code == 409


def test_feedback_is_required(client, login, world, db):
    w = world
    propose(db, w, w.arta)
    login(w.focal)
    response = client.post(f"/ministries/candidates/{w.fellowship.id}/{w.arta.id}/decide",
                           data={"outcome": "accept", "feedback": ""})
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(Placement.id))) == 0


def test_members_never_see_rejected(client, login, world, db):
    w = world
    login(w.arta.user)
    assert client.post(f"/members/opportunities/{w.fellowship.id}/interest").status_code == 302
    decisions.decide(w.officer, w.arta.id, w.fellowship.id, DecisionAction.REJECT, "Weak on EU law, do not tell")
    db.session.commit()
    page = client.get("/members/opportunities").get_data(as_text=True)
    assert "Under review" in page
    assert "Rejected" not in page and "rejected" not in page and "Weak on EU law" not in page


def test_member_sees_proposed_then_not_selected(client, login, world, db):
    w = world
    propose(db, w, w.besa)
    login(w.besa.user)
    assert "Proposed" in client.get("/members/opportunities").get_data(as_text=True)
    opportunity, profile = w.fellowship, w.besa
    decisions.ministry_decide(w.focal, opportunity, profile, accept=False, feedback="Chose another",
                              interview_date=None)
    db.session.commit()
    page = client.get("/members/opportunities").get_data(as_text=True)
    assert "Not selected" in page and "Chose another" not in page


def test_officer_sees_member_interest(client, login, world):
    w = world
    login(w.besa.user)
    client.post(f"/members/opportunities/{w.fellowship.id}/interest")
    client.post("/auth/logout")
    login(w.officer)
    page = client.get(f"/officers/opportunities/{w.fellowship.id}").get_data(as_text=True)
    assert "Interested" in page


def test_data_export_and_erasure_of_workflow_records(client, login, world, db):
    w = world
    login(w.arta.user)
    client.post(f"/members/opportunities/{w.fellowship.id}/interest")
    decisions.decide(w.officer, w.arta.id, w.fellowship.id, DecisionAction.REJECT, "Internal reason")
    db.session.commit()
    data = client.post("/members/data").get_json(force=True)
    assert data["opportunities"]["opportunities"][0]["status"] == "Under review"
    assert "Internal reason" not in str(data)
    privacy.erase_user(db.session.get(type(w.arta.user), w.arta.user_id), actor=None)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Interest.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(MatchDecision.id))) == 1  # the trail stays
