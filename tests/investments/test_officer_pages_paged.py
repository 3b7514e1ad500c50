"""The officers' pipeline and ledger come a page at a time: filters kept, totals for the whole list."""
import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from flask_babel import force_locale, format_currency
from sqlalchemy import func, select

from diaspora.extensions import db
from diaspora.investments.models import AgentReward, ClaimStatus, InvestmentLead, LeadStage, RewardStatus
from diaspora.investments.officer_views import PER_PAGE
from diaspora.timeutil import utcnow
from tests.investments.helpers import lead_values, make_agent

START = utcnow() - timedelta(days=30)


def _leads(count: int, stage: LeadStage, first: int = 0) -> list[InvestmentLead]:
    """`count` leads named "Firm NNN Ltd", each registered a minute after the one before."""
    agent = make_agent()
    rows = []
    for n in range(first, first + count):
        name = f"Firm {n:03d} Ltd"
        rows.append(InvestmentLead(agent_id=agent.id, company_key=name.lower(), claim=ClaimStatus.HOLDER,
                                   stage=stage, registered_at=START + timedelta(minutes=n),
                                   **lead_values(company=name)))
    db.session.add_all(rows)
    db.session.flush()
    return rows


def _rewards(statuses: list[RewardStatus]) -> list[AgentReward]:
    """One realised lead and its reward per status, newest last, with amounts that add up unevenly."""
    rewards = []
    for n, (lead, status) in enumerate(zip(_leads(len(statuses), LeadStage.REALISED), statuses)):
        amount = Decimal(f"{1000 + 37 * n}.{(n * 13) % 100:02d}")
        rewards.append(AgentReward(lead_id=lead.id, agent_id=lead.agent_id, amount_invested_eur=Decimal("100000"),
                                   jobs_created=n, share_percent=Decimal("1"), per_job_eur=Decimal("0"),
                                   cap_eur=None, share_eur=amount, jobs_eur=Decimal("0"), amount_eur=amount,
                                   status=status, computed_at=START + timedelta(minutes=n)))
    db.session.add_all(rewards)
    db.session.flush()
    return rewards


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def _firms(page: str) -> set[str]:
    return set(re.findall(r"Firm \d{3} Ltd", page))


def _links(page: str) -> dict[str, str]:
    """The pagination's links by their text ("Previous", "Next")."""
    nav = re.search(r'<nav class="pagination".*?</nav>', page, re.S)
    assert nav, "no page links"
    return {text: html.unescape(href) for href, text in re.findall(r'<a href="([^"]+)">(\w+)</a>', nav.group(0))}


def _money(app, amount: Decimal) -> str:
    with app.test_request_context(), force_locale("en"):
        return format_currency(amount, "EUR")


def _sum(status: RewardStatus | None = None) -> Decimal:
    query = select(func.coalesce(func.sum(AgentReward.amount_eur), 0))
    if status is not None:
        query = query.where(AgentReward.status == status)
    return Decimal(str(db.session.scalar(query))).quantize(Decimal("0.01"))


def test_the_pipeline_is_paged_and_keeps_its_stage_filter(client, login, officer):
    contacted = _leads(PER_PAGE + 7, LeadStage.CONTACTED)
    registered = _leads(3, LeadStage.REGISTERED, first=PER_PAGE + 7)
    newest_first = [lead.company for lead in reversed(contacted)]
    login(officer)

    first = _page(client, "/investments/pipeline?stage=contacted")
    assert _firms(first) == set(newest_first[:PER_PAGE])
    assert "Page 1 of 2" in first and _links(first) == {"Next": "/investments/pipeline?stage=contacted&page=2"}

    second = _page(client, "/investments/pipeline?stage=contacted&page=2")
    assert _firms(second) == set(newest_first[PER_PAGE:])
    assert "Page 2 of 2" in second
    assert _links(second) == {"Previous": "/investments/pipeline?stage=contacted&page=1"}
    assert not _firms(first + second) & {lead.company for lead in registered}

    everything = _page(client, "/investments/pipeline")
    assert "Page 1 of 2" in everything and len(_firms(everything)) == PER_PAGE
    assert {lead.company for lead in registered} <= _firms(everything)


