"""The journeys people make, in a real browser, once in English and once in Albanian."""
from __future__ import annotations

import re

import pytest

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from tests.documents import make_pdf
from tests.factories import PASSWORD

LANGUAGES = ["en", "sq"]


def pick_languages(page, levels: list[tuple[str, str]]) -> None:
    for row, (code, level) in enumerate(levels):
        page.locator(f"#languages-{row}-code").select_option(code)
        page.locator(f"#languages-{row}-level").select_option(level)


def switch_language(page, lang: str) -> None:
    """Use the switcher in the header until the page speaks `lang`."""
    if page.locator("html").get_attribute("lang") != lang:
        page.locator("form.lang-switch button").click()
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_member_registers_verifies_builds_profile_and_adds_cv_skills(live_server, new_page, outbox, t, tmp_path,
                                                                     lang):
    page = new_page()
    page.goto(live_server + "/")
    switch_language(page, lang)
    page.get_by_role("link", name=t(lang, "Register"), exact=True).click()
    email = f"drita.{lang}@example.org"
    page.get_by_label(t(lang, "Email")).fill(email)
    page.get_by_label(t(lang, "Password"), exact=True).fill("a long passphrase from Korçë")
    page.get_by_label(t(lang, "Repeat the password")).fill("a long passphrase from Korçë")
    page.get_by_role("button", name=t(lang, "Create account")).click()
    page.get_by_role("heading", name=t(lang, "Check your email")).wait_for()

    link = re.search(r"https?://\S+/auth/verify/\S+", outbox()[-1].get_content()).group(0)
    page.goto(link)
    page.get_by_role("button", name=t(lang, "Confirm my email")).click()
    page.get_by_label(t(lang, "Email")).fill(email)
    page.get_by_label(t(lang, "Password"), exact=True).fill("a long passphrase from Korçë")
    page.get_by_role("button", name=t(lang, "Log in")).click()

    page.get_by_role("link", name=t(lang, "Build my profile")).click()
    page.get_by_label(t(lang, "Full name")).fill("Drita Çelaj")
    page.get_by_label(t(lang, "Expert for EU-approximation fellowships")).check()
    page.get_by_label(t(lang, "Development Agent (Connect Albania)")).check()
    page.get_by_label(t(lang, "Country of residence")).select_option("IT")
    page.get_by_label(t(lang, "City")).fill("Torino")
    pick_languages(page, [("sq", "C2"), ("it", "C1")])
    page.get_by_label(t(lang, "Years of professional experience")).fill("11")
    page.get_by_label(t(lang, "Skills")).fill("contabilità pubblica\nstatistikë")
    page.get_by_label(t(lang, "Date of birth")).fill("1984-05-17")
    page.get_by_label(t(lang, "Years lived abroad")).fill("15")
    page.get_by_label(t(lang, "Highest completed education")).select_option("master")
    page.get_by_label(t(lang, "Countries where your business network is")).select_option(["IT", "DE"])
    consent = t(lang, "I agree that Ura processes my profile to match me with opportunities, "
                      "as described in the privacy notice.")
    page.get_by_label(re.compile(re.escape(consent[:30]))).check()
    page.get_by_role("button", name=t(lang, "Save profile")).click()
    page.get_by_role("heading", name="Drita Çelaj").wait_for()
    assert t(lang, "You meet the rules to be certified as a Development Agent.") in page.content()

    page.get_by_role("link", name=t(lang, "My CV")).click()
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(make_pdf(["Drita Celaj", "Experience: public procurement; internal audit"]))
    page.get_by_label(re.compile(re.escape(t(lang, "Your CV (PDF or Word .docx, up to 5 MB)")[:10]))).set_input_files(
        str(cv))
    page.get_by_role("button", name=t(lang, "Upload")).click()
    page.get_by_role("heading", name=t(lang, "New skills found in your CV")).wait_for()
    page.get_by_role("button", name=t(lang, "Add the ticked skills to my profile")).click()
    page.get_by_role("heading", name="Drita Çelaj").wait_for()
    skills = page.locator("dl.details").inner_text()
    assert "statistikë" in skills and "contabilità pubblica" in skills
    # The skills from the CV, named as the member reads them.
    assert ("Public procurement law" if lang == "en" else "Prokurimi publik") in skills, skills


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ministry_posts_and_opens_a_fellowship(live_server, new_page, make_user, t, lang):
    focal = make_user(Role.MINISTRY, locale=lang)
    db.session.commit()
    page = new_page()
    page.goto(live_server + "/auth/login")
    switch_language(page, lang)
    page.get_by_label(t(lang, "Email")).fill(focal.email)
    page.get_by_label(t(lang, "Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t(lang, "Log in")).click()
    page.get_by_role("link", name=t(lang, "New fellowship")).click()
    page.get_by_label(t(lang, "Title")).fill("Ekspert për ligjin e prokurimit publik")
    page.get_by_label(t(lang, "Description")).fill("Transpose Directive 2014/24/EU into Albanian law.")
    page.locator("input[name=acquis_chapters][value='5']").check()
    page.get_by_label(t(lang, "Required skills")).fill("public procurement\nEU law")
    pick_languages(page, [("sq", "C1"), ("en", "B2")])
    page.get_by_label(t(lang, "Number of positions")).fill("2")
    page.get_by_label(t(lang, "Start")).fill("2027-03-01")
    page.get_by_label(t(lang, "End"), exact=True).fill("2027-12-31")
    page.get_by_role("button", name=t(lang, "Save")).click()
    page.get_by_role("button", name=t(lang, "Open for candidates")).click()
    page.get_by_text(t(lang, "The posting is open.")).wait_for()
    posting = db.session.scalar(db.select(Opportunity).where(Opportunity.institution_id == focal.institution_id))
    assert posting.status is OpportunityStatus.OPEN and posting.positions == 2


def test_member_profile_on_a_phone(live_server, new_page, make_member, tmp_path):
    profile = make_member(full_name="Albana Kola", skills=["public procurement", "prokurim publik"])
    db.session.commit()
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server + "/auth/login")
    page.locator("#email").fill(profile.user.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.goto(live_server + "/members/profile")
    page.get_by_role("heading", name="Albana Kola").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=str(tmp_path / "phone-profile.png"), full_page=True)
