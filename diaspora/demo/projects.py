"""The demo of field projects and local projects, for `flask seed-demo` to call after seed(): researchers and
students of the diaspora, the strategy's eight partner associations (each with its contact person and a second
member), proposals at every step of the review, a local project under way and field projects placed, one of them
completed with its deliverable accepted, another to start on its first day."""
from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from diaspora.auth.models import Role, User
from diaspora.demo.seed import add_members
from diaspora.extensions import db
from diaspora.members.models import MemberProfile, MemberWorkMode, StudyLevel
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from diaspora.organisations import services as organisations
from diaspora.organisations.models import Organisation
from diaspora.programme import acceptance, decisions, field_projects, placements
from diaspora.programme.models import DecisionAction, Placement
from diaspora.projects import proposals, tracking
from diaspora.timeutil import today

DATA = Path(__file__).parent / "data"


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _posting(title: str) -> Opportunity:
    return db.session.scalar(sa.select(Opportunity).where(Opportunity.title == title))


def _researchers_and_students() -> None:
    add_members([{
        "email": row["email"], "full_name": row["full_name"], "is_expert": False, "is_agent": False,
        "is_researcher": row["role"] == "researcher", "is_student": row["role"] == "student",
        "study_level": StudyLevel(row["level"]), "country": row["country"], "city": row["city"],
        "languages": row["languages"], "years_experience": 2, "education": row["education"], "sectors": [],
        "acquis_chapters": [], "skills": row["skills"], "summary": row["summary"], "work_mode": MemberWorkMode.ANY,
        "network_countries": [], "investment_sectors": [],
    } for row in _load("field_people.json")])


def _people_of(country: str, taken: set[int]) -> list[User]:
    """Demo members living in `country` who belong to no association yet, oldest accounts first."""
    return [user for user in db.session.scalars(
        sa.select(User).join(MemberProfile).where(MemberProfile.country == country, MemberProfile.is_expert.is_(True),
                                                  User.role == Role.MEMBER).order_by(User.id).limit(20))
            if user.id not in taken]


def _associations() -> dict[str, Organisation]:
    by_name, taken = {}, set()
    for row in _load("organisations.json"):
        candidates = _people_of(row["country"], taken)
        contact = _user(row["contact"]) if row.get("contact") else (candidates.pop(0) if candidates else None)
        if contact is None:
            continue
        values = {key: row[key] for key in ("country", "city", "sectors", "regions", "summary")}
        organisation = organisations.register(contact, row["email"], {"full_name": row["name"], **values},
                                              consent=True)
        taken.add(contact.id)
        partner = next((user for user in candidates if user.id != contact.id), None)
        if partner is not None:
            organisations.add_member(contact, organisation.id, partner.email)
            taken.add(partner.id)
        by_name[row["name"]] = organisation
    return by_name


def _propose(organisation: Organisation, call: Opportunity, summary: str, budget: int, officer: User,
             scores: tuple[int, int, int, int] | None = None, recommended: int | None = None, propose: bool = False):
    proposal = proposals.submit_proposal(organisation.contact, organisation.id, call.id, summary, Decimal(budget))
    if scores:
        proposals.score(officer, proposal.id, dict(zip(proposals.CRITERIA, scores)), Decimal(recommended or budget))
    if propose:
        decisions.decide(officer, organisation.profile_id, call.id, DecisionAction.PROPOSE)
    return proposal


