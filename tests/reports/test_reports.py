"""Dashboard KPIs and charts, period filters, exports (CSV and Excel), formula injection, access, audit."""
import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa
from flask_babel import force_locale

from diaspora.audit import AuditEvent
from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.programme.models import Placement, PlacementStatus
from diaspora.reports.exports import DATASETS, neutralise
from diaspora.reports.queries import Period, build_report
from diaspora.timeutil import utcnow
from tests.investments.helpers import make_agent, make_investment, realise


@pytest.fixture
def officer(db, make_user):
    return make_user(Role.OFFICER)


def place(make_member, make_fellowship, days_after_posting=12, status=PlacementStatus.ACTIVE, **member):
    profile = make_member(**member)
    fellowship = make_fellowship(acquis_chapters=[5, 23], opened_at=utcnow() - timedelta(days=days_after_posting))
    placement = Placement(profile_id=profile.id, opportunity_id=fellowship.id, institution_id=fellowship.institution_id,
                          slot=1, start_date=date(2027, 3, 1), end_date=date(2027, 12, 31), status=status)
    db.session.add(placement)
    db.session.flush()
    return placement


@pytest.fixture
def programme(officer, make_member, make_fellowship):
    place(make_member, make_fellowship, 10, country="IT")
    place(make_member, make_fellowship, 20, PlacementStatus.COMPLETED, country="DE", full_name="=cmd|' /C calc'!A0")
    make_member(country="IT", is_agent=True)
    realise(make_investment(company="Alba Tech"), officer, amount=Decimal("100000.00"), jobs=10)
    make_investment(company="Hellas Foods", expected_amount_eur=Decimal("50000.00"), expected_jobs=4)
    db.session.commit()


def test_report_numbers(programme):
    report = build_report(Period())
    assert report.members == 5  # two placed experts, one expert-and-agent member, two agents who brought leads
    assert (report.experts_only, report.agents_only, report.experts_and_agents) == (2, 2, 1)
    assert dict(report.members_by_country)["IT"] >= 2
    assert report.placements == 2
    assert dict(report.placements_by_status)[PlacementStatus.COMPLETED] == 1
    assert dict(report.placements_by_chapter) == {5: 2, 23: 2}
    assert (report.days_to_placement_median, report.days_to_placement_mean) == (15.0, 15.0)
    stages = {s.stage.value: s for s in report.stages}
    assert stages["realised"].invested_eur == Decimal("100000.00") and stages["realised"].jobs_created == 10
    assert stages["registered"].expected_eur == Decimal("50000.00")
    assert report.invested_eur == Decimal("100000.00") and report.jobs_created == 10
    assert sum(report.rewards_by_status.values()) == Decimal("3500.00")


def test_period_filter_leaves_out_what_happened_outside(programme):
    tomorrow = date.today() + timedelta(days=1)
    report = build_report(Period(tomorrow, tomorrow + timedelta(days=30)))
    assert (report.members, report.placements, report.invested_eur) == (0, 0, Decimal("0.00"))
    report = build_report(Period(date.today(), date.today()))
    assert report.placements == 2


def test_dashboard_shows_charts_for_officers_and_admins(client, login, programme, make_user):
    for role in (Role.OFFICER, Role.ADMIN):
        login(make_user(role))
        page = client.get("/reports/").get_data(as_text=True)
        assert page.count('<svg class="bar-chart"') >= 6
        assert "Placements by acquis chapter" in page and "Investment leads by stage" in page
        client.post("/auth/logout")


def test_bad_period_answers_422(client, login, officer):
    login(officer)
    assert client.get("/reports/?start=2027-05-01&end=2027-01-01").status_code == 422
    assert client.get("/reports/?start=not-a-date").status_code == 422


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MINISTRY])
def test_members_and_ministries_cannot_reach_reports(client, login, make_user, role):
    login(make_user(role))
    assert client.get("/reports/").status_code == 403
    assert client.get("/reports/export/investments.csv").status_code == 403


def test_an_agent_cannot_reach_reports(client, login):
    login(make_agent())
    assert client.get("/reports/export/rewards.xlsx").status_code == 403


def test_profiles_export_is_for_officers_only(client, login, make_user, programme):
    login(make_user(Role.ADMIN))
    assert client.get("/reports/export/profiles.csv").status_code == 403
    assert client.get("/reports/export/placements.csv").status_code == 200


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+33 1", "'+33 1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=x", "'\t=x"),
    ("Arta", "Arta"), (Decimal("-5.00"), Decimal("-5.00")), (-3, -3), (None, None),
])
def test_formula_injection_is_neutralised(value, expected):
    assert neutralise(value) == expected


def test_csv_export_content_and_audit(client, login, officer, programme):
    login(officer)
    response = client.get("/reports/export/placements.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Placement", "Expert", "Fellowship"]
    assert len(rows) == 3
    assert "'=cmd|' /C calc'!A0" in [row[1] for row in rows]
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "report_exported"))
    assert (event.actor_id, event.object_id, event.details["rows"], event.details["format"]) == (
        officer.id, "placements", 2, "csv")


def test_headers_follow_the_language(app, client, login, officer, programme):
    officer.locale = "sq"
    login(officer)
    header = client.get("/reports/export/investments.csv").get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
    with app.test_request_context(), force_locale("sq"):
        expected = [neutralise(str(h)) for h in DATASETS["investments"].headers]
    assert next(csv.reader([header])) == expected
    assert expected[1] != "Company"


def test_excel_export_opens_with_the_right_rows(client, login, officer, programme):
    login(officer)
    response = client.get("/reports/export/investments.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Company" and len(rows) == 3
    by_company = {row[1]: row for row in rows[1:]}
    assert by_company["Alba Tech"][6] == "Realised" and by_company["Alba Tech"][10] == 100000  # the stage as shown
    assert by_company["Hellas Foods"][8] == 50000


def test_rewards_export_total_equals_ledger(client, login, officer, programme):
    login(officer)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/reports/export/rewards.xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert [Decimal(str(row[10])) for row in rows] == [Decimal("3500.00")]


def test_export_respects_the_period(client, login, officer, programme):
    login(officer)
    later = (date.today() + timedelta(days=5)).isoformat()
    body = client.get(f"/reports/export/investments.csv?start={later}").get_data(as_text=True)
    assert len(body.strip().splitlines()) == 1