@pytest.mark.parametrize("page", ["999", str(10 ** 30)])
def test_a_page_past_the_end_shows_the_last_page(client, login, officer, page):
    leads = _leads(PER_PAGE + 2, LeadStage.CONTACTED)
    login(officer)
    last = _page(client, f"/investments/pipeline?stage=contacted&page={page}")
    assert _firms(last) == {lead.company for lead in leads[:2]} and "Page 2 of 2" in last


@pytest.mark.parametrize("page", ["abc", "0", "-4", "1.5", ""])
def test_a_page_that_is_not_a_positive_number_shows_the_first_page(client, login, officer, page):
    rewards = _rewards([RewardStatus.COMPUTED] * (PER_PAGE + 2))
    login(officer)
    for path in ("/investments/pipeline", "/investments/ledger"):
        first = _page(client, f"{path}?page={page}")
        assert "Page 1 of 2" in first
        assert _firms(first) == {r.lead.company for r in rewards[2:]}


def test_empty_lists_answer_on_any_page(client, login, officer):
    login(officer)
    for path in ("/investments/pipeline", "/investments/ledger"):
        for page in ("1", "2", "999", "abc"):
            assert "Page " not in _page(client, f"{path}?page={page}")


def test_the_ledger_is_paged_with_totals_for_the_whole_list(app, client, login, officer):
    statuses = [RewardStatus.COMPUTED] * (PER_PAGE + 5) + [RewardStatus.APPROVED] * 4 + [RewardStatus.PAID] * 3
    rewards = _rewards(statuses)
    computed = [r for r in reversed(rewards) if r.status is RewardStatus.COMPUTED]
    login(officer)

    everything_total = _money(app, _sum())
    per_status = [_money(app, _sum(status)) for status in RewardStatus]
    pages = {}
    for number in (1, 2, 999):
        page = _page(client, f"/investments/ledger?page={number}")
        assert everything_total in page and "Total of all pages" in page
        assert all(total in page for total in per_status)
        pages[number] = page
    assert len(_firms(pages[1])) == PER_PAGE and _firms(pages[2]) == {r.lead.company for r in rewards[:12]}
    assert _firms(pages[999]) == _firms(pages[2]) and "Page 2 of 2" in pages[999]  # clamped to the last page
    assert _links(pages[1]) == {"Next": "/investments/ledger?page=2"}

    computed_total = _money(app, _sum(RewardStatus.COMPUTED))
    first = _page(client, "/investments/ledger?status=computed")
    second = _page(client, "/investments/ledger?status=computed&page=2")
    assert _firms(first) == {r.lead.company for r in computed[:PER_PAGE]}
    assert _firms(second) == {r.lead.company for r in computed[PER_PAGE:]}
    assert _links(first) == {"Next": "/investments/ledger?status=computed&page=2"}
    assert _links(second) == {"Previous": "/investments/ledger?status=computed&page=1"}
    for page in (first, second):
        assert f"<strong>{computed_total}</strong></td><td colspan=\"2\">" in page

    # A single page of a filter still says "Total shown", and its total is that filter's sum.
    paid = _page(client, "/investments/ledger?status=paid")
    assert "Total shown" in paid and "Page " not in paid
    assert f"<strong>{_money(app, _sum(RewardStatus.PAID))}</strong></td><td colspan=\"2\">" in paid


def test_an_action_on_a_later_page_comes_back_to_that_page_and_filter(client, login, officer):
    rewards = _rewards([RewardStatus.COMPUTED] * (PER_PAGE + 3))
    oldest = rewards[0]
    login(officer)
    page = _page(client, "/investments/ledger?status=computed&page=2")
    action = f"/investments/rewards/{oldest.id}/approve?status=computed&amp;page=2"
    assert action in page
    response = client.post(html.unescape(action), data={"version": oldest.version, "confirm": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/investments/ledger?status=computed&page=2")
    db.session.refresh(oldest)
    assert oldest.status is RewardStatus.APPROVED
