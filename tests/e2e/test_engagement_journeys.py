"""Mentorship and twinning in a real browser, in English and in Albanian, from posting to completed engagement.

The focal point posts and opens the posting through its kind's form; the officer finds the right person ranked
first and eligible (the member registered as mentor; for twinning, the one working at the counterpart abroad),
while a strong expert of the wrong role is ranked ineligible, and proposes them; the focal point accepts; both
sides log the sessions or joint activities agreed, then give their feedback, which completes the engagement.
Screenshots of the form and of the completed engagement go to test-artifacts/screenshots/.
"""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.programme.models import Engagement, EngagementStatus
from tests.e2e.browsing import flash, log_in, nav
from tests.e2e.conftest import ARTIFACTS

SHOTS = ARTIFACTS / "screenshots"
LANGUAGES = ["en", "sq"]
KINDS = ["mentorship", "twinning"]


def _fill_mentorship(page, t, lang) -> str:
    title = "Mentors for young procurement officers at AKSHI"
    page.get_by_label(t(lang, "Title")).fill(title)
    page.get_by_label(t(lang, "Who is mentored")).select_option("civil_servant")
    page.get_by_label(t(lang, "Number of sessions")).fill("2")
    page.get_by_label(t(lang, "Field of the mentoring")).fill("Public administration")
    page.get_by_label(t(lang, "Skills the mentor needs")).fill("public procurement")
    page.get_by_label(t(lang, "Language of the sessions")).select_option("sq")
    page.get_by_label(t(lang, "Description")).fill("Two online sessions on tender design with a junior officer.")
    return title


def _fill_twinning(page, t, lang) -> str:
    title = "Bashkia Shkodër twinned with an Italian comune"
    page.get_by_label(t(lang, "Title")).fill(title)
    page.get_by_label(t(lang, "Counterpart sought abroad")).fill("comune, municipal administration")
    page.get_by_label(t(lang, "Countries of the counterpart")).select_option(["IT"])
    page.get_by_label(t(lang, "Joint activities planned")).fill("2")
    page.get_by_label(t(lang, "Description")).fill("Exchanges on urban regeneration of the old bazaar.")
    return title


FILL = {"mentorship": _fill_mentorship, "twinning": _fill_twinning}
NEW_LABEL = {"mentorship": "New mentorship", "twinning": "New twinning"}
LOG_LABEL = {"mentorship": "Sessions held", "twinning": "Joint activities held"}


def _people(make_institution, make_user, make_member, lang):
    institution = make_institution(name="Municipality of Shkodër", name_sq="Bashkia Shkodër", acronym="BSHK")
    focal = make_user(Role.MINISTRY, institution=institution, locale=lang)
    officer = make_user(Role.OFFICER, locale=lang)
    right = make_member(make_user(Role.MEMBER, locale=lang), full_name="Mirela Shehu", is_expert=False,
                        is_mentor=True, employer="Comune di Bologna", city="Bologna", years_experience=12,
                        skills=["public procurement", "urban planning"], acquis_chapters=[5, 22])
    wrong_role = make_member(make_user(Role.MEMBER, locale=lang), full_name="Besnik Leka", years_experience=20,
                             skills=["public procurement", "urban planning"], acquis_chapters=[5, 22])
    db.session.commit()
    return focal, officer, right, wrong_role


def _log(page, t, lang, held_on: str, note: str) -> None:
    page.get_by_label(t(lang, "Held on")).fill(held_on)
    page.get_by_label(t(lang, "What was done")).fill(note)
    page.get_by_role("button", name=t(lang, "Add to the log")).click()
    flash(page, t(lang, "Added to the log."))


