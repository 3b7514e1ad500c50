"""Certifying agents: the Connect Albania rules, the 10-day review countdown, decisions and notices."""
from datetime import date, timedelta

import pytest

from diaspora.auth.models import Role
from diaspora.errors import Conflict, Forbidden, InvalidInput
from diaspora.extensions import db
from diaspora.investments import certification
from diaspora.investments.models import AgentApplication, ApplicationStatus
from diaspora.members.models import EducationLevel
from diaspora.notifications.models import Notification
from diaspora.timeutil import utcnow
from tests.investments.helpers import make_agent, with_documents


def test_a_member_applies_once_and_a_refused_member_may_apply_again(officer):
    agent = with_documents(make_agent(certified=False), officer)
    application = certification.apply(agent)
    assert application.status is ApplicationStatus.PENDING
    with pytest.raises(Conflict):
        certification.apply(agent)
    certification.refuse(officer, application.id, "Passport copy unreadable")
    assert certification.apply(agent).status is ApplicationStatus.PENDING


def test_only_members_with_an_agent_profile_apply(db, make_member, officer):
    expert = make_member(is_agent=False)
    with pytest.raises(InvalidInput):
        certification.apply(expert.user)
    with pytest.raises(Forbidden):
        certification.apply(officer)


@pytest.mark.parametrize("applied_days_ago, days_left", [(0, 10), (3, 7), (10, 0), (11, -1), (15, -5)])
def test_the_countdown_counts_the_days_to_the_10_day_deadline(officer, applied_days_ago, days_left):
    agent = with_documents(make_agent(certified=False), officer)
    application = certification.apply(agent)
    application.applied_at = utcnow() - timedelta(days=applied_days_ago)
    db.session.flush()
    [row] = certification.review_queue(officer)
    assert row.days_left == days_left
    assert row.overdue is (days_left < 0)


def test_the_queue_is_ordered_by_deadline_and_shows_only_pending(officer):
    late, early, done = (with_documents(make_agent(certified=False), officer) for _ in range(3))
    for user, days_ago in ((late, 1), (early, 9), (done, 12)):
        certification.apply(user).applied_at = utcnow() - timedelta(days=days_ago)
    db.session.flush()
    certification.certify(officer, certification.latest_application(done).id)
    assert [row.application.user_id for row in certification.review_queue(officer)] == [early.id, late.id]


@pytest.mark.parametrize("profile, rule", [
    (dict(date_of_birth=date.today() - timedelta(days=17 * 365)), "age"),
    (dict(years_abroad=4), "abroad"),
    (dict(highest_education=EducationLevel.PRIMARY), "education"),
    (dict(years_abroad=None), "abroad"),
])
def test_certification_needs_every_rule(officer, profile, rule):
    agent = with_documents(make_agent(certified=False, **profile), officer)
    application = certification.apply(agent)
    [row] = certification.review_queue(officer)
    assert not row.eligible
    assert [c.key for c in row.checks if not c.met] == [rule]
    with pytest.raises(InvalidInput):
        certification.certify(officer, application.id)
    assert not certification.is_certified(agent)


def test_certify_records_the_review_and_tells_the_member(officer, outbox):
    agent = with_documents(make_agent(certified=False), officer)
    application = certification.apply(agent)
    certification.certify(officer, application.id)
    assert certification.is_certified(agent)
    assert application.officer_id == officer.id and application.documents_reviewed_at is not None
    assert application.reviewed_on_time is True
    note = db.session.query(Notification).filter_by(user_id=agent.id).one()
    assert note.params["message"] == "agent_certified"
    with pytest.raises(Conflict):
        certification.certify(officer, application.id)


def test_refuse_needs_a_reason_which_the_member_reads(officer):
    agent = with_documents(make_agent(certified=False), officer)
    application = certification.apply(agent)
    with pytest.raises(InvalidInput):
        certification.refuse(officer, application.id, "  ")
    certification.refuse(officer, application.id, "Documents incomplete")
    assert application.status is ApplicationStatus.REFUSED and application.reason == "Documents incomplete"
    note = db.session.query(Notification).filter_by(user_id=agent.id).one()
    assert note.params == {"message": "agent_not_certified", "reason": "Documents incomplete"}


def test_a_late_review_is_recorded_as_late(officer):
    agent = with_documents(make_agent(certified=False), officer)
    application = certification.apply(agent)
    application.applied_at = utcnow() - timedelta(days=12)
    certification.certify(officer, application.id)
    assert application.reviewed_on_time is False


def test_only_officers_decide(db, make_user, officer):
    agent = with_documents(make_agent(certified=False), officer)
    application = certification.apply(agent)
    for role in (Role.MEMBER, Role.MINISTRY, Role.ADMIN):
        with pytest.raises(Forbidden):
            certification.certify(make_user(role), application.id)


def test_queue_page_shows_days_left_and_highlights_overdue(client, login, officer):
    on_time = with_documents(make_agent(certified=False, full_name="Dita Kola"))
    overdue = with_documents(make_agent(certified=False, full_name="Besa Leka"))
    certification.apply(on_time).applied_at = utcnow() - timedelta(days=2)
    certification.apply(overdue).applied_at = utcnow() - timedelta(days=13)
    login(officer)
    page = client.get("/investments/queue").get_data(as_text=True)
    assert page.index("Besa Leka") < page.index("Dita Kola")
    assert "Overdue by 3 days" in page and "8 days left" in page and "card overdue" in page


def test_apply_certify_and_refuse_through_the_pages(client, login, officer, app):
    agent = with_documents(make_agent(certified=False), officer)
    login(agent)
    assert client.post("/investments/apply").status_code == 302
    application = db.session.query(AgentApplication).filter_by(user_id=agent.id).one()
    client.post("/auth/logout")
    login(officer)
    response = client.post(f"/investments/applications/{application.id}/refuse", data={})
    assert response.status_code == 422
    response = client.post(f"/investments/applications/{application.id}/certify",
                           data={f"c{application.id}-version": application.version})
    assert response.status_code == 422 and "Tick the box to confirm" in response.get_data(as_text=True)
    db.session.refresh(application)
    assert application.status is ApplicationStatus.PENDING
    response = client.post(f"/investments/applications/{application.id}/certify",
                           data={f"c{application.id}-version": application.version, f"c{application.id}-confirm": "y"})
    assert response.status_code == 302
    db.session.refresh(application)
    assert application.status is ApplicationStatus.CERTIFIED
