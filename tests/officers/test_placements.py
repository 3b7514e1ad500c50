"""Placements: no overlapping full-time fellowships for one person, never more placements than positions."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from flask_babel import force_locale, format_date

from diaspora.errors import Conflict, InvalidInput
from diaspora.programme import placements
from diaspora.demo.workflow import seed_demo_workflow
from diaspora.programme.models import Placement, PlacementStatus
from diaspora.timeutil import today


def test_double_placement_in_overlapping_fellowships_is_refused(db, world, make_fellowship):
    w = world
    placements.create_placement(w.focal, w.arta, w.fellowship)
    overlapping = make_fellowship(institution=w.home, start_date=date(2027, 6, 1), end_date=date(2028, 5, 31))
    with pytest.raises(Conflict):
        placements.create_placement(w.focal, w.arta, overlapping)
    later = make_fellowship(institution=w.home, start_date=date(2028, 1, 1), end_date=date(2028, 6, 30))
    assert placements.create_placement(w.focal, w.arta, later).slot == 1


def test_capacity_is_refused_beyond_positions(db, world, make_fellowship):
    w = world
    two = make_fellowship(institution=w.home, positions=2)
    placements.create_placement(w.focal, w.arta, two)
    placements.create_placement(w.focal, w.besa, two)
    with pytest.raises(Conflict):
        placements.create_placement(w.focal, w.cole, two)
    assert db.session.scalar(sa.select(sa.func.count()).where(Placement.opportunity_id == two.id)) == 2


def test_database_refuses_a_second_placement_in_the_same_slot(db, world):
    # What a lost race for the last position meets: the unique (opportunity, slot) constraint.
    w = world
    placements.create_placement(w.focal, w.arta, w.fellowship)
    db.session.commit()
    db.session.add(Placement(profile_id=w.besa.id, opportunity_id=w.fellowship.id, institution_id=w.home.id,
                             slot=1, start_date=date(2027, 3, 1), end_date=date(2027, 12, 31)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def _last_two_months() -> tuple[date, date]:
    """A placement period that ended yesterday at the latest: the first of the month before last to the end
    of last month."""
    last_month_end = today().replace(day=1) - timedelta(days=1)
    return (last_month_end.replace(day=1) - timedelta(days=1)).replace(day=1), last_month_end


def test_lifecycle_reports_and_evaluation(client, login, world, db, outbox):
    w = world
    start, end = _last_two_months()
    placement = placements.create_placement(w.focal, w.arta, w.fellowship, mentor_name="Drita Leka",
                                            start=start, end=end)
    db.session.commit()
    login(w.officer)
    url = f"/officers/placements/{placement.id}"
    assert client.post(f"{url}/status", data={"step": "complete", "confirm": "y"}).status_code == 409
    assert client.post(f"{url}/status", data={"step": "start"}).status_code == 302
    assert "started" in outbox()[-1].get_content()
    report = {"month": (start + timedelta(days=14)).isoformat(), "text": "Drafted the procurement law gap analysis.",
              "deliverables-0-chapter": "5", "deliverables-0-text": "Gap analysis"}
    assert client.post(f"{url}/report", data=report).status_code == 302
    assert client.post(f"{url}/report", data=report).status_code == 422  # one report per month
    wrong_chapter = dict(report, month=end.isoformat(), **{"deliverables-0-chapter": "32"})
    assert client.post(f"{url}/report", data=wrong_chapter).status_code == 422
    evaluation = {"evaluation-rating": "5", "evaluation-text": "Excellent"}
    assert client.post(f"{url}/evaluation", data=evaluation).status_code == 422
    unreported = client.post(f"{url}/status", data={"step": "complete", "confirm": "y"})
    assert unreported.status_code == 409  # a month is not reported
    assert client.post(f"{url}/report", data=dict(report, month=end.isoformat())).status_code == 302
    unconfirmed = client.post(f"{url}/status", data={"step": "complete"})
    assert unconfirmed.status_code == 422 and "Tick the box to confirm" in unconfirmed.get_data(as_text=True)
    assert client.post(f"{url}/status", data={"step": "complete", "confirm": "y"}).status_code == 302
    assert client.post(f"{url}/evaluation", data=evaluation).status_code == 302
    db.session.expire_all()
    placement = db.session.get(Placement, placement.id)
    assert placement.status is PlacementStatus.COMPLETED and placement.evaluation.rating == 5
    assert [r.deliverables for r in placement.reports] == [[{"chapter": 5, "text": "Gap analysis"}]] * 2
    assert "Gap analysis" in client.get(url).get_data(as_text=True)


def test_member_reports_on_own_placement_only(client, login, world, db):
    w = world
    start, end = _last_two_months()
    placement = placements.create_placement(w.focal, w.arta, w.fellowship, start=start, end=end)
    placements.change_status(w.officer, placement.id, "start")
    db.session.commit()
    login(w.besa.user)
    assert client.get(f"/members/placements/{placement.id}").status_code == 404
    client.post("/auth/logout")
    login(w.arta.user)
    assert client.get(f"/members/placements/{placement.id}").status_code == 200
    response = client.post(f"/members/placements/{placement.id}", data={"month": start.isoformat(), "text": "Started."})
    assert response.status_code == 302


def test_ending_early_needs_a_reason(db, world):
    w = world
    placement = placements.create_placement(w.focal, w.arta, w.fellowship)
    with pytest.raises(InvalidInput):
        placements.change_status(w.officer, placement.id, "end_early")
    placements.change_status(w.officer, placement.id, "end_early", reason="Family reasons")
    assert placement.status is PlacementStatus.ENDED_EARLY



def test_seed_demo_workflow_builds_decisions_and_a_placement_once(db, world):
    lines = seed_demo_workflow()
    assert "1 accepted and placed" in lines[0]
    placement = db.session.scalar(sa.select(Placement))
    assert placement.status is PlacementStatus.ACTIVE and len(placement.reports) == 1
    assert seed_demo_workflow() == ["demo workflow already present"]


def test_a_placement_starts_on_its_first_day_at_the_earliest(client, login, world, db):
    w = world
    start = today() + timedelta(days=3)
    placement = placements.create_placement(w.focal, w.arta, w.fellowship, start=start, end=start + timedelta(days=90))
    db.session.commit()
    with pytest.raises(Conflict, match="starts on"), force_locale("en"):
        placements.change_status(w.officer, placement.id, "start")
    db.session.rollback()
    login(w.officer)
    response = client.post(f"/officers/placements/{placement.id}/status", data={"step": "start"})
    assert response.status_code == 409 and "starts on" in response.get_data(as_text=True)
    assert db.session.get(Placement, placement.id).status is PlacementStatus.PLANNED


def test_completion_waits_for_the_last_day_and_every_monthly_report(db, world):
    w = world
    start = (today().replace(day=1) - timedelta(days=1)).replace(day=1)  # the first of last month
    placement = placements.create_placement(w.focal, w.arta, w.fellowship, start=start,
                                            end=today() + timedelta(days=1))
    placements.change_status(w.officer, placement.id, "start")
    with pytest.raises(Conflict, match="ends on"), force_locale("en"):
        placements.change_status(w.officer, placement.id, "complete")
    placement.end_date = today()
    placements.add_report(w.arta.user, placement.id, start, "First month.", [])
    with pytest.raises(Conflict, match="reports are missing") as refused, force_locale("en"):
        placements.change_status(w.officer, placement.id, "complete")
    with force_locale("en"):
        assert refused.value.message.endswith(f"missing for {format_date(today(), 'MMMM y')}: the placement is "
                                              "completed once every month is reported.")
    placements.add_report(w.arta.user, placement.id, today(), "Second month.", [])
    assert placements.change_status(w.officer, placement.id, "complete").status is PlacementStatus.COMPLETED
