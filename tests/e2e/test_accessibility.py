"""Accessibility: axe-core (vendored, pinned 4.10.2, MPL-2.0) finds no serious or critical WCAG 2 A/AA violation
on the pages each kind of user meets first, on a desktop and on a phone."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.investments import certification
from diaspora.matches.models import CuratedTerm
from diaspora.opportunities.models import OpportunityKind
from diaspora.programme import engagements, placements
from diaspora.programme.models import PlacementStatus
from tests.factories import PASSWORD
from tests.investments.helpers import make_agent, with_documents

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.10.2" / "axe.min.js").read_text(encoding="utf-8")
PAGES = {
    None: ["/", "/opportunities", "/auth/register", "/auth/login", "/privacy"],
    Role.MEMBER: ["/members/", "/members/profile", "/members/profile/edit", "/cv/", "/members/privacy",
                  "/notifications/", "/tokens/", "/investments/", "/organisations/new", "/projects/"],
    Role.MINISTRY: ["/ministries/", "/ministries/new/fellowship", "/ministries/new/investment-lead",
                    "/ministries/new/mentorship", "/ministries/new/twinning", "/ministries/new/field-project",
                    "/ministries/new/local-project", "/projects/", "/bulk/"],
    Role.ADMIN: ["/admin/users", "/admin/institutions", "/reports/", "/reports/supply", "/bulk/", "/jobs/",
                 "/curation/", "/curation/terms/{term}"],
    # {fellowship}, {candidate}, {active}, {completed} and {engagement}: the objects made for the officer below.
    Role.OFFICER: ["/officers/", "/officers/opportunities/{fellowship}",
                   "/officers/opportunities/{fellowship}/candidates/{candidate}", "/officers/placements",
                   "/officers/placements/{active}", "/officers/placements/{completed}", "/officers/engagements",
                   "/officers/engagements/{engagement}", "/reports/", "/reports/supply", "/investments/queue"],
}


def curation_queue(make_member) -> dict[str, int]:
    """A typed skill no concept reads, for the administrator's curation queue ({term})."""
    make_member(full_name="Elira Gashi", skills=["gare d'appalto telematiche"])
    db.session.commit()
    return {"term": db.session.scalar(sa.select(CuratedTerm.id))}


def programme(make_user, make_member, make_fellowship) -> dict[str, int]:
    """A fellowship with a candidate, and two placements: one active (status and report forms), one completed
    (report and final-evaluation forms on one page); a mentorship's engagement with a session logged (log form);
    an agent's application with documents to review."""
    fellowship = make_fellowship(positions=3)
    officer = make_user(Role.OFFICER)
    candidate = make_member(full_name="Arta Hoxha")
    active = placements.create_placement(officer, candidate, fellowship)
    active.status = PlacementStatus.ACTIVE
    completed = placements.create_placement(officer, make_member(full_name="Besa Krasniqi"), fellowship)
    completed.status = PlacementStatus.COMPLETED
    mentorship = make_fellowship(kind=OpportunityKind.MENTORSHIP, sessions=4, mentee_type="startup")
    engagement = engagements.create_engagement(officer, make_member(full_name="Elira Gashi", is_mentor=True),
                                               mentorship)
    engagements.add_entry(officer, engagement.id, date(2026, 11, 2), "Kick-off: fundraising plan.")
    certification.apply(with_documents(make_agent(certified=False, full_name="Dritan Leka")))
    db.session.commit()
    return {"fellowship": fellowship.id, "candidate": candidate.id, "active": active.id, "completed": completed.id,
            "engagement": engagement.id}


def violations(page) -> list[str]:
    page.evaluate(AXE)  # through the debugging protocol: the page's CSP (rightly) forbids inline scripts
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
@pytest.mark.parametrize("role", list(PAGES), ids=lambda r: r.value if r else "anonymous")
def test_pages_have_no_serious_accessibility_violations(live_server, new_page, make_user, make_member,
                                                        make_fellowship, role, viewport):
    if role is not None:
        user = make_user(role)
        if role is Role.MEMBER:
            make_member(user=user, is_agent=True, date_of_birth=date(1980, 1, 1), years_abroad=10)
        db.session.commit()
    objects = (programme(make_user, make_member, make_fellowship) if role is Role.OFFICER
               else curation_queue(make_member) if role is Role.ADMIN else {})
    make_fellowship()
    db.session.commit()
    page = new_page(viewport=viewport)
    if role is not None:
        page.goto(live_server + "/auth/login")
        page.locator("#email").fill(user.email)
        page.locator("#password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    found = {}
    for path in PAGES[role]:
        assert page.goto(live_server + path.format(**objects)).ok, path
        problems = violations(page)
        if problems:
            found[path] = problems
    assert found == {}
