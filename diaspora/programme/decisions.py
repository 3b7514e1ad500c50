"""Officers' and ministries' decisions on candidates: insert-only rows; a pair's status is its latest decision.

There is deliberately no function here that updates or deletes a decision (the model refuses both).
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from diaspora import audit
from diaspora.auth.models import Role, User
from diaspora.errors import Conflict, Forbidden, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.matches import learning, live
from diaspora.matches.convert import is_indexable
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from diaspora.notifications.models import NotificationKind
from diaspora.notifications.services import notify
from diaspora.programme import lifecycles
from diaspora.programme.models import STATUS_ACTIONS, DecisionAction, Interest, MatchDecision

A = DecisionAction
OFFICER_ACTIONS = (A.SHORTLIST, A.PROPOSE, A.REJECT, A.NOTE)
# Which status each action may follow (None: no decision yet). After a proposal only the ministry decides.
ALLOWED_AFTER = {
    A.SHORTLIST: {None, A.REJECT},
    A.PROPOSE: {None, A.SHORTLIST, A.REJECT},
    A.REJECT: {None, A.SHORTLIST},
    A.MINISTRY_ACCEPT: {A.PROPOSE},
    A.MINISTRY_DECLINE: {A.PROPOSE},
}


# What a decision teaches the scorer, as a grade (higher: a better match; the engine compares grades within one
# opportunity): an engagement that came about (a started placement, a realised investment: each lifecycle's
# fulfilled_pairs) 3, a ministry's acceptance 2, an officer's
# proposal 1, an officer's rejection or a ministry's decline 0. Notes and shortlists carry no grade. A rejection's
# reason is free text; it is not read, so a candidate turned down for dates counts as a poor match too.
FULFILLED = 3
GRADES = {A.MINISTRY_ACCEPT: 2, A.PROPOSE: 1, A.REJECT: 0, A.MINISTRY_DECLINE: 0}


def graded_pairs() -> dict[tuple[int, int], int]:
    """{(profile_id, opportunity_id): grade}: each pair's latest graded decision (a proposal the ministry declined
    is 0), raised to FULFILLED where the engagement came about."""
    rows = db.session.execute(sa.select(MatchDecision.profile_id, MatchDecision.opportunity_id, MatchDecision.action)
                              .where(MatchDecision.action.in_(GRADES)).order_by(MatchDecision.id))
    grades = {(pid, oid): GRADES[action] for pid, oid, action in rows}
    grades.update(dict.fromkeys(lifecycles.fulfilled_pairs(), FULFILLED))
    return grades


learning.register_label_source(graded_pairs)


def require_officer(user: User) -> None:
    if user.role is not Role.OFFICER:
        raise Forbidden(_("Only program officers decide on candidates."))


def get_opportunity(opportunity_id: int) -> Opportunity:
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.status is OpportunityStatus.DRAFT:
        raise NotFound(_("This opportunity does not exist."))
    return opportunity


def get_candidate(profile_id: int) -> MemberProfile:
    profile = db.session.get(MemberProfile, profile_id)
    if profile is None or not is_indexable(profile):
        raise NotFound(_("This profile does not exist or no longer takes part in matching."))
    return profile


def statuses(opportunity_id: int | None = None, profile_id: int | None = None) -> dict[tuple[int, int], A]:
    """{(profile_id, opportunity_id): latest status-changing action}."""
    query = sa.select(MatchDecision.profile_id, MatchDecision.opportunity_id, MatchDecision.action).where(
        MatchDecision.action.in_(STATUS_ACTIONS)).order_by(MatchDecision.id)
    if opportunity_id is not None:
        query = query.where(MatchDecision.opportunity_id == opportunity_id)
    if profile_id is not None:
        query = query.where(MatchDecision.profile_id == profile_id)
    return {(pid, oid): action for pid, oid, action in db.session.execute(query)}


def status_of(profile_id: int, opportunity_id: int) -> A | None:
    return statuses(opportunity_id, profile_id).get((profile_id, opportunity_id))


def history(profile_id: int, opportunity_id: int | None = None) -> list[MatchDecision]:
    query = sa.select(MatchDecision).where(MatchDecision.profile_id == profile_id)
    if opportunity_id is not None:
        query = query.where(MatchDecision.opportunity_id == opportunity_id)
    return list(db.session.scalars(query.order_by(MatchDecision.id)))


def interested_ids(opportunity_id: int) -> set[int]:
    return set(db.session.scalars(sa.select(Interest.profile_id).where(Interest.opportunity_id == opportunity_id)))


def _check_transition(action: A, profile_id: int, opportunity_id: int) -> None:
    if action not in ALLOWED_AFTER:
        return
    current = status_of(profile_id, opportunity_id)
    if current not in ALLOWED_AFTER[action]:
        raise Conflict(_("This candidate's current status does not allow that step."))


def _snapshot(opportunity: Opportunity, profile_id: int) -> tuple[float | None, dict]:
    match = live.explain(opportunity, [profile_id]).get(profile_id)
    if match is None:
        return None, {}
    return match.score, {"score": match.score, "eligible": match.eligible, "reasons": match.reasons,
                         "details": [d.to_dict() for d in match.details],
                         "contributions": match.contributions, "broken_rules": match.broken_rules}


def _insert(actor: User, profile_id: int, opportunity: Opportunity, action: A, reason: str = "",
            interview_date: date | None = None) -> MatchDecision:
    score, match = _snapshot(opportunity, profile_id) if action is not A.NOTE else (None, {})
    decision = MatchDecision(profile_id=profile_id, opportunity_id=opportunity.id, actor_id=actor.id,
                             action=action, reason=reason, interview_date=interview_date, score=score, match=match)
    db.session.add(decision)
    db.session.flush()
    return decision


def decide(officer: User, profile_id: int, opportunity_id: int, action: A, reason: str = "") -> MatchDecision:
    """Shortlist, propose, reject (reason required) or note (text required)."""
    require_officer(officer)
    if action not in OFFICER_ACTIONS:
        raise InvalidInput(_("Unknown action."))
    reason = (reason or "").strip()
    if action in (A.REJECT, A.NOTE) and not reason:
        raise InvalidInput(_("Please give a reason.") if action is A.REJECT else _("The note is empty."),
                           field="reason")
    opportunity = get_opportunity(opportunity_id)
    if action.value not in opportunity.kind.review_steps:
        raise InvalidInput(_("Unknown action."))
    profile = get_candidate(profile_id)
    if action in (A.SHORTLIST, A.PROPOSE) and opportunity.status is not OpportunityStatus.OPEN:
        raise Conflict(_("This opportunity is closed."))
    _check_transition(action, profile.id, opportunity.id)
    if action is A.PROPOSE:
        lifecycles.of(opportunity.kind).check_proposal(profile, opportunity)
    decision = _insert(officer, profile.id, opportunity, action, reason)
    audit.record(f"candidate_{action.value}", actor_id=officer.id, object_type="opportunity",
                 object_id=opportunity.id, subject_user_id=profile.user_id)
    if action is A.PROPOSE:
        _notify_proposal(profile, opportunity)
    return decision


def _notify_proposal(profile: MemberProfile, opportunity: Opportunity) -> None:
    params = {"title": opportunity.title, "institution": opportunity.institution.name,
              "institution_sq": opportunity.institution.name_sq}
    focal_points = db.session.scalars(sa.select(User).where(
        User.role == Role.MINISTRY, User.institution_id == opportunity.institution_id, User.active.is_(True)))
    for focal_point in focal_points:
        notify(focal_point, NotificationKind.PROPOSAL_TO_MINISTRY, "proposed_to_ministry",
               link=url_for("ministries.candidate", opportunity_id=opportunity.id, profile_id=profile.id,
                            _external=True), **params)
    notify(profile.user, NotificationKind.PROPOSAL_TO_MINISTRY, "proposed_member",
           link=url_for("members.my_opportunities", _external=True), **params)


def ministry_decide(user: User, opportunity: Opportunity, profile: MemberProfile, accept: bool,
                    feedback: str, interview_date: date | None) -> MatchDecision:
    """The ministry's answer to a proposal (disclosure is checked by the caller)."""
    action = A.MINISTRY_ACCEPT if accept else A.MINISTRY_DECLINE
    if not (feedback or "").strip():
        raise InvalidInput(_("Please describe the outcome."), field="feedback")
    _check_transition(action, profile.id, opportunity.id)
    decision = _insert(user, profile.id, opportunity, action, feedback.strip(), interview_date)
    audit.record(f"candidate_{action.value}", actor_id=user.id, object_type="opportunity",
                 object_id=opportunity.id, subject_user_id=profile.user_id)
    params = {"title": opportunity.title, "institution": opportunity.institution.name,
              "institution_sq": opportunity.institution.name_sq}
    notify(profile.user, NotificationKind.MINISTRY_DECISION,
           "ministry_accepted_member" if accept else "ministry_declined_member",
           link=url_for("members.my_opportunities", _external=True), **params)
    proposer_ids = set(db.session.scalars(sa.select(MatchDecision.actor_id).where(
        MatchDecision.profile_id == profile.id, MatchDecision.opportunity_id == opportunity.id,
        MatchDecision.action == A.PROPOSE)))
    for officer in db.session.scalars(sa.select(User).where(User.id.in_(proposer_ids), User.active.is_(True))):
        # One message per outcome, so the officer reads it in their own language, not the ministry's.
        notify(officer, NotificationKind.MINISTRY_DECISION,
               "ministry_accepted_officer" if accept else "ministry_declined_officer",
               link=url_for("officers.candidate", opportunity_id=opportunity.id, profile_id=profile.id,
                            _external=True), **params)
    return decision
