"""Alumni and returning matches: who counts as alumni, told first of a fitting posting, marked on the review
page, invited back in one step."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.notifications import fits
from diaspora.notifications.models import Notification
from diaspora.opportunities.models import OpportunityKind
from diaspora.programme import alumni, lifecycles
from diaspora.programme.models import (DecisionAction, Engagement, EngagementEntry, EngagementStatus, MatchDecision,
                                       Placement, PlacementStatus)
from diaspora.projects.models import LocalProject, ProjectMilestone, ProjectStatus
from diaspora.timeutil import utcnow
from tests import factories
from tests.investments.helpers import make_investment, realise


def place(profile, fellowship, status):
    db.session.add(Placement(profile_id=profile.id, opportunity_id=fellowship.id,
                             institution_id=fellowship.institution_id, slot=1, start_date=date(2026, 1, 1),
                             end_date=date(2026, 6, 30), status=status))
    db.session.flush()


@pytest.fixture
def programme(db, make_user, make_member, make_fellowship):
    officer = make_user(Role.OFFICER, locale="en")
    past = make_fellowship(title="Past fellowship")
    fellow = make_member(full_name="Drita Past-Fellow", summary="Returned fellow.")
    place(fellow, past, PlacementStatus.COMPLETED)
    ongoing = make_member(full_name="Genta Ongoing")
    place(ongoing, make_fellowship(title="Ongoing fellowship"), PlacementStatus.ACTIVE)
    newcomer = make_member(full_name="Ilir Newcomer", skills=["public procurement", "internal audit", "EU law"])
    posting = make_fellowship(title="New procurement fellowship")
    db.session.commit()
    return officer, posting, fellow, ongoing, newcomer


def test_alumni_are_completed_placements_and_realised_investments(programme, make_user):
    officer, _posting, fellow, ongoing, newcomer = programme
    lead = make_investment()
    agent = lead.agent
    make_investment(company="Still negotiating")
    assert alumni.alumni_ids() == {fellow.id}
    realise(lead, officer)
    db.session.commit()
    assert alumni.alumni_ids() == {fellow.id, agent.profile.id}
    assert alumni.alumni_among([fellow.id, ongoing.id, newcomer.id]) == {fellow.id}


def test_alumni_are_told_first_of_a_fitting_posting(app, programme):
    _officer, posting, fellow, _ongoing, newcomer = programme
    app.config.update(OPPORTUNITY_FIT_MIN_SCORE=1, OPPORTUNITY_FIT_MAX_NOTICES=1)
    with app.test_request_context():
        assert fits.notify_fitting_members(None, posting.id, "https://ura.example/opportunities/1") == {"notified": 1}
    db.session.commit()
    [note] = db.session.scalars(sa.select(Notification).where(Notification.user_id == fellow.user_id))
    assert note.params["message"] == "opportunity_fits_returning"
    assert db.session.scalar(sa.select(Notification).where(Notification.user_id == newcomer.user_id)) is None


def test_review_page_badge_and_one_click_invitation(client, login, outbox, programme):
    officer, posting, fellow, _ongoing, newcomer = programme
    login(officer)
    page = client.get(f"/officers/opportunities/{posting.id}").get_data(as_text=True)
    row = page[page.index("Drita Past-Fellow"):]
    assert "Alumni" in row[:row.index("</td>")]
    assert "Alumni" not in page[page.index("Ilir Newcomer"):][:200]
    candidate = client.get(f"/officers/opportunities/{posting.id}/candidates/{fellow.id}").get_data(as_text=True)
    assert "Invite back to apply" in candidate
    response = client.post(f"/officers/opportunities/{posting.id}/candidates/{fellow.id}/invite")
    assert response.status_code == 302
    [decision] = db.session.scalars(sa.select(MatchDecision).where(MatchDecision.opportunity_id == posting.id))
    assert decision.action is DecisionAction.SHORTLIST and decision.profile_id == fellow.id
    [note] = db.session.scalars(sa.select(Notification).where(Notification.user_id == fellow.user_id))
    assert note.params == {"message": "invited_back", "title": posting.title}
    assert any("invites you back" in mail.get_content() for mail in outbox())
    # Once shortlisted the button is gone, and a second invitation is refused without a new row.
    page = client.get(f"/officers/opportunities/{posting.id}/candidates/{fellow.id}").get_data(as_text=True)
    assert "Invite back to apply" not in page
    assert client.post(f"/officers/opportunities/{posting.id}/candidates/{fellow.id}/invite").status_code == 409
    assert db.session.scalar(sa.select(sa.func.count(MatchDecision.id))) == 1


def test_only_alumni_can_be_invited_back(client, login, programme):
    officer, posting, _fellow, _ongoing, newcomer = programme
    login(officer)
    assert "Invite back to apply" not in client.get(
        f"/officers/opportunities/{posting.id}/candidates/{newcomer.id}").get_data(as_text=True)
    response = client.post(f"/officers/opportunities/{posting.id}/candidates/{newcomer.id}/invite")
    assert response.status_code == 422 and "Only members who completed" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(MatchDecision.id))) == 0


def test_albanian_review_page_marks_alumni(client, login, programme):
    officer, posting, fellow, _ongoing, _newcomer = programme
    officer.locale = "sq"
    db.session.commit()
    login(officer)
    candidate = client.get(f"/officers/opportunities/{posting.id}/candidates/{fellow.id}").get_data(as_text=True)
    assert "Ftoje përsëri të aplikojë" in candidate and "Ish-pjesëmarrës" in candidate


def test_the_newer_lifecycles_make_alumni_and_fulfilled_pairs_once_something_came_about(db, make_member,
                                                                                        make_fellowship):
    def engagement(member, status, sessions_held):
        mentorship = make_fellowship(kind=OpportunityKind.MENTORSHIP, sessions=2, mentee_type="civil_servant",
                                     acquis_chapters=[])
        row = Engagement(profile_id=member.id, opportunity_id=mentorship.id,
                         institution_id=mentorship.institution_id, agreed=2, status=status)
        db.session.add(row)
        db.session.flush()
        db.session.add_all(EngagementEntry(engagement_id=row.id, held_on=date(2026, 3, 1), note="Held")
                           for _ in range(sessions_held))
        return mentorship

    def project(member, status, milestone_done):
        call = factories.make_local_call()
        row = LocalProject(profile_id=member.id, opportunity_id=call.id, institution_id=call.institution_id,
                           budget_eur=Decimal("10000"), status=status)
        db.session.add(row)
        db.session.flush()
        db.session.add(ProjectMilestone(project_id=row.id, title="Rooms", due_date=date(2027, 1, 31),
                                        done_at=utcnow() if milestone_done else None))
        return call

    accepted, mentoring, mentored, planning, building, built, student = (make_member() for _ in range(7))
    engagement(accepted, EngagementStatus.ACTIVE, 0)
    under_way = engagement(mentoring, EngagementStatus.ACTIVE, 1)
    closed = engagement(mentored, EngagementStatus.COMPLETED, 2)
    project(planning, ProjectStatus.ACTIVE, False)
    started = project(building, ProjectStatus.ACTIVE, True)
    finished = project(built, ProjectStatus.COMPLETED, True)
    field_project = factories.make_field_project()
    place(student, field_project, PlacementStatus.COMPLETED)
    db.session.commit()

    assert alumni.alumni_ids() == {mentored.id, built.id, student.id}
    assert lifecycles.fulfilled_pairs() == {(mentoring.id, under_way.id), (mentored.id, closed.id),
                                            (building.id, started.id), (built.id, finished.id),
                                            (student.id, field_project.id)}
    # A field project's placement is its own lifecycle's, not the fellowships'.
    assert db.session.scalars(lifecycles.of(OpportunityKind.FIELD_PROJECT).completed()).all() == [student.id]
    assert db.session.scalars(lifecycles.of(OpportunityKind.FELLOWSHIP).completed()).all() == []
