"""Placements: created when a ministry accepts a fellowship candidate; then run, reported on and evaluated."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from diaspora.auth.models import Role, User
from diaspora.concurrency import check_version, flush_versioned
from diaspora.errors import Conflict, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.notifications.models import NotificationKind
from diaspora.notifications.services import notify
from diaspora.programme import lifecycles
from diaspora.programme.models import Placement, PlacementEvaluation, PlacementStatus, ProgressReport
from diaspora.timeutil import today, utcnow

S = PlacementStatus
# Every fellowship is full time: a person holds one at a time. An ended-early placement frees them.
OCCUPYING = (S.PLANNED, S.ACTIVE, S.COMPLETED)
TRANSITIONS = {"start": ({S.PLANNED}, S.ACTIVE), "complete": ({S.ACTIVE}, S.COMPLETED),
               "end_early": ({S.PLANNED, S.ACTIVE}, S.ENDED_EARLY)}


def _overlapping(profile_id: int, start: date, end: date) -> Placement | None:
    return db.session.scalar(sa.select(Placement).where(
        Placement.profile_id == profile_id, Placement.status.in_(OCCUPYING),
        Placement.start_date <= end, Placement.end_date >= start).limit(1))


def _free_slot(opportunity: Opportunity) -> int | None:
    taken = set(db.session.scalars(sa.select(Placement.slot).where(Placement.opportunity_id == opportunity.id)))
    return next((slot for slot in range(1, opportunity.positions + 1) if slot not in taken), None)


def create_placement(actor: User, profile: MemberProfile, opportunity: Opportunity, mentor_name: str = "",
                     start: date | None = None, end: date | None = None) -> Placement:
    if not lifecycles.of(opportunity.kind).places:
        raise InvalidInput(_("Only fellowships lead to placements."))
    start, end = start or opportunity.start_date, end or opportunity.end_date
    if start is None or end is None:
        raise InvalidInput(_("Give the start and end of the placement."), field="start_date")
    if end < start:
        raise InvalidInput(_("The end is before the start."), field="end_date")
    # Lock the person's row (SQLite serialises writers anyway) so two placements of the same person
    # cannot both pass the overlap check at once. FOR NO KEY UPDATE, not FOR UPDATE: the decision row
    # inserted just before holds a foreign-key share lock on this row, and two concurrent acceptances
    # each holding that lock while asking for FOR UPDATE deadlock on PostgreSQL.
    db.session.execute(sa.select(MemberProfile.id).where(MemberProfile.id == profile.id)
                       .with_for_update(key_share=True))
    clash = _overlapping(profile.id, start, end)
    if clash is not None:
        raise Conflict(_("This person is already placed in “%(title)s” during that period.",
                         title=clash.opportunity.title))
    slot = _free_slot(opportunity)
    if slot is None:
        raise Conflict(_("All %(n)d positions of this fellowship are filled.", n=opportunity.positions))
    placement = Placement(profile_id=profile.id, opportunity_id=opportunity.id,
                          institution_id=opportunity.institution_id, slot=slot, mentor_name=mentor_name.strip(),
                          start_date=start, end_date=end, status=S.PLANNED, created_by_id=actor.id)
    db.session.add(placement)
    db.session.flush()  # a lost race for the slot raises IntegrityError here: answered 409
    return placement


def get_placement_for(viewer: User, placement_id: int) -> Placement:
    """Officers see every placement, a ministry its institution's, a member their own; others get 404."""
    placement = db.session.get(Placement, placement_id)
    if placement is None:
        raise NotFound(_("This placement does not exist."))
    if (viewer.role is Role.OFFICER
            or (viewer.role is Role.MINISTRY and viewer.institution_id == placement.institution_id)
            or (viewer.role is Role.MEMBER and placement.profile.user_id == viewer.id)):
        return placement
    raise NotFound(_("This placement does not exist."))


def list_placements(status: PlacementStatus | None = None) -> list[Placement]:
    query = sa.select(Placement).order_by(Placement.start_date.desc(), Placement.id.desc())
    if status is not None:
        query = query.where(Placement.status == status)
    return list(db.session.scalars(query))


def placements_of_profile(profile_id: int) -> list[Placement]:
    return list(db.session.scalars(sa.select(Placement).where(Placement.profile_id == profile_id)
                                   .order_by(Placement.start_date.desc())))


def placements_of_institution(institution_id: int) -> list[Placement]:
    return list(db.session.scalars(sa.select(Placement).where(Placement.institution_id == institution_id)
                                   .order_by(Placement.start_date.desc())))


def change_status(officer: User, placement_id: int, step: str, reason: str = "",
                  expected_version: int | None = None) -> Placement:
    placement = get_placement_for(officer, placement_id)
    if officer.role is not Role.OFFICER:
        raise NotFound(_("This placement does not exist."))
    if step not in TRANSITIONS:
        raise InvalidInput(_("Unknown action."))
    check_version(placement, expected_version)
    allowed_from, target = TRANSITIONS[step]
    if placement.status not in allowed_from:
        raise Conflict(_("This placement's status does not allow that step."))
    refusal = _too_early(placement, target, today())
    if refusal:
        raise Conflict(refusal)
    if target is S.ENDED_EARLY and not (reason or "").strip():
        raise InvalidInput(_("Please give a reason."), field="reason")
    lifecycles.of(placement.opportunity.kind).check_step(placement, target)
    placement.status = target
    if target is S.ACTIVE:
        placement.started_at = utcnow()
    else:
        placement.ended_at = utcnow()
        placement.end_reason = (reason or "").strip()
    flush_versioned()
    params = {"title": placement.opportunity.title, "institution": placement.institution.name,
              "institution_sq": placement.institution.name_sq}
    link = url_for("members.my_placement", placement_id=placement.id, _external=True)
    if target is S.ACTIVE:
        notify(placement.profile.user, NotificationKind.PLACEMENT_START, "placement_started", link=link, **params)
    else:
        notify(placement.profile.user, NotificationKind.PLACEMENT_END, "placement_ended", link=link, **params)
    return placement


