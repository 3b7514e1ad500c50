"""Screenshots a person looks at: the officer's review page in Albanian, a member's profile on a phone.

They are always saved, into test-artifacts/screenshots/, so a reviewer can see the pages as users do.
"""
from __future__ import annotations

import pytest

from diaspora.auth.models import Role
from diaspora.extensions import db
from tests.e2e.browsing import log_in
from tests.e2e.conftest import ARTIFACTS

SHOTS = ARTIFACTS / "screenshots"
PHONE = {"width": 390, "height": 844}
CANDIDATES = [  # (name, country, city, years, skills)
    ("Arta Hoxha", "IT", "Milano", 14, ["public procurement", "legal drafting", "EU law"]),
    ("Besnik Çela", "DE", "München", 11, ["public procurement", "EU law"]),
    ("Dritan Muça", "GR", "Thessaloniki", 9, ["public procurement", "legal drafting"]),
    ("Elira Shehu", "GB", "London", 7, ["public procurement", "internal audit"]),
    ("Fatjona Gjoka", "US", "New York", 12, ["legal drafting", "EU law"]),
    ("Gëzim Bregu", "CH", "Zürich", 5, ["public procurement"]),
]


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def test_officer_review_page_in_albanian(live_server, new_page, t, shots, make_institution, make_user,
                                         make_member, make_fellowship):
    ministry = make_institution(name="Ministry of Finance and Economy", name_sq="Ministria e Financave dhe Ekonomisë",
                                acronym="MFE")
    fellowship = make_fellowship(ministry, title="Ekspert për përafrimin e ligjit të prokurimit publik",
                                 acquis_chapters=[5, 32], required_skills=["public procurement", "legal drafting"],
                                 languages={"sq": "C1", "en": "B2"})
    for name, country, city, years, skills in CANDIDATES:
        make_member(make_user(Role.MEMBER, locale="sq"), full_name=name, country=country, city=city,
                    years_experience=years, skills=skills, languages={"sq": "C2", "en": "C1"})
    officer = make_user(Role.OFFICER, locale="sq")
    db.session.commit()

    page = log_in(new_page, live_server, t, "sq", officer)
    page.goto(f"{live_server}/officers/opportunities/{fellowship.id}")
    page.get_by_role("heading", name=fellowship.title, level=1).wait_for()
    page.screenshot(path=str(shots / "officer-review-sq.png"), full_page=True)

    text = page.locator("main").inner_text()
    for msgid in ("Candidate", "Score", "Eligibility", "Why", "Residence country", "Eligible only", "Filter"):
        albanian = t("sq", msgid)
        assert albanian != msgid and albanian in text, f"{msgid!r} is not in Albanian on the review page"
    assert page.locator("table tbody tr").count() == len(CANDIDATES)
    assert any(letter in text for letter in "ëç")


def test_member_profile_on_a_phone_in_albanian(live_server, new_page, t, shots, make_user, make_member):
    profile = make_member(make_user(Role.MEMBER, locale="sq"), full_name="Albana Kola-Përmeti", is_agent=True,
                          country="IT", city="Reggio Emilia", skills=["prokurim publik", "public procurement",
                                                                     "auditim i brendshëm", "menaxhim projektesh"],
                          acquis_chapters=[5, 23, 32], network_countries=["IT", "DE"],
                          summary="Specialiste e prokurimit publik me 8 vjet përvojë në administratën italiane.")
    db.session.commit()

    page = log_in(new_page, live_server, t, "sq", profile.user, viewport=PHONE)
    page.goto(f"{live_server}/members/profile")
    page.get_by_role("heading", name=profile.full_name, level=1).wait_for()
    page.screenshot(path=str(shots / "member-profile-phone-sq.png"), full_page=True)

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the profile scrolls sideways on a phone ({width}px)"
    text = page.locator("main").inner_text()
    for msgid in ("Edit profile", "Languages", "Skills", "Consent"):
        assert t("sq", msgid) != msgid and t("sq", msgid) in text, f"{msgid!r} is not in Albanian on the profile"
