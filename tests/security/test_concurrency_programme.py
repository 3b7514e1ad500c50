"""Concurrency on placements, leads and rewards (issue 6 item 7).

8 writers on one row, each in its own thread and app context, all reading the same version and
writing at once: exactly one write lands, every other writer is told (Conflict), nothing is
silently overwritten. Unique constraints keep a double placement and a double reward out even
for concurrent HTTP requests. Report totals equal the sums of the committed rows.
"""
from __future__ import annotations

import csv
import io
import threading
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from diaspora.audit import AuditEvent
from diaspora.auth.models import User
from diaspora.errors import Conflict, InvalidInput
from diaspora.extensions import db
from diaspora.investments import leads, ledger
from diaspora.investments.models import AgentReward, InvestmentLead, LeadStage, LeadStageChange, RewardStatus
from diaspora.programme import decisions, placements
from diaspora.programme.models import DecisionAction, Placement, PlacementStatus
from diaspora.reports.queries import Period, build_report
from diaspora.formatting import money
from tests import factories
from tests.factories import PASSWORD
from tests.security.test_row_visibility import session_client
from tests.security.world import AGENT

WRITERS = 8


def race(app, work) -> list:
    """Run work(number, barrier) in WRITERS threads, each with its own app context; returns the outcomes."""
    barrier = threading.Barrier(WRITERS)
    outcomes: list = [None] * WRITERS

    def run(number: int) -> None:
        with app.app_context():
            try:
                outcomes[number] = work(number, barrier)
                db.session.commit()
            except (Conflict, InvalidInput, IntegrityError) as error:
                db.session.rollback()
                outcomes[number] = error
            except Exception as error:  # surfaced by the assertions below
                db.session.rollback()
                outcomes[number] = RuntimeError(repr(error))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not [o for o in outcomes if isinstance(o, RuntimeError)], outcomes
    db.session.expire_all()
    return outcomes


def winners(outcomes) -> list:
    return [o for o in outcomes if not isinstance(o, Exception)]


def test_eight_stage_moves_of_one_lead_lose_nothing(app, world):
    users, w = world
    officer_id = users["O"].id
    targets = [LeadStage.CONTACTED, LeadStage.SITE_VISIT, LeadStage.NEGOTIATION, LeadStage.COMMITTED, LeadStage.LOST]

    def move(number, barrier):
        officer = db.session.get(User, officer_id)
        version = leads.get_lead_for(officer, w.lead).version
        barrier.wait(timeout=10)  # everyone read the same version; now all write at once
        return leads.move(officer, w.lead, targets[number % len(targets)], note=f"writer {number}",
                          expected_version=version).note

    outcomes = race(app, move)
    won = winners(outcomes)
    assert len(won) == 1 and all(isinstance(o, Conflict) for o in outcomes if o not in won), outcomes
    lead = db.session.get(InvestmentLead, w.lead)
    history = list(db.session.scalars(sa.select(LeadStageChange).where(LeadStageChange.lead_id == w.lead)
                                      .order_by(LeadStageChange.id)))
    assert [h.note for h in history[1:]] == won, "the stored history is exactly the accepted write"
    assert lead.stage is history[-1].to_stage and lead.version == 2
    print(f"lead: {WRITERS} concurrent writers, 1 accepted, {WRITERS - 1} conflicts, 0 updates lost")


def test_eight_status_changes_of_one_placement_lose_nothing(app, world):
    users, w = world
    officer_id = users["O"].id

    def change(number, barrier):
        officer = db.session.get(User, officer_id)
        version = placements.get_placement_for(officer, w.placement).version
        barrier.wait(timeout=10)
        step, reason = ("start", "") if number % 2 else ("end_early", f"reason {number}")
        return placements.change_status(officer, w.placement, step, reason, expected_version=version).status

    outcomes = race(app, change)
    won = winners(outcomes)
    assert len(won) == 1 and sum(isinstance(o, Conflict) for o in outcomes) == WRITERS - 1, outcomes
    placement = db.session.get(Placement, w.placement)
    assert placement.status is won[0] and placement.version == 2
    print(f"placement: {WRITERS} concurrent writers, 1 accepted, {WRITERS - 1} conflicts, 0 updates lost")


def test_eight_officers_approving_one_reward_approve_it_once(app, world):
    users, w = world
    officers = [users["O"].id] + [factories.make_user(users["O"].role).id for _ in range(WRITERS - 1)]
    db.session.commit()

    def approve(number, barrier):
        officer = db.session.get(User, officers[number])
        version = db.session.get(AgentReward, w.reward).version
        barrier.wait(timeout=10)
        return ledger.approve(officer, w.reward, expected_version=version).approved_by_id

    outcomes = race(app, approve)
    won = winners(outcomes)
    assert len(won) == 1 and sum(isinstance(o, Conflict) for o in outcomes) == WRITERS - 1, outcomes
    reward = db.session.get(AgentReward, w.reward)
    assert reward.status is RewardStatus.APPROVED and reward.approved_by_id == won[0] and reward.version == 2
    audits = db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "reward_approved",
                                                                AuditEvent.object_id == str(w.reward)))
    assert audits == 1


def _committed_lead(agent) -> int:
    lead = leads.register(agent, {"company": "Race Realised sh.p.k.", "origin_country": "DE", "sector": "ict_outsourcing",
                                  "municipality": "Durrës", "expected_amount_eur": Decimal("900000"),
                                  "expected_jobs": 40}).lead
    leads.move(agent, lead.id, LeadStage.COMMITTED)
    db.session.commit()
    return lead.id