def _local_projects(associations: dict[str, Organisation], officer: User) -> str:
    vjosa = _posting("Agritourism in the Vjosa valley: farm stays in Përmet and Leskovik")
    dropull = _posting("Guesthouse networks in the villages of Dropull and Pogon")
    apples = _posting("Apple growers' cooperatives on the Korçë plateau")
    theth = _posting("Visitor services for Theth and the Valbona valley")
    milano, athina = associations.get("Shoqata Arbëria – Milano"), associations.get("Shoqata e Dropullitëve në Athinë")
    if not all((vjosa, dropull, apples, theth, milano, athina)):
        return "demo local projects skipped: calls or associations missing"
    _propose(milano, vjosa, "Six farm stays in Përmet, Leskovik and Këlcyrë: rooms renovated to one standard, "
             "hosts trained with Slow Food Përmet, one booking page in Albanian, Italian and English.", 26000,
             officer, scores=(5, 4, 5, 4), recommended=24000, propose=True)
    focal = _user("agriculture@ura.demo")
    acceptance.ministry_answer(focal, vjosa, milano.profile, True, "Approved by the rural development board.", None,
                               {"budget_eur": Decimal("24000")})
    project = tracking.projects_of([milano.profile_id])[0]
    # Accepted today: the milestones lie ahead, the first is done early and its spending is of today.
    for title, weeks in (("Rooms renovated in Leskovik and Përmet", 20), ("Hosts trained with Slow Food Përmet", 24),
                         ("Farm stays listed on booking platforms", 27)):
        tracking.add_milestone(milano.contact, project.id, title, today() + timedelta(weeks=weeks))
    tracking.mark_done(milano.contact, project.id, project.milestones[0].id)
    tracking.add_expense(milano.contact, project.id, today(), "Roof and bathroom works, two houses in Leskovik",
                         Decimal("9800"))
    tracking.add_expense(milano.contact, project.id, today(), "Beds, linen and kitchen equipment", Decimal("4350"))
    _propose(athina, dropull, "A network of twelve guesthouses in Dropull and Pogon villages with one booking "
             "calendar, a host training in Gjirokastër and marked walking routes between the villages.", 38000,
             officer, scores=(5, 3, 4, 3), recommended=32000, propose=True)
    for name, call, summary, budget in (
            ("Vatra Shqiptare e Selanikut", apples, "A cold store and grading line shared by 40 apple growers of "
             "Pojan and Bilisht.", 25000),
            ("Shoqata Shqiptare e Torinos «Skënderbeu»", apples, "Training of three cooperatives in Piedmont's "
             "apple consortia, and a first buyer in Turin.", 12000),
            ("Deutsch-Albanischer Freundeskreis München", theth, "Signposting of 60 km of trails in Theth and "
             "Valbona and a guide course with the park.", 18000)):
        if name in associations:
            _propose(associations[name], call, summary, budget, officer)
    return (f"demo local projects: {len(associations)} associations, 5 proposals, 1 project under way "
            f"(project {project.id})")


def _place(officer: User, focal_email: str, title: str, email: str, feedback: str) -> Placement | None:
    posting, person, focal = _posting(title), _user(email), _user(focal_email)
    if posting is None or person is None or focal is None:
        return None
    # A call that has since closed (the completed project's) is replayed as it was while open.
    closed, posting.status = posting.status, OpportunityStatus.OPEN
    decisions.decide(officer, person.profile.id, posting.id, DecisionAction.PROPOSE)
    acceptance.ministry_answer(focal, posting, person.profile, True, feedback, None, {})
    posting.status = closed
    placement = db.session.scalar(sa.select(Placement).where(Placement.opportunity_id == posting.id,
                                                             Placement.profile_id == person.profile.id))
    if placement.start_date <= today():  # a placement starts on its first day at the earliest
        placements.change_status(officer, placement.id, "start")
    return placement


def _field_projects(officer: User) -> str:
    done = _place(officer, "instat@ura.demo", "Testing the 2027 labour force survey questionnaire in Shkodër",
                  "gentian.kola@ura.demo", "Exactly the survey methodologist we needed.")
    if done is not None:
        field_projects.submit_deliverable(done.profile.user, done.id, "Cognitive-testing report: 24 interviews; "
                                          "three questions on seasonal work abroad reworded.")
        field_projects.accept_deliverable(officer, done.id)
        for month in placements.missing_report_months(done, done.end_date):
            placements.add_report(done.profile.user, done.id, month, "Interviews held in Shkodër and Malësi e Madhe; "
                                  "notes transcribed for the report.", [])
        placements.change_status(officer, done.id, "complete")
        placements.evaluate(officer, done.id, 5, "Report delivered on time; INSTAT adopts the reworded questions.")
    active = _place(officer, "university@ura.demo", "Excavation season on the Roman forum of Butrint",
                    "student@ura.demo", "Welcome to the Butrint team.")
    placed = [p for p in (done, active) if p is not None]
    return f"demo field projects: {len(placed)} placed, {1 if done else 0} completed with its deliverable accepted"


def seed_demo_projects() -> list[str]:
    """Idempotent: does nothing once an organisation exists, or without an officer."""
    if db.session.scalar(sa.select(Organisation.id).limit(1)) is not None:
        return ["demo field and local projects already present"]
    officer = db.session.scalar(sa.select(User).where(User.role == Role.OFFICER).order_by(User.id))
    if officer is None:
        return ["demo field and local projects skipped: no officer"]
    _researchers_and_students()
    db.session.flush()
    associations = _associations()
    db.session.flush()
    return [_local_projects(associations, officer), _field_projects(officer)]
