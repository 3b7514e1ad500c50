"""Mentorship and twinning end to end through the registry: posted by a focal point's form, ranked by the engine's
kinds (mentor role; employer and country for twinning), reviewed in the one review flow, and followed as an
engagement whose log counts sessions or joint activities against the number agreed until both sides' feedback."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from diaspora.auth.models import Role
from diaspora.errors import Conflict
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.matches.convert import to_opportunity, to_profile
from diaspora.opportunities.models import Opportunity, OpportunityKind
from diaspora.programme import engagements
from diaspora.programme.models import Engagement, EngagementStatus
from diaspora.programme.offers import postings_to_offer
from diaspora.tokens.services import create_token

MENTORSHIP_FORM = {
    "title": "Mentors for young procurement officers", "mentee_type": "civil_servant", "sessions": "2",
    "sector": "Public administration", "required_skills": "public procurement", "preferred_skills": "",
    "session_language": "sq", "min_years_experience": "", "work_mode": "remote", "positions": "1",
    "deadline": "", "description": "Two sessions on tender design with AKSHI's junior officers.",
}
TWINNING_FORM = {
    "title": "INSTAT twinning with a national statistics office", "counterpart_field": "official statistics",
    "counterpart_countries": ["IT"], "sessions": "1", "acquis_chapters": ["18"], "required_skills": "",
    "session_language": "", "deadline": "", "description": "Joint work on national accounts.",
}


@pytest.fixture
def people(db, make_user, make_member, make_institution):
    institution = make_institution()
    people = {
        "focal": make_user(Role.MINISTRY, institution=institution), "officer": make_user(Role.OFFICER),
        "mentor": make_member(full_name="Elira Gashi", is_expert=False, is_mentor=True,
                              employer="ISTAT - Istituto Nazionale di Statistica", acquis_chapters=[5, 18]),
        "expert": make_member(full_name="Besnik Leka", employer=""),
    }
    db.session.commit()
    return people


def _post_and_open(client, form: dict, slug: str) -> Opportunity:
    assert client.post(f"/ministries/new/{slug}", data=form).status_code == 302
    posting = db.session.scalar(sa.select(Opportunity).order_by(Opportunity.id.desc()))
    assert client.post(f"/ministries/{posting.id}/open").status_code == 302
    for page in (f"/ministries/{posting.id}", f"/opportunities/{posting.id}", f"/ministries/{posting.id}/edit"):
        assert form["title"] in client.get(page).get_data(as_text=True), page  # details and the edit form
    return posting


def _propose(client, login, people, posting, profile):
    client.post("/auth/logout")
    login(people["officer"])
    decide = f"/officers/opportunities/{posting.id}/candidates/{profile.id}/decide"
    assert client.post(decide, data={"action": "shortlist"}).status_code == 302
    assert client.post(decide, data={"action": "propose"}).status_code == 302
    client.post("/auth/logout")
    login(people["focal"])
    answer = f"/ministries/candidates/{posting.id}/{profile.id}/decide"
    assert client.post(answer, data={"outcome": "accept", "feedback": "Welcome."}).status_code == 302
    return db.session.scalar(sa.select(Engagement).where(Engagement.opportunity_id == posting.id))


def test_mentorship_posted_matched_reviewed_and_completed(client, login, people):
    login(people["focal"])
    assert "New mentorship" in client.get("/ministries/").get_data(as_text=True)
    posting = _post_and_open(client, MENTORSHIP_FORM, "mentorship")
    assert posting.kind is OpportunityKind.MENTORSHIP and posting.sessions == 2
    engine = to_opportunity(posting)
    assert (engine.kind, engine.sessions, engine.mentee_type, engine.languages) == (
        "mentorship", 2, "civil_servant", {"sq": "B2"})
    mentor, expert = people["mentor"], people["expert"]
    matches = live.explain(posting, [mentor.id, expert.id])
    assert matches[mentor.id].eligible and not matches[expert.id].eligible  # the expert is no mentor

    engagement = _propose(client, login, people, posting, mentor)
    assert engagement.agreed == 2 and engagement.status is EngagementStatus.ACTIVE
    page = f"/ministries/engagements/{engagement.id}"
    assert "0 of 2" in client.get(page).get_data(as_text=True)
    today = date.today().isoformat()
    assert client.post(f"{page}/log", data={"entry-held_on": today, "entry-note": "Kick-off"}).status_code == 302
    # Feedback before all sessions are held is refused, with the reason on the form.
    early = client.post(f"{page}/feedback", data={"feedback-rating": "5", "feedback-text": "Great"})
    assert early.status_code == 422 and "once all 2 agreed" in early.get_data(as_text=True)

    client.post("/auth/logout")
    login(mentor.user)
    mine = f"/members/engagements/{engagement.id}"
    future = (date.today() + timedelta(days=3)).isoformat()
    refused = client.post(f"{mine}/log", data={"entry-held_on": future, "entry-note": "Next week"})
    assert refused.status_code == 422 and "Next week" in refused.get_data(as_text=True)
    assert client.post(f"{mine}/log", data={"entry-held_on": today, "entry-note": "Tender design"}).status_code == 302
    given = client.post(f"{mine}/feedback", data={"feedback-rating": "4", "feedback-text": "Keen mentees"})
    assert given.status_code == 302
    assert client.post(f"{mine}/feedback", data={"feedback-rating": "4", "feedback-text": "Again"}).status_code == 422
    assert "My mentorships and twinnings" in client.get("/members/opportunities").get_data(as_text=True)

    client.post("/auth/logout")
    login(people["focal"])
    assert client.post(f"{page}/feedback", data={"feedback-rating": "5", "feedback-text": "Useful"}).status_code == 302
    db.session.refresh(engagement)
    assert engagement.status is EngagementStatus.COMPLETED and engagement.member_rating == 4
    assert client.post(f"{page}/log", data={"entry-held_on": today, "entry-note": "Extra"}).status_code == 422


def test_twinning_needs_an_employer_and_counts_joint_activities(client, login, people):
    login(people["focal"])
    posting = _post_and_open(client, TWINNING_FORM, "twinning")
    engine = to_opportunity(posting)
    assert (engine.kind, engine.counterpart_field, engine.counterpart_countries) == (
        "twinning", "official statistics", ("IT",))
    mentor, expert = people["mentor"], people["expert"]
    assert to_profile(mentor).employer.startswith("ISTAT")
    matches = live.explain(posting, [mentor.id, expert.id])
    assert matches[mentor.id].eligible and matches[mentor.id].contributions["counterpart"] > 0
    assert not matches[expert.id].eligible and matches[expert.id].broken_rules == ["employer"]

    engagement = _propose(client, login, people, posting, mentor)
    assert engagement.agreed == 1
    page = client.get(f"/ministries/engagements/{engagement.id}").get_data(as_text=True)
    assert "Joint activities held" in page


def test_engagements_are_seen_only_by_their_two_sides_and_officers(client, login, people, make_user, make_member,
                                                                   make_institution):
    login(people["focal"])
    posting = _post_and_open(client, MENTORSHIP_FORM, "mentorship")
    engagement = engagements.create_engagement(people["focal"], people["mentor"], posting)
    db.session.commit()
    client.post("/auth/logout")
    stranger = make_member(full_name="Other Person")
    other_focal = make_user(Role.MINISTRY, institution=make_institution(name="Bashkia Korçë"))
    db.session.commit()
    seen = ((stranger.user, 404), (other_focal, 404), (people["officer"], 200), (people["mentor"].user, 200))
    for user, code in seen:
        login(user)
        path = {Role.MEMBER: "/members", Role.MINISTRY: "/ministries", Role.OFFICER: "/officers"}[user.role]
        assert client.get(f"{path}/engagements/{engagement.id}").status_code == code, user.role
        client.post("/auth/logout")


def _bearer(user) -> dict:
    _token, plain = create_token(user, "tests")
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def test_the_api_gives_each_side_the_engagement_log(client, login, people):
    login(people["focal"])
    posting = _post_and_open(client, MENTORSHIP_FORM, "mentorship")
    engagement = engagements.create_engagement(people["focal"], people["mentor"], posting)
    engagements.add_entry(people["focal"], engagement.id, date.today(), "Kick-off")
    db.session.commit()
    for user in (people["mentor"].user, people["focal"], people["officer"]):
        listed = client.get("/api/v1/engagements", headers=_bearer(user)).json["items"]
        assert [(e["kind"], e["agreed"], e["held"], e["entries"][0]["note"]) for e in listed] == [
            ("mentorship", 2, 1, "Kick-off")]
    assert client.get(f"/api/v1/engagements/{engagement.id}", headers=_bearer(people["expert"].user)).status_code == 404


def test_a_mentorship_takes_as_many_mentors_as_it_seeks(client, login, people, make_member):
    login(people["focal"])
    posting = _post_and_open(client, MENTORSHIP_FORM, "mentorship")  # one mentor sought
    engagements.create_engagement(people["focal"], people["mentor"], posting)
    db.session.commit()
    second = make_member(full_name="Arben Krasniqi", is_expert=False, is_mentor=True)
    with pytest.raises(Conflict):
        engagements.create_engagement(people["focal"], second, posting)
    db.session.rollback()
    assert posting not in postings_to_offer(second)
