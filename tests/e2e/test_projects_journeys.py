"""Field projects and local NGO projects in a real browser, in English and in Albanian, from posting to completed
engagement.

Field project: the university posts it; the officer finds the student of the right level first and eligible, an
expert ineligible, and proposes her; the university accepts; the officer starts the placement; the student hands
in the deliverable; the officer accepts it and only then completes the placement.
Local project: a member registers an association; the ministry posts a call; the association proposes a project;
the officer scores the proposal and proposes it; the ministry accepts it with a budget; the association records a
milestone and expenses (one above the budget is refused with its reason); the officer closes the project.
Screenshots of the forms and of the completed engagements go to test-artifacts/screenshots/.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.members.models import StudyLevel
from diaspora.programme.models import Placement, PlacementStatus
from diaspora.projects.models import LocalProject, ProjectStatus
from diaspora.timeutil import today
from tests.e2e.browsing import flash, log_in, nav
from tests.e2e.conftest import ARTIFACTS

SHOTS = ARTIFACTS / "screenshots"
LANGUAGES = ["en", "sq"]


def _post(page, t, lang, new_label: str, fill) -> None:
    nav(page, t, lang, "Our postings")
    page.get_by_role("link", name=t(lang, new_label)).click()
    fill()
    page.get_by_role("button", name=t(lang, "Save")).click()
    flash(page, t(lang, "Saved as a draft. Open it when you are ready to receive candidates."))
    page.get_by_role("button", name=t(lang, "Open for candidates")).click()
    flash(page, t(lang, "The posting is open."))


def _review(desk, t, lang, title: str, first: str, ineligible: str | None = None) -> None:
    nav(desk, t, lang, "Match review")
    desk.get_by_role("link", name=title).click()
    desk.get_by_role("heading", name=title, level=1).wait_for()
    rows = desk.locator("table tbody tr")
    assert first in rows.nth(0).inner_text()
    assert rows.nth(0).get_by_text(t(lang, "Eligible"), exact=True).count() == 1
    if ineligible:
        assert rows.filter(has_text=ineligible).get_by_text(t(lang, "Not eligible"), exact=True).count() == 1
    desk.get_by_role("link", name=first, exact=True).click()


def _decide(desk, t, lang, action: str) -> None:
    desk.get_by_label(t(lang, "Decision")).select_option(action)
    desk.get_by_role("button", name=t(lang, "Record")).click()
    flash(desk, t(lang, "The decision is recorded."))


def _accept(ministry, t, lang, name: str, **terms) -> None:
    nav(ministry, t, lang, "Proposed candidates")
    ministry.get_by_role("link", name=name, exact=True).click()
    ministry.get_by_label(t(lang, "Decision")).select_option("accept")
    ministry.get_by_label(t(lang, "Outcome and feedback")).fill("Welcome.")
    for label, value in terms.items():
        ministry.get_by_label(t(lang, label)).fill(value)
    ministry.get_by_role("button", name=t(lang, "Send the decision")).click()
    flash(ministry, t(lang, "Your decision is sent. The candidate and the programme officer are informed."))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_field_project_from_posting_to_accepted_deliverable(live_server, new_page, t, make_institution, make_user,
                                                            make_member, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    university = make_institution(name="University of Tirana", name_sq="Universiteti i Tiranës", acronym="UT")
    focal, officer = make_user(Role.MINISTRY, institution=university, locale=lang), make_user(Role.OFFICER, locale=lang)
    student = make_member(make_user(Role.MEMBER, locale=lang), full_name="Besa Marku", is_expert=False,
                          is_student=True, study_level=StudyLevel.PHD, city="Bologna", skills=["excavation"],
                          education=[{"degree": "MA", "field": "Archaeology"}])
    expert = make_member(make_user(Role.MEMBER, locale=lang), full_name="Arben Leka", skills=["excavation"],
                         education=[{"degree": "MA", "field": "Archaeology"}])
    db.session.commit()
    title = "Excavation season on the Roman forum of Butrint"
    # Last month: the placement can start on its first day, be reported on and be completed after its last.
    end = today().replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)

    def fill():
        ministry.get_by_label(t(lang, "Title")).fill(title)
        ministry.get_by_label(t(lang, "Supervisor")).fill("Dr. Belisa Muka")
        ministry.get_by_label(t(lang, "Field site")).fill("Butrint, Vlorë")
        ministry.get_by_label(t(lang, "Start"), exact=True).fill(start.isoformat())
        ministry.get_by_label(t(lang, "End"), exact=True).fill(end.isoformat())
        ministry.get_by_label(t(lang, "Deliverable")).fill("Excavation diary and finds catalogue.")
        ministry.get_by_label(t(lang, "master's")).check()
        ministry.get_by_label(t(lang, "doctorate (PhD)")).check()
        ministry.get_by_label(t(lang, "Fields of study sought")).fill("archaeology, classics")
        ministry.get_by_label(t(lang, "Description")).fill("Four weeks with the Butrint team.")
        ministry.screenshot(path=str(SHOTS / f"field-project-form-{lang}.png"), full_page=True)

    ministry = log_in(new_page, live_server, t, lang, focal)
    _post(ministry, t, lang, "New field project", fill)

    desk = log_in(new_page, live_server, t, lang, officer)
    _review(desk, t, lang, title, student.full_name, expert.full_name)
    _decide(desk, t, lang, "propose")
    _accept(ministry, t, lang, student.full_name)

    # The officer starts the placement and reports its month; completing it waits for the deliverable.
    nav(desk, t, lang, "Placements")
    desk.get_by_role("link", name=student.full_name, exact=True).click()
    assert "Dr. Belisa Muka" in desk.locator("main").inner_text()  # the supervisor is the placement's mentor
    desk.get_by_label(t(lang, "Step")).select_option("start")
    desk.get_by_role("button", name=t(lang, "Apply")).click()
    flash(desk, t(lang, "The placement is updated."))
    desk.get_by_label(t(lang, "Month (any day of it)")).fill(start.isoformat())
    desk.get_by_label(t(lang, "What was done")).fill("Trench 4 opened; 212 finds recorded.")
    desk.get_by_role("button", name=t(lang, "Save the report")).click()
    flash(desk, t(lang, "The report is saved."))
    desk.get_by_label(t(lang, "Step")).select_option("complete")
    desk.get_by_label(t(lang, "I confirm: completing or ending a placement cannot be undone.")).check()
    desk.get_by_role("button", name=t(lang, "Apply")).click()
    flash(desk, t(lang, "A field project completes once its deliverable is handed in and accepted."))

    member = log_in(new_page, live_server, t, lang, student.user)
    nav(member, t, lang, "My opportunities")
    member.get_by_role("link", name=title).click()
    member.get_by_label(t(lang, "The deliverable: a summary and where to find it")).fill(
        "Diary of trench 4 and 212 finds, in the site database.")
    member.get_by_role("button", name=t(lang, "Hand in the deliverable")).click()
    flash(member, t(lang, "The deliverable is handed in."))

    desk.reload()
    desk.get_by_role("button", name=t(lang, "Accept the deliverable")).click()
    flash(desk, t(lang, "The deliverable is accepted."))
    desk.get_by_label(t(lang, "Step")).select_option("complete")
    desk.get_by_label(t(lang, "I confirm: completing or ending a placement cannot be undone.")).check()
    desk.get_by_role("button", name=t(lang, "Apply")).click()
    flash(desk, t(lang, "The placement is updated."))
    desk.screenshot(path=str(SHOTS / f"field-project-completed-{lang}.png"), full_page=True)

    db.session.rollback()
    placement = db.session.scalar(sa.select(Placement))
    assert placement.status is PlacementStatus.COMPLETED and placement.deliverable_accepted_at is not None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_local_project_from_call_to_completed_project(live_server, new_page, t, make_institution, make_user,
                                                      make_member, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    ministry_of_agriculture = make_institution(name="Ministry of Agriculture and Rural Development",
                                               name_sq="Ministria e Bujqësisë dhe Zhvillimit Rural", acronym="MBZHR")
    focal = make_user(Role.MINISTRY, institution=ministry_of_agriculture, locale=lang)
    officer = make_user(Role.OFFICER, locale=lang)
    founder = make_member(make_user(Role.MEMBER, locale=lang), full_name="Arjana Mëhilli").user
    db.session.commit()
    association, title = "Shoqata Arbëria – Milano", "Agritourism in the Vjosa valley"

    member = log_in(new_page, live_server, t, lang, founder)
    nav(member, t, lang, "Local projects")
    member.get_by_role("link", name=t(lang, "My organisations")).click()
    member.get_by_role("link", name=t(lang, "Register an association")).click()
    member.get_by_label(t(lang, "Name of the association")).fill(association)
    member.get_by_label(t(lang, "The association's own e-mail")).fill(f"arberia-{lang}@example.org")
    member.get_by_label(t(lang, "Country of its seat")).select_option("IT")
    member.get_by_label(t(lang, "City")).fill("Milano")
    member.get_by_label(t(lang, "Agritourism")).check()
    member.get_by_label("Gjirokastër").check()
    member.get_by_label(t(lang, "The association agrees that Ura processes its profile to match it with calls for "
                                "local projects, as described in the privacy notice.")).check()
    member.screenshot(path=str(SHOTS / f"organisation-form-{lang}.png"), full_page=True)
    member.get_by_role("button", name=t(lang, "Save")).click()
    flash(member, t(lang, "The organisation is registered. Add its other members below."))

    def fill():
        ministry.get_by_label(t(lang, "Title")).fill(title)
        ministry.get_by_label(t(lang, "Sector")).select_option("agritourism")
        ministry.get_by_label(t(lang, "Region of Albania")).select_option("Gjirokastër")
        ministry.get_by_label(t(lang, "Budget ceiling per project (EUR)")).fill("25000")
        ministry.get_by_label(t(lang, "The call: what it funds and how proposals are judged")).fill(
            "Farm stays in Përmet and Leskovik.")

    ministry = log_in(new_page, live_server, t, lang, focal)
    _post(ministry, t, lang, "New call for local projects", fill)

    nav(member, t, lang, "Local projects")
    member.get_by_role("link", name=t(lang, "Propose a project")).click()
    member.get_by_label(t(lang, "The project: what, where, with whom, by when")).fill(
        "Six farm stays in Përmet and Leskovik.")
    member.get_by_label(t(lang, "Budget asked (EUR)")).fill("22000")
    member.get_by_role("button", name=t(lang, "Send the proposal")).click()
    flash(member, t(lang, "The proposal is sent. Programme officers review it against the call's criteria."))

    desk = log_in(new_page, live_server, t, lang, officer)
    _review(desk, t, lang, title, association)
    desk.get_by_role("link", name=t(lang, "Score the proposal")).click()
    for label, score in (("Relevance to the call", "5"), ("Feasibility", "4"), ("Local impact", "5"),
                         ("Value for money", "4")):
        desk.get_by_label(t(lang, label)).select_option(score)
    desk.get_by_label(t(lang, "Recommended budget (EUR)")).fill("20000")
    desk.screenshot(path=str(SHOTS / f"proposal-scores-{lang}.png"), full_page=True)
    desk.get_by_role("button", name=t(lang, "Save the scores")).click()
    flash(desk, t(lang, "The scores are saved."))
    assert "18/20" in desk.locator("main").inner_text()
    _decide(desk, t, lang, "propose")
    _accept(ministry, t, lang, association, **{"Approved budget in EUR (if accepted)": "20000"})

    nav(member, t, lang, "Local projects")
    member.get_by_role("link", name=title).click()
    member.get_by_label(t(lang, "Milestone")).fill("Rooms renovated in Leskovik")
    member.get_by_label(t(lang, "Due")).fill("2027-04-30")
    member.get_by_role("button", name=t(lang, "Add the milestone")).click()
    flash(member, t(lang, "The milestone is added."))
    for amount, what in (("12000", "Roof repairs"), ("9000", "Furniture")):
        member.get_by_label(t(lang, "Date"), exact=True).fill("2027-03-12")
        member.get_by_label(t(lang, "Amount (EUR)")).fill(amount)
        member.get_by_label(t(lang, "What was paid for")).fill(what)
        member.get_by_role("button", name=t(lang, "Record the expense")).click()
    refused = member.locator(".errors").inner_text()
    assert "20" in refused and member.get_by_label(t(lang, "What was paid for")).input_value() == "Furniture"
    member.get_by_role("button", name=t(lang, "Mark done")).click()
    flash(member, t(lang, "The milestone is done."))

    nav(desk, t, lang, "Local projects")
    desk.get_by_role("link", name=title).click()
    desk.get_by_role("button", name=t(lang, "Mark the project completed")).click()
    flash(desk, t(lang, "The project is completed."))
    desk.screenshot(path=str(SHOTS / f"local-project-completed-{lang}.png"), full_page=True)

    db.session.rollback()
    project = db.session.scalar(sa.select(LocalProject))
    assert project.status is ProjectStatus.COMPLETED and len(project.expenses) == 1
