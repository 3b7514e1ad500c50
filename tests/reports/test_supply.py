"""Skills supply against demand: per chapter and sector, gaps, residence, periods, exports, access, languages."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.opportunities.models import OpportunityStatus
from diaspora.programme.models import DecisionAction, MatchDecision
from diaspora.reports.queries import Period
from diaspora.reports.supply import build_supply
from diaspora.timeutil import utcnow


@pytest.fixture
def market(db, make_user, make_member, make_fellowship, make_lead):
    officer = make_user(Role.OFFICER, locale="en")
    procurement = make_fellowship(acquis_chapters=[5, 32], positions=2)
    make_fellowship(acquis_chapters=[27], positions=3, status=OpportunityStatus.CLOSED)
    make_fellowship(acquis_chapters=[9], status=OpportunityStatus.DRAFT)  # not asked for yet
    make_fellowship(acquis_chapters=[18], opened_at=utcnow() - timedelta(days=400))  # before the period below
    make_lead(sector="Agritourism")
    arta = make_member(country="IT", city="Milano", acquis_chapters=[5, 32])
    make_member(country="IT", city="Milano", acquis_chapters=[5])
    make_member(country="GR", city="Athína", acquis_chapters=[18], is_agent=True, investment_sectors=["agroturizëm"])
    make_member(country="DE", city="Berlin", acquis_chapters=[27], consent_at=None)  # consent withdrawn
    db.session.add_all([
        MatchDecision(profile_id=arta.id, opportunity_id=procurement.id, actor_id=officer.id,
                      action=DecisionAction.PROPOSE),
        MatchDecision(profile_id=arta.id, opportunity_id=procurement.id, actor_id=officer.id,
                      action=DecisionAction.MINISTRY_ACCEPT)])
    db.session.commit()
    return officer


def test_figures_per_chapter_with_gaps(market):
    report = build_supply(Period())
    chapters = {line.key: line for line in report.chapters}
    assert (chapters["5"].postings, chapters["5"].positions, chapters["5"].open_positions) == (1, 2, 2)
    assert (chapters["5"].candidates, chapters["5"].proposals, chapters["5"].accepted) == (2, 1, 1)
    # Chapter 27 is asked for (a closed posting still counts as demand) and only a member without consent names it.
    assert chapters["27"].positions == 3 and chapters["27"].open_positions == 0 and chapters["27"].candidates == 0
    assert [line.key for line in report.chapter_gaps] == ["27"]
    assert "9" not in chapters  # drafts are not demand
    assert chapters["18"].candidates == 1 and not chapters["18"].gap


def test_sectors_meet_across_languages_and_residence(market):
    report = build_supply(Period())
    assert [(line.key, line.positions, line.candidates) for line in report.sectors] == [("agritourism", 1, 1)]
    assert report.countries == [("IT", 2), ("GR", 1)] and report.members == 3
    assert report.cities[0] == ("IT", "Milano", 2)


def test_period_counts_postings_opened_in_it(market):
    report = build_supply(Period(start=date.today() - timedelta(days=30)))
    assert "18" not in {line.key for line in report.chapters if line.positions}
    before = build_supply(Period(end=date.today() - timedelta(days=365)))
    assert before.members == 0 and before.chapters[0].positions == 1  # only the old chapter-18 posting


def test_page_in_both_languages(client, login, market):
    login(market)
    page = client.get("/reports/supply").get_data(as_text=True)
    assert "Skills supply and demand" in page and "Gap: no one" in page and "<svg" in page
    assert "Italy" in page and "Milano" in page and "Agritourism" in page
    market.locale = "sq"
    db.session.commit()
    page = client.get("/reports/supply").get_data(as_text=True)
    assert "Oferta dhe kërkesa për aftësi" in page and "Itali<" in page and "Mungesë: askush" in page


def test_bad_period_keeps_input_and_answers_422(client, login, market):
    login(market)
    response = client.get("/reports/supply?start=2027-02-01&end=2027-01-01")
    assert response.status_code == 422 and "2027-02-01" in response.get_data(as_text=True)


def test_exports_csv_and_excel(client, login, market):
    login(market)
    rows = list(csv.reader(io.StringIO(client.get("/reports/export/supply.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Dimension", "Chapter or sector", "Postings"]
    gap = next(row for row in rows if row[1].startswith("27."))
    assert gap[3] == "3" and gap[5] == "0" and gap[-1] == "yes"
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/reports/export/residence.xlsx").data))
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[0] == ("Country of residence", "City", "Members") and ("Italy", "Milano", 2) in values


@pytest.mark.parametrize("role", [Role.MEMBER, Role.MINISTRY])
def test_not_for_members_or_focal_points(client, login, make_user, role):
    login(make_user(role))
    assert client.get("/reports/supply").status_code == 403
    assert client.get("/reports/export/supply.csv").status_code == 403
