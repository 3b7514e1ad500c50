"""`flask seed-demo`: a realistic, idempotent, deterministic demo programme."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from diaspora.auth.models import Role, User
from diaspora.demo.seed import DEMO_PASSWORD, seed
from diaspora.investments.models import AgentReward, ClaimStatus, InvestmentLead, RewardStatus
from diaspora.members.eligibility import agent_rule_checks, meets_agent_rules
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus
from diaspora.institutions.models import Institution
from diaspora.organisations.models import Organisation
from diaspora.programme.models import Engagement, EngagementStatus, Placement
from diaspora.projects.models import LocalProject, ProjectProposal
from diaspora.timeutil import today

SMALL = 30  # profiles in most tests, for speed


def _count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _counts(db) -> dict[str, int]:
    return {model.__name__: _count(db, model) for model in (Institution, Opportunity, User, MemberProfile)}


def _fellowships(db) -> list[Opportunity]:
    return list(db.session.scalars(select(Opportunity).where(Opportunity.kind == OpportunityKind.FELLOWSHIP)))


def test_seeding_twice_creates_nothing_new(app, db):
    seed(profile_count=SMALL)
    db.session.commit()
    first = _counts(db)
    lines = seed(profile_count=SMALL)
    db.session.commit()
    assert _counts(db) == first
    assert lines[-1].endswith("0 rows created by this run")


def test_a_larger_run_keeps_the_people_of_a_smaller_one(app, db):
    seed(profile_count=10)
    db.session.commit()
    before = set(db.session.scalars(select(User.email).where(User.role == Role.MEMBER)))
    seed(profile_count=SMALL)
    after = set(db.session.scalars(select(User.email).where(User.role == Role.MEMBER)))
    assert before < after
    assert len(after) == SMALL


def test_institutions_are_real_albanian_bodies(app, db):
    seed(profile_count=SMALL)
    institutions = {i.acronym: i for i in db.session.scalars(select(Institution))}
    assert 12 <= len(institutions) <= 20
    assert institutions["MEPJ"].name_sq == "Ministria për Evropën dhe Punët e Jashtme"
    assert institutions["MF"].name == "Ministry of Finance"
    assert institutions["INSTAT"].name == "Institute of Statistics"
    assert {"MD", "MBZHR", "AIDA", "AKSHI", "AKU"} <= set(institutions)


def test_forty_fellowships_across_the_acquis(app, db):
    seed(profile_count=SMALL)
    fellowships = _fellowships(db)
    assert len(fellowships) == 40
    assert len({chapter for f in fellowships for chapter in f.acquis_chapters}) >= 20
    statuses = Counter(f.status for f in fellowships)
    assert statuses[OpportunityStatus.OPEN] >= 30
    assert statuses[OpportunityStatus.DRAFT] and statuses[OpportunityStatus.CLOSED]
    for fellowship in fellowships:
        assert fellowship.required_skills and fellowship.languages["sq"] in ("C1", "C2")
        assert fellowship.start_date > today() and fellowship.end_date > fellowship.start_date
        assert fellowship.deadline <= fellowship.start_date
        assert 1 <= fellowship.positions <= 3
        assert (fellowship.opened_at is not None) == (fellowship.status is not OpportunityStatus.DRAFT)
    by_host = {(f.institution.acronym, chapter) for f in fellowships for chapter in f.acquis_chapters}
    assert {("INSTAT", 18), ("DPD", 29), ("AKU", 12), ("MF", 16), ("MF", 32)} <= by_host


@pytest.mark.parametrize("seeded_on", [None, date(2029, 6, 15)])
def test_open_demo_postings_take_applications_whatever_day_the_demo_is_seeded(app, db, monkeypatch, seeded_on):
    if seeded_on is not None:
        monkeypatch.setattr("diaspora.demo.seed.today", lambda: seeded_on)
        monkeypatch.setattr("diaspora.opportunities.models.today", lambda: seeded_on)
    on = seeded_on or today()
    seed(profile_count=SMALL)
    postings = list(db.session.scalars(select(Opportunity)))
    open_ones = [p for p in postings if p.status is OpportunityStatus.OPEN]
    assert open_ones and all(p.deadline >= on and p.is_open for p in open_ones)
    assert all(p.deadline < on for p in postings if p.status is OpportunityStatus.CLOSED)
    assert all(p.start_date > on for p in open_ones if p.start_date)


def test_fifteen_investment_leads(app, db):
    seed(profile_count=SMALL)
    leads = list(db.session.scalars(select(Opportunity).where(Opportunity.kind == OpportunityKind.INVESTMENT_LEAD)))
    assert len(leads) == 15
    assert all(lead.sector and lead.region and lead.target_countries and lead.amount_eur > 0 for lead in leads)
    assert len({lead.sector for lead in leads}) >= 10


def test_small_run_profiles(app, db):
    seed(profile_count=SMALL)
    profiles = list(db.session.scalars(select(MemberProfile)))
    assert len(profiles) == SMALL
    assert all(p.consent_at and p.consent_version and p.user.role is Role.MEMBER and p.user.is_verified
               for p in profiles)
    assert any(ch in f"{p.full_name} {p.summary} {p.skills}" for p in profiles for ch in "ëçË")
    emails = [p.user.email for p in profiles]
    assert len(set(emails)) == SMALL
    assert all(e.endswith(".example") for e in emails if e != "member@ura.demo")  # never a real mailbox


def test_full_run_lives_where_the_diaspora_lives(app, db):
    lines = seed()
    profiles = list(db.session.scalars(select(MemberProfile)))
    assert len(profiles) == 300
    countries = Counter(p.country for p in profiles)
    assert countries.most_common(2)[0][0] == "IT" and countries.most_common(2)[1][0] == "GR"
    assert 0.33 < countries["IT"] / 300 < 0.47 and 0.2 < countries["GR"] / 300 < 0.35
    assert len(countries) >= 10
    agents = [p for p in profiles if p.is_agent]
    assert 0.2 < len(agents) / 300 < 0.4
    assert all(p.date_of_birth and p.years_abroad is not None and p.highest_education for p in agents)
    outcomes = Counter(meets_agent_rules(agent_rule_checks(p.date_of_birth, p.years_abroad, p.highest_education))
                       for p in agents)
    assert outcomes[True] > outcomes[False] > 0
    assert all(p.languages.get("sq") and p.skills and p.summary for p in profiles)
    genders = Counter(p.gender.value if p.gender else None for p in profiles)  # optional: not everyone says
    assert genders["woman"] > 90 and genders["man"] > 90 and genders[None] > 10 and genders["undisclosed"] > 0
    assert "300 diaspora profiles" in lines[-1]


@pytest.mark.parametrize("email, role, acronym", [
    ("admin@ura.demo", Role.ADMIN, None), ("officer@ura.demo", Role.OFFICER, None),
    ("ministry@ura.demo", Role.MINISTRY, "MEPJ"), ("instat@ura.demo", Role.MINISTRY, "INSTAT"),
    ("member@ura.demo", Role.MEMBER, None),
])
def test_one_login_per_role(app, db, email, role, acronym):
    lines = seed(profile_count=SMALL)
    user = db.session.scalar(select(User).where(User.email == email))
    assert user.role is role and user.is_verified and user.check_password(DEMO_PASSWORD)
    assert (user.institution.acronym if user.institution else None) == acronym
    assert f"{role.value:8} {email} / {DEMO_PASSWORD}" in lines


def test_demo_member_is_a_complete_expert_and_agent_in_milano(app, db):
    seed(profile_count=SMALL)
    profile = db.session.scalar(select(MemberProfile).join(User).where(User.email == "member@ura.demo"))
    assert profile.is_expert and profile.is_agent and profile.city == "Milano" and profile.country == "IT"
    assert profile.network_countries and profile.investment_sectors and profile.available_from
    assert meets_agent_rules(agent_rule_checks(profile.date_of_birth, profile.years_abroad, profile.highest_education))


def test_cli_prints_logins_and_counts(app, db):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--profiles", "5"])
    assert result.exit_code == 0, result.output
    assert f"member   member@ura.demo / {DEMO_PASSWORD}" in result.output
    assert "5 diaspora profiles" in result.output


def test_cli_adds_the_review_workflow_and_the_agent_pipeline(app, db):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "1 accepted and placed" in result.output and "reward" in result.output
    assert db.session.scalar(select(func.count(Placement.id)).join(Opportunity).where(
        Opportunity.kind == OpportunityKind.FELLOWSHIP)) == 1
    reward = db.session.scalar(select(AgentReward))
    assert reward.status is RewardStatus.APPROVED and reward.agent.email == "member@ura.demo"
    assert db.session.scalar(select(func.count(InvestmentLead.id)).where(
        InvestmentLead.claim == ClaimStatus.DISPUTED)) == 1
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "already present" in again.output
    assert db.session.scalar(select(func.count(AgentReward.id))) == 1


def test_cli_populates_field_projects_and_local_projects(app, db):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--profiles", "120"])
    assert result.exit_code == 0, result.output
    assert "1 project under way" in result.output and "1 completed with its deliverable accepted" in result.output
    associations = list(db.session.scalars(select(Organisation)))
    assert len(associations) == 8 and all(o.members for o in associations)
    milano = next(o for o in associations if o.profile.city == "Milano")
    assert milano.contact.email == "member@ura.demo" and len(milano.members) == 2  # a second member from Italy
    project = db.session.scalar(select(LocalProject))
    assert project.profile_id == milano.profile_id and project.spent_eur < project.budget_eur
    assert {m.done_at is not None for m in project.milestones} == {True, False}
    assert _count(db, ProjectProposal) == 5 and _count(db, ProjectProposal, ProjectProposal.scored_at.is_not(None)) == 2
    completed = db.session.scalar(select(Placement).where(Placement.deliverable_accepted_at.is_not(None)))
    assert completed.status.value == "completed" and completed.opportunity.kind is OpportunityKind.FIELD_PROJECT
    started = [p for p in db.session.scalars(select(Placement)) if p.status.value != "planned"]
    assert all(p.start_date <= today() for p in started)  # a placement starts on its first day at the earliest
    assert completed.end_date < today() and completed.opportunity.status is OpportunityStatus.CLOSED
    assert _count(db, Opportunity, Opportunity.kind == OpportunityKind.FIELD_PROJECT) == 6
    assert _count(db, Opportunity, Opportunity.kind == OpportunityKind.LOCAL_PROJECT) == 5
    assert "already present" in app.test_cli_runner().invoke(args=["seed-demo"]).output


def test_cli_adds_mentorships_and_twinnings_under_way(app, db):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--profiles", "20"])
    assert result.exit_code == 0, result.output
    assert "3 mentorships" in result.output and "3 twinnings" in result.output
    assert "Blerta Dervishi" in result.output and "3 of 8 held" in result.output  # the service designer, AKSHI
    assert "Mirela Shehu" in result.output and "5 of 5 held" in result.output  # Comune di Bologna, Shkodër
    assert "awaiting INSTAT's answer" in result.output
    statuses = Counter(e.status for e in db.session.scalars(select(Engagement)))
    assert statuses == {EngagementStatus.ACTIVE: 1, EngagementStatus.COMPLETED: 1}
    mentors = list(db.session.scalars(select(MemberProfile).where(MemberProfile.is_mentor.is_(True))))
    assert len(mentors) >= 5 and all(m.employer for m in mentors)
    again = app.test_cli_runner().invoke(args=["seed-demo", "--profiles", "20"])
    assert "demo engagements already present" in again.output
