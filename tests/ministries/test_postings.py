from datetime import timedelta

import pytest

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus
from diaspora.timeutil import today

# Dates from today: a deadline must lie ahead (diaspora/opportunities/deadlines.py).
DEADLINE, START, END = (today() + timedelta(days=days) for days in (30, 90, 365))


def fellowship_form(**overrides):
    data = {
        "title": "Ekspert për statistikat e çmimeve", "description": "Harmonise the HICP with Eurostat methods.",
        "acquis_chapters": ["18"], "required_skills": "price statistics\nHICP", "preferred_skills": "SDMX",
        "languages-0-code": "sq", "languages-0-level": "C1", "languages-1-code": "en", "languages-1-level": "B2",
        "min_years_experience": "5", "start_date": START.isoformat(), "end_date": END.isoformat(),
        "work_mode": "remote", "positions": "2", "deadline": DEADLINE.isoformat(),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def lead_form(**overrides):
    data = {"title": "Fabrikë vaji ulliri në Vlorë", "sector": "olive oil", "region": "Vlorë",
            "target_countries": ["IT", "GR"], "amount_eur": "1500000", "description": "Olive oil mill."}
    data.update(overrides)
    return data


@pytest.fixture
def focal_point(make_user):
    return make_user(Role.MINISTRY)


def test_focal_point_posts_opens_and_closes_a_fellowship(client, focal_point, login):
    login(focal_point)
    response = client.post("/ministries/new/fellowship", data=fellowship_form())
    assert response.status_code == 302
    posting = db.session.scalar(db.select(Opportunity))
    assert posting.institution_id == focal_point.institution_id
    assert posting.status is OpportunityStatus.DRAFT and posting.positions == 2
    assert posting.required_skills == ["price statistics", "HICP"]
    assert posting.languages == {"sq": "C1", "en": "B2"}
    client.post(f"/ministries/{posting.id}/open")
    db.session.refresh(posting)
    assert posting.status is OpportunityStatus.OPEN and posting.opened_at is not None
    assert "Ekspert për statistikat e çmimeve" in client.get("/opportunities").get_data(as_text=True)
    client.post(f"/ministries/{posting.id}/close")
    db.session.refresh(posting)
    assert posting.status is OpportunityStatus.CLOSED


def test_focal_point_posts_investment_lead(client, focal_point, login):
    login(focal_point)
    assert client.post("/ministries/new/investment-lead", data=lead_form()).status_code == 302
    lead = db.session.scalar(db.select(Opportunity))
    assert lead.kind is OpportunityKind.INVESTMENT_LEAD and float(lead.amount_eur) == 1_500_000
    assert lead.target_countries == ["IT", "GR"] and lead.region == "Vlorë"


@pytest.mark.parametrize("overrides, message", [
    ({"title": ""}, "This field is required."),
    ({"acquis_chapters": None}, "Choose at least one chapter."),
    ({"start_date": "2027-12-31", "end_date": "2027-01-01"}, "The end is before the start."),
    ({"positions": "0"}, "Number must be between 1 and 100."),
    ({"deadline": (START + timedelta(days=1)).isoformat()}, "The deadline must not be after the start."),
    ({"languages-0-level": ""}, "Give each language a level"),
    ({"acquis_chapters": ["36"]}, "not a valid choice"),
])
def test_invalid_fellowship_keeps_input(client, focal_point, login, overrides, message):
    login(focal_point)
    response = client.post("/ministries/new/fellowship", data=fellowship_form(**overrides))
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and message in text
    assert "Harmonise the HICP with Eurostat methods." in text
    assert db.session.scalar(db.select(db.func.count(Opportunity.id))) == 0


def test_negative_amount_is_refused(client, focal_point, login):
    login(focal_point)
    response = client.post("/ministries/new/investment-lead", data=lead_form(amount_eur="-5"))
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Opportunity.id))) == 0


def test_other_institution_cannot_see_or_edit(client, make_user, make_fellowship, login):
    posting = make_fellowship()
    intruder = make_user(Role.MINISTRY)
    login(intruder)
    assert client.get(f"/ministries/{posting.id}").status_code == 404
    assert client.get(f"/ministries/{posting.id}/edit").status_code == 404
    assert client.post(f"/ministries/{posting.id}/edit", data=fellowship_form(title="Hijacked")).status_code == 404
    assert client.post(f"/ministries/{posting.id}/close").status_code == 404
    db.session.refresh(posting)
    assert posting.title != "Hijacked" and posting.status is OpportunityStatus.OPEN
    assert posting.title not in client.get("/ministries/").get_data(as_text=True)


def test_edit_keeps_institution_and_detects_conflict(client, focal_point, make_fellowship, login):
    posting = make_fellowship(institution=focal_point.institution)
    login(focal_point)
    data = fellowship_form(title="Updated title", institution_id="999", version=str(posting.version))
    assert client.post(f"/ministries/{posting.id}/edit", data=data).status_code == 302
    db.session.refresh(posting)
    assert posting.title == "Updated title" and posting.institution_id == focal_point.institution_id
    stale = fellowship_form(title="Stale edit", version="1")
    response = client.post(f"/ministries/{posting.id}/edit", data=stale)
    assert response.status_code == 409 and 'value="Stale edit"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.OFFICER])
def test_members_and_officers_cannot_post(client, make_user, login, role):
    login(make_user(role))
    assert client.get("/ministries/new/fellowship").status_code == 403
    assert client.post("/ministries/new/fellowship", data=fellowship_form()).status_code == 403
