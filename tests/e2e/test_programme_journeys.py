"""The programme's two journeys in a real browser, once in English and once in Albanian.

A fellowship: an officer reviews ranked candidates, proposes two and rejects one; the ministry sees
only the two proposed (no notes, no rejection, no contact details), accepts one and declines the
other; the placement runs to completion with a monthly report and a final evaluation, and the
member follows it without ever reading an internal status.

An investment: a member uploads the three documents of the certification rule and applies to be a
Development Agent, an officer accepts the documents and certifies them, the agent's
lead goes to committed, the officer confirms it realised, approves and pays the computed reward,
and the agent and the dashboard show the figures in the reader's locale.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, format_currency, format_date, ngettext

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.investments.models import AgentReward, RewardStatus
from diaspora.programme.models import DecisionAction, MatchDecision, Placement, PlacementStatus
from diaspora.timeutil import today
from tests.documents import make_pdf
from tests.e2e.browsing import flash, log_in, nav, score, stats

LANGUAGES = ["en", "sq"]
REJECT_REASON = "Drafting experience in Albanian law too thin for this posting"
INTERNAL_NOTE = "Internal: asked about a higher stipend on the phone"
ACCEPT_FEEDBACK = "Strong interview; starts with the procurement law chapter."
DECLINE_FEEDBACK = "We chose a candidate with more drafting experience."


def _fellowship_people(make_institution, make_user, make_member, make_fellowship, lang):
    ministry = make_institution(name="Ministry of Justice", name_sq="Ministria e Drejtësisë", acronym="MoJ")
    focal = make_user(Role.MINISTRY, institution=ministry, locale=lang)
    officer = make_user(Role.OFFICER, locale=lang)
    # A one-month period that ended last month: the placement can start, be reported on and be completed today.
    last_month_end = today().replace(day=1) - timedelta(days=1)
    fellowship = make_fellowship(
        ministry, title="Public procurement law approximation expert", acquis_chapters=[5, 23],
        required_skills=["public procurement", "legal drafting"], preferred_skills=["EU law"],
        languages={"sq": "C1", "en": "B2"}, min_years_experience=5, positions=1,
        start_date=last_month_end.replace(day=1), end_date=last_month_end)
    fits = [  # (name, years, skills): all fit; the first three are the ones the officer decides on
        ("Arta Hoxha", 14, ["public procurement", "legal drafting", "EU law", "internal audit"]),
        ("Besnik Çela", 11, ["public procurement", "legal drafting", "EU law"]),
        ("Dritan Muça", 7, ["public procurement", "legal drafting"]),
        ("Elira Shehu", 6, ["public procurement", "EU law"]),
    ]
    members = [make_member(make_user(Role.MEMBER, locale=lang), full_name=name, years_experience=years, skills=skills,
                           acquis_chapters=[5, 23], languages={"sq": "C2", "en": "C1", "it": "B2"})
               for name, years, skills in fits]
    db.session.commit()
    return focal, officer, fellowship, members


def _decide(page, t, lang, action: str, reason: str = "") -> None:
    page.get_by_label(t(lang, "Decision")).select_option(action)
    page.get_by_label(t(lang, "Reason or note")).fill(reason)
    page.get_by_role("button", name=t(lang, "Record")).click()
    flash(page, t(lang, "The decision is recorded."))


def _open_candidate(page, t, lang, fellowship, name: str) -> None:
    page.get_by_role("link", name=fellowship.title).first.click()
    page.get_by_role("link", name=name, exact=True).click()
    page.get_by_role("heading", name=name, level=1).wait_for()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fellowship_from_review_to_completed_placement(live_server, new_page, t, app, outbox, make_institution,
                                                       make_user, make_member, make_fellowship, lang):
    focal, officer, fellowship, members = _fellowship_people(make_institution, make_user, make_member,
                                                             make_fellowship, lang)
    accepted, declined, rejected, untouched = members

    # The officer reviews the ranked candidates of the fellowship.
    desk = log_in(new_page, live_server, t, lang, officer)
    nav(desk, t, lang, "Match review")
    desk.get_by_role("link", name=fellowship.title).click()
    desk.get_by_role("heading", name=fellowship.title, level=1).wait_for()
    rows = desk.locator("table tbody tr")
    assert rows.count() == len(members)
    scores = [score(text) for text in rows.locator("td:nth-child(2)").all_inner_texts()]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0, scores
    for row in rows.all():
        assert row.get_by_text(t(lang, "Eligible"), exact=True).count() == 1
        assert row.locator("td:nth-child(4) li").count() >= 1, "each candidate comes with the engine's reasons"

    # One candidate's full profile, then shortlist, propose and a note only officers read.
    desk.get_by_role("link", name=accepted.full_name, exact=True).click()
    desk.get_by_role("heading", name=accepted.full_name, level=1).wait_for()
    assert desk.get_by_role("heading", name=t(lang, "Match")).count() == 1
    assert accepted.user.email in desk.locator("main").inner_text()
    assert "internal audit" in desk.locator("dl.details").inner_text()
    _decide(desk, t, lang, "shortlist")
    _decide(desk, t, lang, "propose")
    _decide(desk, t, lang, "note", INTERNAL_NOTE)
    assert desk.locator(".page-head .status").inner_text() == t(lang, "Proposed")

    _open_candidate(desk, t, lang, fellowship, declined.full_name)
    _decide(desk, t, lang, "shortlist")
    _decide(desk, t, lang, "propose")
    _open_candidate(desk, t, lang, fellowship, rejected.full_name)
    _decide(desk, t, lang, "reject", REJECT_REASON)
    assert desk.locator(".page-head .status").inner_text() == t(lang, "Rejected")

    # The ministry sees the two proposed candidates and nothing internal.
    ministry = log_in(new_page, live_server, t, lang, focal)
    nav(ministry, t, lang, "Proposed candidates")
    listing = ministry.locator("main").inner_text()
    assert ministry.locator("table tbody tr").count() == 2
    assert accepted.full_name in listing and declined.full_name in listing
    emails = [m.user.email for m in members]
    for hidden in (rejected.full_name, untouched.full_name, REJECT_REASON, INTERNAL_NOTE, *emails):
        assert hidden not in listing, f"the ministry reads {hidden!r}"

    ministry.get_by_role("link", name=accepted.full_name, exact=True).click()
    ministry.get_by_role("heading", name=accepted.full_name, level=1).wait_for()
    page_text = ministry.locator("main").inner_text()
    for hidden in (REJECT_REASON, INTERNAL_NOTE, accepted.user.email, t(lang, "Shortlisted"), "1985"):
        assert hidden not in page_text, f"the ministry reads {hidden!r}"
    ministry.get_by_label(t(lang, "Decision")).select_option("accept")
    ministry.get_by_label(t(lang, "Interview date")).fill("2027-02-10")
    ministry.get_by_label(t(lang, "Outcome and feedback")).fill(ACCEPT_FEEDBACK)
    ministry.get_by_label(t(lang, "Mentor (if accepted)")).fill("Mirela Dervishi")
    ministry.get_by_role("button", name=t(lang, "Send the decision")).click()
    flash(ministry, t(lang, "Your decision is sent. The candidate and the programme officer are informed."))
    assert ministry.locator(".page-head .status").inner_text() == t(lang, "Accepted")
    decided = ministry.locator("main").inner_text()
    assert ACCEPT_FEEDBACK in decided and _day(app, lang, date(2027, 2, 10)) in decided

    nav(ministry, t, lang, "Proposed candidates")
    ministry.get_by_role("link", name=declined.full_name, exact=True).click()
    ministry.get_by_label(t(lang, "Decision")).select_option("decline")
    ministry.get_by_label(t(lang, "Interview date")).fill("2027-02-11")
    ministry.get_by_label(t(lang, "Outcome and feedback")).fill(DECLINE_FEEDBACK)
    ministry.get_by_role("button", name=t(lang, "Send the decision")).click()
    flash(ministry, t(lang, "Your decision is sent. The candidate and the programme officer are informed."))
    assert ministry.locator(".page-head .status").inner_text() == t(lang, "Declined")

    # The accepted member sees the planned placement in member words only.
    member = log_in(new_page, live_server, t, lang, accepted.user)
    nav(member, t, lang, "My opportunities")
    mine = member.locator("main").inner_text()
    assert fellowship.title in mine and t(lang, "Planned") in mine and t(lang, "Accepted") in mine
    _assert_nothing_internal(mine, t, lang)

    # The officer runs the placement: start, a monthly report with a chapter deliverable, complete, evaluate.
    nav(desk, t, lang, "Placements")
    desk.get_by_role("link", name=accepted.full_name, exact=True).click()
    desk.get_by_label(t(lang, "Step")).select_option("start")
    desk.get_by_role("button", name=t(lang, "Apply")).click()
    flash(desk, t(lang, "The placement is updated."))
    desk.get_by_label(t(lang, "Month (any day of it)")).fill(fellowship.start_date.isoformat())
    desk.get_by_label(t(lang, "What was done")).fill("Gap analysis of the procurement law against Directive 2014/24.")
    desk.locator("#deliverables-0-text").fill("Table of concordance, procurement law")
    desk.locator("#deliverables-0-chapter").select_option("5")
    desk.get_by_role("button", name=t(lang, "Save the report")).click()
    flash(desk, t(lang, "The report is saved."))
    desk.get_by_label(t(lang, "Step")).select_option("complete")
    desk.get_by_label(t(lang, "I confirm: completing or ending a placement cannot be undone.")).check()
    desk.get_by_role("button", name=t(lang, "Apply")).click()
    flash(desk, t(lang, "The placement is updated."))
    desk.get_by_label(t(lang, "Rating"), exact=True).select_option("5")
    # By its label: the evaluation form is prefixed, so its textarea no longer shares id="text" with the report's.
    desk.get_by_label(t(lang, "Final evaluation")).fill("Delivered the concordance table ahead of time.")
    desk.get_by_role("button", name=t(lang, "Save the evaluation")).click()
    flash(desk, t(lang, "The final evaluation is saved."))

    # The member sees it completed, with the report, and was told at each step.
    member.reload()
    placements = member.locator("section", has=member.get_by_role("heading", name=t(lang, "My placements")))
    placements.get_by_role("link", name=fellowship.title).click()
    body = member.locator("main").inner_text()
    assert t(lang, "Completed") in body and "Table of concordance, procurement law" in body and "5/5" in body
    _assert_nothing_internal(body, t, lang)
    nav(member, t, lang, "Notifications")
    notes = member.locator("ul.notifications").inner_text()
    # The institution by its name in the reader's language (Ministria e Drejtësisë in Albanian).
    institution = fellowship.institution.name_sq if lang == "sq" else fellowship.institution.name
    params = {"title": fellowship.title, "institution": institution}
    for message in ("You were proposed to %(institution)s for “%(title)s”.",
                    "Good news: %(institution)s accepted you for “%(title)s”.",
                    "Your placement “%(title)s” at %(institution)s has started.",
                    "Your placement “%(title)s” at %(institution)s has ended."):
        assert t(lang, message, **params) in notes, message
    _assert_nothing_internal(notes, t, lang)
    assert any(accepted.user.email in str(message["To"]) for message in outbox())

    db.session.rollback()
    placement = db.session.scalar(sa.select(Placement).where(Placement.opportunity_id == fellowship.id))
    assert placement.profile_id == accepted.id and placement.status is PlacementStatus.COMPLETED
    assert placement.reports[0].deliverables == [{"chapter": 5, "text": "Table of concordance, procurement law"}]
    trail = list(db.session.scalars(sa.select(MatchDecision.action).where(
        MatchDecision.opportunity_id == fellowship.id).order_by(MatchDecision.id)))
    assert trail.count(DecisionAction.PROPOSE) == 2 and DecisionAction.REJECT in trail


def _assert_nothing_internal(text: str, t, lang: str) -> None:
    for word in (t(lang, "Rejected"), t(lang, "Shortlisted"), REJECT_REASON, INTERNAL_NOTE):
        assert word not in text, f"a member reads {word!r}"
    assert not re.search(r"rejected by (an |the )?officer", text, re.IGNORECASE)


def _money(app, lang: str, amount) -> str:
    with app.test_request_context(), force_locale(lang):
        return format_currency(amount, "EUR")


def _day(app, lang: str, value: date) -> str:
    with app.test_request_context(), force_locale(lang):
        return format_date(value, format="long")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_agent_lead_from_certification_to_paid_reward(live_server, new_page, t, app, make_user, make_member, lang):
    officer, cashier = make_user(Role.OFFICER, locale=lang), make_user(Role.OFFICER, locale=lang)
    agent = make_member(make_user(Role.MEMBER, locale=lang), full_name="Gentian Leka", is_expert=False,
                        is_agent=True, country="IT", city="Bari", date_of_birth=date(1979, 6, 3), years_abroad=17,
                        network_countries=["IT", "DE"], investment_sectors=["olive_oil_wine"])
    db.session.commit()
    company = "Uliri i Vlorës sh.p.k."

    # The member uploads the three documents the rule needs and applies; the officer sees the application with
    # the days left, accepts each document and certifies.
    field = log_in(new_page, live_server, t, lang, agent.user)
    nav(field, t, lang, "Development Agent")
    for title in ("Proof of identity and age", "Proof of five or more years abroad",
                  "Secondary-school diploma or higher"):
        box = field.locator(".document", has=field.get_by_role("heading", name=t(lang, title)))
        box.get_by_label(t(lang, "File (PDF, JPEG or PNG, up to 5 MB)")).set_input_files(
            files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": make_pdf([title])}])
        box.get_by_role("button", name=t(lang, "Upload")).click()
        flash(field, t(lang, "The document is saved. An officer reviews it with your application."))
    field.get_by_role("button", name=t(lang, "Apply to be certified")).click()
    flash(field, t(lang, "Your application is received. An officer reviews your documents within 10 days."))

    desk = log_in(new_page, live_server, t, lang, officer)
    nav(desk, t, lang, "Investments")
    desk.get_by_role("link", name=t(lang, "Agent applications")).click()
    card = desk.locator("section.card", has=desk.get_by_role("heading", name=agent.full_name))
    with app.test_request_context(), force_locale(lang):
        days_left = ngettext("%(num)d day left", "%(num)d days left", 10)
    assert days_left in card.inner_text()
    for _document in range(3):
        card.get_by_role("button", name=t(lang, "Record the review")).first.click()
        flash(desk, t(lang, "The review is recorded."))
    card.get_by_label(t(lang, "I confirm that every rule is met and every document is accepted.")).check()
    card.get_by_role("button", name=t(lang, "Certify")).click()
    flash(desk, t(lang, "The agent is certified and has been told."))

    # The certified agent registers a lead and takes it up to committed.
    field.reload()
    field.get_by_role("link", name=t(lang, "Register an investment lead")).click()
    field.get_by_label(t(lang, "Company")).fill(company)
    field.get_by_label(t(lang, "Country the investor comes from")).select_option("IT")
    field.get_by_label(t(lang, "Sector")).select_option("olive_oil_wine")
    field.get_by_label(t(lang, "Municipality in Albania")).select_option("Vlorë")
    field.get_by_label(t(lang, "Expected investment (EUR)")).fill("80000")
    field.get_by_label(t(lang, "Expected jobs in Albania")).fill("5")
    field.get_by_role("button", name=t(lang, "Register the lead")).click()
    flash(field, t(lang, "The lead is registered: your claim on this company is time-stamped."))
    assert _money(app, lang, 80000) in field.locator("dl.details").inner_text()
    for stage, label in (("contacted", "Contacted"), ("negotiation", "Negotiation"), ("committed", "Committed")):
        field.get_by_label(t(lang, "New stage")).select_option(stage)
        field.get_by_role("button", name=t(lang, "Move the lead")).click()
        flash(field, t(lang, "The lead moved to: %(stage)s.", stage=t(lang, label)))
    assert field.locator("#stage option[value=realised]").count() == 0, "only an officer confirms a realised lead"
    assert field.locator("table tbody tr").count() == 4  # registered + three moves, each time-stamped

    # The officer confirms it realised; the reward is computed (1.5 % of 60,000 + 3 jobs × 200) and approved.
    nav(desk, t, lang, "Investments")
    desk.get_by_role("link", name=company).click()
    desk.get_by_label(t(lang, "New stage")).select_option("realised")
    desk.get_by_label(t(lang, "Amount invested (EUR), when realised")).fill("60000")
    desk.get_by_label(t(lang, "Albanian jobs created, when realised")).fill("3")
    desk.get_by_role("button", name=t(lang, "Move the lead")).click()
    flash(desk, t(lang, "The lead moved to: %(stage)s.", stage=t(lang, "Realised")))
    reward = "1\u00a0500,00\u00a0€" if lang == "sq" else "€1,500.00"
    assert reward == _money(app, lang, 1500)
    assert f"{reward} ({t(lang, 'Computed')})" in desk.locator("dl.details").inner_text()
    desk.get_by_role("link", name=t(lang, "Reward ledger")).click()
    approval = desk.locator("tr", has_text=company)
    approval.get_by_label(t(lang, "I confirm %(amount)s", amount=reward)).check()
    approval.get_by_role("button", name=t(lang, "Approve")).click()
    flash(desk, t(lang, "The reward is approved and the agent has been told."))

    # The agent sees the approved reward, formatted for their language, and was told.
    nav(field, t, lang, "Development Agent")
    field.get_by_role("link", name=t(lang, "My rewards")).click()
    row = field.locator("tr", has_text=company)
    assert row.locator("strong").text_content() == reward
    assert row.locator("td").last.inner_text() == t(lang, "Approved")
    nav(field, t, lang, "Notifications")
    assert t(lang, "Your reward of %(amount)s for “%(company)s” was approved.", amount=reward, company=company) \
        in field.locator("ul.notifications").text_content()

    # Paid by a second officer (four eyes); the officers' dashboard shows the investment, the jobs, the reward
    # and the charts.
    assert t(lang, "You approved it: another officer pays it.") in desk.locator("tr", has_text=company).inner_text()
    desk = log_in(new_page, live_server, t, lang, cashier)
    nav(desk, t, lang, "Investments")
    desk.get_by_role("link", name=t(lang, "Reward ledger")).click()
    payment = desk.locator("tr", has_text=company)
    payment.get_by_label(t(lang, "I confirm %(amount)s", amount=reward)).check()
    payment.get_by_role("button", name=t(lang, "Mark as paid")).click()
    flash(desk, t(lang, "The reward is marked as paid."))
    nav(desk, t, lang, "Reports")
    figures = stats(desk)
    assert figures[t(lang, "Invested (realised leads)")] == _money(app, lang, 60000)
    assert figures[t(lang, "Albanian jobs created")] == "3"
    assert figures[t(lang, "Rewards paid")] == reward
    assert figures[t(lang, "Rewards computed")] == reward
    assert figures[t(lang, "Agents certified")] == "1"
    stages_title = desk.get_by_role("heading", name=t(lang, "Investment leads by stage"))
    stage_chart = desk.locator("figure.chart", has=stages_title)
    assert stage_chart.locator("svg.bar-chart rect.bar").count() >= 1
    assert desk.locator("svg.bar-chart").count() >= 4
    pipeline = desk.get_by_role("table", name=t(lang, "Investment pipeline")).inner_text()
    assert _money(app, lang, 60000) in pipeline and _money(app, lang, 80000) in pipeline

    db.session.rollback()
    paid = db.session.scalar(sa.select(AgentReward))
    assert paid.status is RewardStatus.PAID and paid.amount_eur == 1500