def missing_report_months(placement: Placement, until: date) -> list[date]:
    """The months of the placement's period up to `until` (first days) with no progress report."""
    reported = set(db.session.scalars(sa.select(ProgressReport.month).where(
        ProgressReport.placement_id == placement.id)))
    month, last = placement.start_date.replace(day=1), min(placement.end_date, until)
    missing = []
    while month <= last:
        if month not in reported:
            missing.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return missing


def _too_early(placement: Placement, target: PlacementStatus, on: date) -> str | None:
    """Why the placement cannot reach `target` on this day: it starts on its first day at the earliest, and is
    completed on its last day at the earliest, with a report for every month. Ending early has no such limit."""
    if target is S.ACTIVE and on < placement.start_date:
        return _("This placement starts on %(day)s: it can be started from that day.",
                 day=format_date(placement.start_date))
    if target is S.COMPLETED:
        if on < placement.end_date:
            return _("This placement ends on %(day)s: it can be completed from that day (or ended early, with a "
                     "reason).", day=format_date(placement.end_date))
        missing = missing_report_months(placement, on)
        if missing:
            return _("The monthly reports are missing for %(months)s: the placement is completed once every month "
                     "is reported.", months=", ".join(format_date(month, "MMMM y") for month in missing))
    return None


def add_report(author: User, placement_id: int, month: date, text: str, deliverables: list[dict]) -> ProgressReport:
    """The placed expert or an officer reports on one month; deliverables name the fellowship's chapters."""
    placement = get_placement_for(author, placement_id)
    if author.role not in (Role.OFFICER, Role.MEMBER):
        raise NotFound(_("This placement does not exist."))
    if placement.status not in (S.ACTIVE, S.COMPLETED, S.ENDED_EARLY):
        raise Conflict(_("Reports start once the placement is active."))
    month = month.replace(day=1)
    if not (placement.start_date.replace(day=1) <= month <= placement.end_date):
        raise InvalidInput(_("The month is outside the placement's period."), field="month")
    if not (text or "").strip():
        raise InvalidInput(_("The report is empty."), field="text")
    chapters = set(placement.opportunity.acquis_chapters or [])
    cleaned = []
    for item in deliverables:
        if item["chapter"] not in chapters:
            raise InvalidInput(_("Deliverables must serve one of the fellowship's acquis chapters."),
                               field="deliverables")
        cleaned.append({"chapter": int(item["chapter"]), "text": item["text"].strip()})
    exists = db.session.scalar(sa.select(ProgressReport.id).where(
        ProgressReport.placement_id == placement.id, ProgressReport.month == month))
    if exists is not None:
        raise Conflict(_("There is already a report for this month."))
    report = ProgressReport(placement_id=placement.id, month=month, text=text.strip(), deliverables=cleaned,
                            author_id=author.id)
    db.session.add(report)
    db.session.flush()
    return report


def evaluate(officer: User, placement_id: int, rating: int, text: str) -> PlacementEvaluation:
    placement = get_placement_for(officer, placement_id)
    if officer.role is not Role.OFFICER:
        raise NotFound(_("This placement does not exist."))
    if placement.status not in (S.COMPLETED, S.ENDED_EARLY):
        raise Conflict(_("The final evaluation comes when the placement has ended."))
    if placement.evaluation is not None:
        raise Conflict(_("This placement already has its final evaluation."))
    if not 1 <= rating <= 5 or not (text or "").strip():
        raise InvalidInput(_("Give a rating from 1 to 5 and a text."), field="rating")
    evaluation = PlacementEvaluation(placement_id=placement.id, rating=rating, text=text.strip(),
                                     author_id=officer.id)
    db.session.add(evaluation)
    db.session.flush()
    return evaluation


class PlacementLifecycle(lifecycles.Lifecycle):
    """A fellowship's: the accepted expert is placed (mentor, dates, one of the positions), then the placement
    is started, reported on monthly and evaluated."""
    acceptance_template = "programme/_placement_terms.html"
    places = True

    def on_acceptance(self, actor: User, profile: MemberProfile, opportunity: Opportunity, terms: dict) -> None:
        create_placement(actor, profile, opportunity, mentor_name=terms.get("mentor_name") or "",
                         start=terms.get("start"), end=terms.get("end"))

    def _placements(self, *columns) -> sa.Select:
        """The placements of this lifecycle's kinds (a field project's are a subclass's)."""
        return (sa.select(*columns).join(Opportunity, Opportunity.id == Placement.opportunity_id)
                .where(Opportunity.kind.in_(self.kinds())))

    def fulfilled_pairs(self) -> set[tuple[int, int]]:
        """A placement that started (active or completed); a planned one is still only an acceptance."""
        started = self._placements(Placement.profile_id, Placement.opportunity_id).where(
            Placement.status.in_((S.ACTIVE, S.COMPLETED)))
        return {(pid, oid) for pid, oid in db.session.execute(started)}

    def completed(self) -> sa.Select:
        return self._placements(Placement.profile_id).where(Placement.status == PlacementStatus.COMPLETED)


lifecycles.register(PlacementLifecycle("placement"))