def _feedback(page, t, lang, rating: str, text: str) -> None:
    page.get_by_label(t(lang, "Rating"), exact=True).select_option(rating)
    page.get_by_label(t(lang, "Your feedback")).fill(text)
    page.get_by_role("button", name=t(lang, "Give my feedback")).click()
    flash(page, t(lang, "Thank you: your feedback is saved."))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_from_posting_to_completed_engagement(live_server, new_page, t, make_institution, make_user, make_member,
                                              kind, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    focal, officer, right, wrong_role = _people(make_institution, make_user, make_member, lang)
    today = date.today().isoformat()

    # The focal point posts through the kind's own form and opens the posting.
    ministry = log_in(new_page, live_server, t, lang, focal)
    nav(ministry, t, lang, "Our postings")
    ministry.get_by_role("link", name=t(lang, NEW_LABEL[kind])).click()
    title = FILL[kind](ministry, t, lang)
    ministry.screenshot(path=str(SHOTS / f"{kind}-form-{lang}.png"), full_page=True)
    ministry.get_by_role("button", name=t(lang, "Save")).click()
    flash(ministry, t(lang, "Saved as a draft. Open it when you are ready to receive candidates."))
    ministry.get_by_role("button", name=t(lang, "Open for candidates")).click()
    flash(ministry, t(lang, "The posting is open."))

    # The officer finds the right person first and eligible, the expert of the wrong role ineligible.
    desk = log_in(new_page, live_server, t, lang, officer)
    nav(desk, t, lang, "Match review")
    desk.get_by_role("link", name=title).click()
    desk.get_by_role("heading", name=title, level=1).wait_for()
    rows = desk.locator("table tbody tr")
    assert right.full_name in rows.nth(0).inner_text()
    assert rows.nth(0).get_by_text(t(lang, "Eligible"), exact=True).count() == 1
    other = rows.filter(has_text=wrong_role.full_name)
    assert other.get_by_text(t(lang, "Not eligible"), exact=True).count() == 1
    desk.get_by_role("link", name=right.full_name, exact=True).click()
    for action in ("shortlist", "propose"):
        desk.get_by_label(t(lang, "Decision")).select_option(action)
        desk.get_by_role("button", name=t(lang, "Record")).click()
        flash(desk, t(lang, "The decision is recorded."))

    # The focal point accepts: the engagement starts, and logs the first session or activity.
    nav(ministry, t, lang, "Proposed candidates")
    ministry.get_by_role("link", name=right.full_name, exact=True).click()
    ministry.get_by_label(t(lang, "Decision")).select_option("accept")
    ministry.get_by_label(t(lang, "Outcome and feedback")).fill("Welcome on board.")
    ministry.get_by_role("button", name=t(lang, "Send the decision")).click()
    flash(ministry, t(lang, "Your decision is sent. The candidate and the programme officer are informed."))
    nav(ministry, t, lang, "Proposed candidates")
    ministry.get_by_role("link", name=f"{right.full_name} · {title}").click()
    assert t(lang, LOG_LABEL[kind]) in ministry.locator("dl.details").first.inner_text()
    _log(ministry, t, lang, today, "Kick-off with both teams.")
    assert ministry.locator(".held-count").inner_text() == t(lang, "%(held)s of %(agreed)s", held=1, agreed=2)

    # The member logs the second and gives their feedback.
    member = log_in(new_page, live_server, t, lang, right.user)
    nav(member, t, lang, "My opportunities")
    member.get_by_role("link", name=title).click()
    _log(member, t, lang, today, "Second meeting: the work plan agreed.")
    _feedback(member, t, lang, "5", "Motivated counterparts; we will stay in touch.")

    # The institution's feedback completes it.
    ministry.reload()
    _feedback(ministry, t, lang, "4", "Useful and concrete.")
    main = ministry.locator("main").inner_text()
    assert t(lang, "completed") in main and "5/5" in main and "4/5" in main
    ministry.screenshot(path=str(SHOTS / f"{kind}-engagement-completed-{lang}.png"), full_page=True)

    db.session.rollback()
    engagement = db.session.scalar(sa.select(Engagement))
    assert engagement.status is EngagementStatus.COMPLETED and len(engagement.entries) == 2
    assert engagement.profile_id == right.id
