"""A posting's application deadline: a past or absurd one is refused wherever a posting is written (form, API,
bulk import) and when it opens; once it passes the posting counts as closed everywhere (lists, matches, fit
notices) and `flask postings close-expired` closes it for good."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from diaspora.auth.models import Role
from diaspora.bulk import services as bulk
from diaspora.extensions import db
from diaspora.jobs.runner import submit
from diaspora.notifications import fits
from diaspora.notifications.models import OpportunityFitNotice
from diaspora.opportunities import deadlines
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from diaspora.opportunities.services import open_postings
from diaspora.timeutil import today
from tests.bulk.rosters import jsonl
from tests.ministries.test_postings import fellowship_form

YESTERDAY = today() - timedelta(days=1)
TOO_FAR = today() + timedelta(days=365 * deadlines.MAX_YEARS_AHEAD + 2)
ABSURD = [YESTERDAY.isoformat(), "1900-01-01", TOO_FAR.isoformat()]


@pytest.fixture
def focal_point(make_user):
    return make_user(Role.MINISTRY)


@pytest.mark.parametrize("deadline", ABSURD)
def test_the_form_refuses_a_past_or_absurd_deadline_and_keeps_the_input(client, focal_point, login, deadline):
    login(focal_point)
    start = TOO_FAR + timedelta(days=30)  # after every deadline tried: only the deadline rule can refuse it
    form = fellowship_form(deadline=deadline, start_date=start.isoformat(),
                           end_date=(start + timedelta(days=200)).isoformat())
    response = client.post("/ministries/new/fellowship", data=form)
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "Harmonise the HICP" in text
    assert "The deadline must be between today and" in text
    assert db.session.scalar(select(func.count(Opportunity.id))) == 0


def test_today_is_still_a_valid_deadline(client, focal_point, login):
    login(focal_point)
    response = client.post("/ministries/new/fellowship", data=fellowship_form(deadline=today().isoformat()))
    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.MINISTRY, Role.OFFICER])
def test_a_bulk_import_rejects_the_row_with_a_past_deadline(app, make_user, make_institution, role):
    user = make_user(role)
    institution = user.institution or make_institution(acronym="INSTAT")
    db.session.commit()
    rows = [{"kind": "fellowship", "title": "Census", "acquis_chapters": [18], "institution": institution.name,
             "deadline": "2001-05-01"},
            {"kind": "fellowship", "title": "Prices", "acquis_chapters": [18], "institution": institution.name}]
    job = bulk.start_import(user, bulk.OPPORTUNITIES, io.BytesIO(jsonl(rows)), confirm_consent=True,
                            all_or_nothing=False)
    assert job.result["imported"] == 1
    assert [(r["line"], r["field"]) for r in job.result["rejections"]] == [(1, "deadline")]


def test_a_posting_whose_deadline_passed_cannot_open(client, focal_point, login, make_fellowship):
    posting = make_fellowship(institution=focal_point.institution, status=OpportunityStatus.DRAFT, opened_at=None,
                              deadline=YESTERDAY)
    login(focal_point)
    response = client.post(f"/ministries/{posting.id}/open", follow_redirects=True)
    assert "The application deadline has passed" in response.get_data(as_text=True)
    db.session.refresh(posting)
    assert posting.status is OpportunityStatus.DRAFT


def test_other_edits_keep_an_unchanged_past_deadline(client, focal_point, login, make_fellowship):
    posting = make_fellowship(institution=focal_point.institution, status=OpportunityStatus.CLOSED,
                              deadline=YESTERDAY, start_date=None, end_date=None)
    login(focal_point)
    form = fellowship_form(deadline=YESTERDAY.isoformat(), start_date="", end_date="", version=str(posting.version))
    assert client.post(f"/ministries/{posting.id}/edit", data=form).status_code == 302


def test_a_passed_deadline_counts_as_closed_before_the_job_runs(client, make_fellowship, make_user, login):
    expired = make_fellowship(title="Expired call", deadline=YESTERDAY)
    current = make_fellowship(title="Current call")
    assert list(db.session.scalars(open_postings())) == [current]
    assert not expired.is_open and current.is_open
    assert "Expired call" not in client.get("/opportunities").get_data(as_text=True)
    assert client.get(f"/opportunities/{expired.id}").status_code == 404


def test_no_fit_notices_for_a_posting_whose_deadline_passed(app, make_user, make_member, make_fellowship):
    focal = make_user(Role.MINISTRY)
    posting = make_fellowship(institution=focal.institution, deadline=YESTERDAY)
    make_member()
    db.session.commit()
    job = submit(fits.JOB_KIND, fits.notify_fitting_members, posting.id, "http://localhost/x", created_by=focal)
    assert job.result == {"notified": 0}
    assert db.session.scalar(select(func.count(OpportunityFitNotice.id))) == 0


def test_the_command_closes_postings_whose_deadline_passed(app, make_fellowship):
    expired = make_fellowship(deadline=YESTERDAY)
    current = make_fellowship(deadline=today())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["postings", "close-expired"])
    assert result.exit_code == 0 and "1 posting closed" in result.output
    db.session.refresh(expired)
    db.session.refresh(current)
    assert expired.status is OpportunityStatus.CLOSED and expired.closed_at is not None
    assert current.status is OpportunityStatus.OPEN


def test_the_focal_point_reads_that_a_passed_deadline_closed_the_posting(client, focal_point, login, make_fellowship):
    posting = make_fellowship(institution=focal_point.institution, deadline=YESTERDAY)
    login(focal_point)
    page = client.get(f"/ministries/{posting.id}").get_data(as_text=True)
    assert "The application deadline has passed: candidates no longer see this posting." in page
    assert '<span class="status status-closed">Closed</span>' in page
