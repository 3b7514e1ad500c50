"""A new posting that fits a member well: a job ranks the members when a posting first opens and
notifies the eligible ones at or above OPPORTUNITY_FIT_MIN_SCORE, in their language, once."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from config import Config
from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.jobs.models import Job, JobStatus
from diaspora.jobs.runner import submit
from diaspora.opportunities.models import OpportunityStatus
from diaspora.notifications import fits, services
from diaspora.notifications.models import Notification, NotificationKind, OpportunityFitNotice
from diaspora.tokens.services import create_token

TITLE = "Public procurement approximation expert"


@pytest.fixture
def app(app_factory):
    # The default profile scores about 70 for the default fellowship: a lower bar keeps the test about the rule.
    application = app_factory(OPPORTUNITY_FIT_MIN_SCORE=50)
    with application.app_context():
        yield application


@pytest.fixture
def world(app, make_user, make_member, make_fellowship):
    focal = make_user(Role.MINISTRY)
    posting = make_fellowship(institution=focal.institution, status=OpportunityStatus.DRAFT, opened_at=None)
    people = {
        "albanian": make_member(make_user(Role.MEMBER, locale="sq")),
        "english": make_member(make_user(Role.MEMBER, locale="en")),
        "in_app_only": make_member(make_user(Role.MEMBER, locale="en")),
        "below": make_member(skills=["tourism marketing"], acquis_chapters=[], sectors=["tourism"],
                             summary="Hotel manager."),
        "ineligible": make_member(languages={"it": "C2", "en": "C1"}),  # the posting asks for Albanian
        "no_consent": make_member(consent_at=None),
    }
    services.set_preference(people["in_app_only"].user, NotificationKind.OPPORTUNITY_FIT, in_app=True, email=False)
    db.session.commit()
    return focal, posting, {name: profile.user for name, profile in people.items()}


def fit_notes(user) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == NotificationKind.OPPORTUNITY_FIT)))


def test_opening_notifies_fitting_members_in_their_language(client, login, outbox, world):
    focal, posting, users = world
    login(focal)
    assert client.post(f"/ministries/{posting.id}/open").status_code == 302
    job = db.session.scalar(select(Job).where(Job.kind == "opportunity_fit"))
    assert job.status is JobStatus.DONE and job.result == {"notified": 3} and job.created_by_id == focal.id
    for name in ("albanian", "english", "in_app_only"):
        [note] = fit_notes(users[name])
        assert note.params["title"] == TITLE and note.params["score"] >= 50
        assert note.link.endswith(f"/opportunities/{posting.id}")
    for name in ("below", "ineligible", "no_consent"):
        assert fit_notes(users[name]) == []
    mails = {mail["To"]: mail.get_content() for mail in outbox()}
    assert set(mails) == {users["albanian"].email, users["english"].email}  # in_app_only opted out of email
    assert "Një mundësi e re i përshtatet profilit tuaj" in mails[users["albanian"].email]
    assert "A new opportunity fits your profile" in mails[users["english"].email]
    assert db.session.scalar(select(func.count(OpportunityFitNotice.id))) == 3


def test_reopening_does_not_notify_again(client, login, outbox, world):
    focal, posting, users = world
    login(focal)
    client.post(f"/ministries/{posting.id}/open")
    sent = len(outbox())
    client.post(f"/ministries/{posting.id}/close")
    client.post(f"/ministries/{posting.id}/open")
    assert len(outbox()) == sent
    assert len(fit_notes(users["english"])) == 1
    assert db.session.scalar(select(func.count(Job.id)).where(Job.kind == "opportunity_fit")) == 1


def test_the_job_never_notifies_the_same_member_twice(world):
    focal, posting, users = world
    posting.status = OpportunityStatus.OPEN
    db.session.commit()
    first = submit(fits.JOB_KIND, fits.notify_fitting_members, posting.id, "http://localhost/x", created_by=focal)
    again = submit(fits.JOB_KIND, fits.notify_fitting_members, posting.id, "http://localhost/x", created_by=focal)
    assert first.result == {"notified": 3} and again.result == {"notified": 0}
    assert len(fit_notes(users["albanian"])) == 1


def test_at_most_the_configured_number_of_notices(app_factory, make_user, make_member, make_fellowship):
    capped = app_factory(OPPORTUNITY_FIT_MIN_SCORE=50, OPPORTUNITY_FIT_MAX_NOTICES=2)
    with capped.app_context():
        focal = make_user(Role.MINISTRY)
        posting = make_fellowship(institution=focal.institution)
        for _n in range(4):
            make_member()
        db.session.commit()
        job = submit(fits.JOB_KIND, fits.notify_fitting_members, posting.id, "http://localhost/x", created_by=focal)
        assert job.result == {"notified": 2}


def test_opening_through_the_api_notifies_too(client, outbox, world):
    focal, posting, users = world
    _token, plain = create_token(focal, "tests")
    db.session.commit()
    response = client.post(f"/api/v1/opportunities/{posting.id}/open", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 200
    assert len(fit_notes(users["albanian"])) == 1 and len(outbox()) == 2


def test_default_threshold_and_cap_are_configured():
    assert Config.OPPORTUNITY_FIT_MIN_SCORE == 70 and Config.OPPORTUNITY_FIT_MAX_NOTICES == 50