def test_concurrent_realisations_make_one_reward(app, world):
    users, _w = world
    lead_id = _committed_lead(users["M"])
    officer_id = users["O"].id

    def realise(number, barrier):
        officer = db.session.get(User, officer_id)
        version = leads.get_lead_for(officer, lead_id).version
        barrier.wait(timeout=10)
        leads.move(officer, lead_id, LeadStage.REALISED, expected_version=version,
                   amount_invested=Decimal(100_000 + number), jobs_created=10 + number)
        return number

    outcomes = race(app, realise)
    assert len(winners(outcomes)) == 1, outcomes
    rewards = list(db.session.scalars(sa.select(AgentReward).where(AgentReward.lead_id == lead_id)))
    assert len(rewards) == 1 and rewards[0].jobs_created == 10 + winners(outcomes)[0]
    # And the database itself refuses a second reward row for the lead, whatever the code path.
    duplicate = AgentReward(lead_id=lead_id, agent_id=users["M"].id, amount_invested_eur=1, jobs_created=1,
                            share_percent=1, per_job_eur=1, share_eur=1, jobs_eur=1, amount_eur=2)
    db.session.add(duplicate)
    try:
        db.session.flush()
        raise AssertionError("a second reward for one lead was stored")
    except IntegrityError:
        db.session.rollback()


def _accept_concurrently(app, focal, pairs: list[tuple[int, int]]) -> list[int]:
    """One logged-in client per thread posts a ministry acceptance for its (fellowship, profile) pair."""
    clients = []
    for _pair in pairs:
        client = app.test_client()
        assert client.post("/auth/login", data={"email": focal.email, "password": PASSWORD}).status_code == 302
        clients.append(client)
    barrier = threading.Barrier(len(pairs))
    statuses: list = [None] * len(pairs)

    def post(number: int) -> None:
        fellowship, profile = pairs[number]
        barrier.wait(timeout=10)
        statuses[number] = clients[number].post(
            f"/ministries/candidates/{fellowship}/{profile}/decide",
            data={"outcome": "accept", "feedback": f"accepted by writer {number}"}).status_code

    threads = [threading.Thread(target=post, args=(n,)) for n in range(len(pairs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.expire_all()
    return statuses


def test_a_double_placement_is_impossible_under_concurrent_requests(app, world):
    users, w = world
    statuses = _accept_concurrently(app, users["F"], [(w.fellowship, w.member_profile)] * WRITERS)
    assert sorted(statuses) == [302] + [409] * (WRITERS - 1), statuses
    count = db.session.scalar(sa.select(sa.func.count()).where(Placement.profile_id == w.member_profile,
                                                               Placement.opportunity_id == w.fellowship))
    assert count == 1


def test_the_last_position_goes_to_one_candidate_only(app, world):
    users, w = world
    officer = users["O"]
    fellowship = factories.make_fellowship(institution=users["F"].institution, positions=1)
    candidates = [factories.make_member(**AGENT) for _ in range(WRITERS)]
    for candidate in candidates:
        decisions.decide(officer, candidate.id, fellowship.id, DecisionAction.PROPOSE)
    db.session.commit()
    statuses = _accept_concurrently(app, users["F"], [(fellowship.id, c.id) for c in candidates])
    assert 500 not in statuses and statuses.count(302) == 1, statuses
    placed = list(db.session.scalars(sa.select(Placement).where(Placement.opportunity_id == fellowship.id)))
    assert len(placed) == 1 and placed[0].slot == 1 and placed[0].status is PlacementStatus.PLANNED


def test_stale_stage_move_answers_409_with_the_note_kept(app, world):
    users, w = world
    client = session_client(app, users["M"])
    stale = db.session.get(InvestmentLead, w.lead).version
    leads.move(users["M"], w.lead, LeadStage.CONTACTED)  # someone else moved it meanwhile
    db.session.commit()
    response = client.post(f"/investments/leads/{w.lead}/stage",
                           data={"stage": "site_visit", "note": "Visited the Durrës site", "version": str(stale)})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Visited the Durrës site" in page
    assert f'value="{stale + 1}"' in page  # resubmitting now applies to the current version
    assert db.session.get(InvestmentLead, w.lead).stage is LeadStage.CONTACTED


def test_report_totals_equal_the_committed_rows(app, world):
    users, _w = world
    sums = db.session.execute(sa.text(
        "SELECT COALESCE(SUM(amount_invested_eur), 0), COALESCE(SUM(jobs_created), 0), COUNT(*) "
        "FROM investment_leads WHERE claim <> 'REJECTED'")).one()
    rewards = db.session.execute(sa.text("SELECT COALESCE(SUM(amount_eur), 0) FROM agent_rewards")).scalar()
    invested, jobs = Decimal(str(sums[0])).quantize(Decimal("0.01")), int(sums[1])
    assert invested > 0 and jobs > 0
    report = build_report(Period())
    assert report.invested_eur == invested and report.jobs_created == jobs
    assert sum(s.leads for s in report.stages) == sums[2]
    assert sum(report.rewards_by_status.values()) == Decimal(str(rewards)).quantize(Decimal("0.01"))
    assert sum(ledger.totals().values()) == sum(report.rewards_by_status.values())
    client = session_client(app, users["O"])
    page = client.get("/reports/").get_data(as_text=True)
    with force_locale("en"):  # the client reads English
        assert money(invested) in page and money(sum(report.rewards_by_status.values())) in page
    exported = list(csv.DictReader(io.StringIO(client.get("/reports/export/investments.csv").get_data(as_text=True)
                                               .lstrip("\ufeff"))))
    counted = [row for row in exported if row["Claim"] != "rejected"]
    assert sum(Decimal(row["Invested EUR"] or 0) for row in counted) == invested
    assert sum(int(row["Jobs created"] or 0) for row in counted) == jobs
