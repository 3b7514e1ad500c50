"""Fair shortlists: selection rates against the eligible pool, the four-fifths ratio, small groups; gender is
self-declared and never a matching input."""
from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest
from matching import model as contract

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.members.models import Gender
from diaspora.programme import fairness
from diaspora.programme.models import DecisionAction, MatchDecision
from tests.factories import PASSWORD
from tests.members.test_profile import profile_form


def by_person(groups: list[str], selected: list[bool]) -> dict[str, fairness.GroupRate]:
    labels, codes = np.unique(np.array(groups), return_inverse=True)
    return {row.group: row for row in fairness.selection_rates(codes, labels.tolist(), np.array(selected))}


def test_selection_rates_four_fifths_and_small_groups():
    rows = by_person(["woman"] * 20 + ["man"] * 20 + ["another"] * 3,
                     [True] * 4 + [False] * 16 + [True] * 8 + [False] * 12 + [True] * 3)
    assert (rows["woman"].pool, rows["woman"].selected, rows["woman"].rate) == (20, 4, 0.2)
    assert rows["man"].rate == 0.4 and rows["man"].ratio == 1.0 and not rows["man"].adverse
    assert rows["woman"].ratio == 0.5 and rows["woman"].adverse
    # 3 of 3 selected, but 3 people are too few to judge: no ratio, and they are not the yardstick.
    assert rows["another"].too_few and rows["another"].ratio is None and not rows["another"].adverse


def test_selection_rates_at_exactly_four_fifths_is_not_adverse():
    rows = by_person(["a"] * 10 + ["b"] * 10, [True] * 5 + [False] * 5 + [True] * 4 + [False] * 6)
    assert rows["b"].ratio == pytest.approx(0.8) and not rows["b"].adverse


def test_nobody_selected_gives_no_ratio():
    rows = by_person(["a"] * 12, [False] * 12)
    assert rows["a"].rate == 0 and rows["a"].ratio is None


def test_the_matching_contract_has_no_gender():
    assert "gender" not in {f.name for f in dataclasses.fields(contract.Profile)}


def _score(client, opportunity_id, profile_id) -> str:
    page = client.get(f"/officers/opportunities/{opportunity_id}/candidates/{profile_id}").get_data(as_text=True)
    return re.search(r"<strong>([\d.,]+)</strong> / 100", page).group(1)


def test_changing_gender_leaves_the_score_identical(app, client, login, make_user, make_fellowship):
    member, officer = make_user(Role.MEMBER), make_user(Role.OFFICER)
    fellowship = make_fellowship(acquis_chapters=[17, 18], required_skills=["SDMX"], languages={"sq": "C1"})
    officer_client = app.test_client()
    login(member)
    assert client.post("/members/profile/edit", data=profile_form(gender="woman")).status_code == 302
    profile = member.profile
    assert profile.gender is Gender.WOMAN
    officer_client.post("/auth/login", data={"email": officer.email, "password": PASSWORD})
    scores = []
    for gender in ("man", "another", "undisclosed", ""):
        scores.append(_score(officer_client, fellowship.id, profile.id))
        form = profile_form(gender=gender, version=str(db.session.get(type(profile), profile.id).version))
        assert client.post("/members/profile/edit", data=form).status_code == 302
    scores.append(_score(officer_client, fellowship.id, profile.id))
    db.session.expire_all()
    assert db.session.get(type(profile), profile.id).gender is None
    assert len(set(scores)) == 1 and float(scores[0].replace(",", ".")) > 0


def test_review_page_reports_the_shortlist_by_gender_and_country(client, login, make_user, make_member,
                                                                  make_fellowship):
    officer = make_user(Role.OFFICER, locale="en")
    fellowship = make_fellowship()
    women = [make_member(full_name=f"Woman {n}", gender=Gender.WOMAN, country="IT") for n in range(12)]
    men = [make_member(full_name=f"Man {n}", gender=Gender.MAN, country="DE") for n in range(12)]
    make_member(full_name="Not stated", country="GR")
    for profile in women[:2] + men[:6]:
        db.session.add(MatchDecision(profile_id=profile.id, opportunity_id=fellowship.id, actor_id=officer.id,
                                     action=DecisionAction.SHORTLIST))
    db.session.add(MatchDecision(profile_id=men[0].id, opportunity_id=fellowship.id, actor_id=officer.id,
                                 action=DecisionAction.PROPOSE))
    db.session.commit()
    report = {s.key: s for s in fairness.posting_report(fellowship)}
    shortlist = {row.group: row for row in report["shortlist"].by_gender}
    assert report["shortlist"].selected == 8 and report["shortlist"].pool == 25
    assert shortlist["man"].rate == 0.5 and shortlist["woman"].ratio == pytest.approx(1 / 3)
    assert shortlist[fairness.NOT_STATED].too_few and report["shortlist"].adverse
    assert report["proposals"].selected == 1
    women[-1].gender = Gender.UNDISCLOSED  # any profile change makes the next report read the groups again
    db.session.commit()
    shortlist = {row.group: row for row in fairness.posting_report(fellowship)[0].by_gender}
    assert shortlist["woman"].pool == 11 and shortlist["undisclosed"].pool == 1

    login(officer)
    page = client.get(f"/officers/opportunities/{fellowship.id}").get_data(as_text=True)
    assert "Fairness of the shortlist and proposals" in page and "Below four-fifths" in page
    assert "Too few to judge" in page and "Women" in page and "Germany" in page and "0.33" in page
    # The one member who did not state a gender is a group of one: no counts that could tell who it is.
    not_stated = page[page.index("<th scope=\"row\">Not stated"):]
    assert "fewer than 10" in not_stated[:not_stated.index("</tr>")]
    officer.locale = "sq"
    db.session.commit()
    page = client.get(f"/officers/opportunities/{fellowship.id}").get_data(as_text=True)
    assert "Shumë pak për të gjykuar" in page and "0,33" in page


def test_dashboard_card_per_quarter(client, login, make_user, make_member, make_fellowship):
    from datetime import datetime

    from diaspora.reports import fairness_trend
    officer = make_user(Role.OFFICER, locale="en")
    fellowship = make_fellowship()
    registered = datetime(2026, 1, 10)
    women = [make_member(gender=Gender.WOMAN, created_at=registered) for _ in range(20)]
    men = [make_member(gender=Gender.MAN, created_at=registered) for _ in range(20)]
    for profile, day in [(women[0], datetime(2026, 2, 1)), *((m, datetime(2026, 3, 1)) for m in men[:4]),
                         (women[1], datetime(2026, 8, 1)), (men[5], datetime(2026, 8, 2))]:
        db.session.add(MatchDecision(profile_id=profile.id, opportunity_id=fellowship.id, actor_id=officer.id,
                                     action=DecisionAction.PROPOSE, created_at=day))
    db.session.commit()
    first, third = fairness_trend.quarters()
    assert (first.label, first.proposed, third.label, third.proposed) == ("2026 Q1", 5, "2026 Q3", 2)
    assert first.groups["woman"].rate == 0.05 and first.groups["man"].rate == 0.2
    assert first.lowest_ratio == 0.25 and first.adverse and not third.adverse
    assert first.groups[fairness.NOT_STATED].too_few
    login(officer)
    page = client.get("/reports/").get_data(as_text=True)
    assert "Fair shortlists over time" in page and "2026 Q1" in page and "0.25" in page
