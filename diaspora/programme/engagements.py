"""Engagements: the lifecycle of postings tracked by what is held together rather than by a placement (a
mentorship's sessions, a twinning's joint activities). A ministry's acceptance starts one; the member and the
institution log each session or activity (date, note), counted against the number agreed; once that many are
held, each side gives its feedback, and the second feedback completes the engagement."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from diaspora.auth.models import Role, User
from diaspora.concurrency import flush_versioned
from diaspora.errors import Conflict, InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.members.models import MemberProfile
from diaspora.members.services import profile_of
from diaspora.opportunities.models import Opportunity
from diaspora.programme import lifecycles
from diaspora.programme.models import Engagement, EngagementEntry, EngagementStatus
from diaspora.timeutil import today, utcnow

MAX_NOTE = 5000


def create_engagement(actor: User, profile: MemberProfile, opportunity: Opportunity) -> Engagement:
    if not lifecycles.of(opportunity.kind).engages:
        raise InvalidInput(_("This posting is not tracked by sessions or joint activities."))
    exists = db.session.scalar(sa.select(Engagement.id).where(Engagement.profile_id == profile.id,
                                                              Engagement.opportunity_id == opportunity.id))
    if exists is not None:
        raise Conflict(_("This person is already engaged in this posting."))
    engaged = db.session.scalar(sa.select(sa.func.count(Engagement.id))
                                .where(Engagement.opportunity_id == opportunity.id))
    if engaged >= opportunity.positions:
        raise Conflict(_("All %(n)d places of this posting are taken.", n=opportunity.positions))
    engagement = Engagement(profile_id=profile.id, opportunity_id=opportunity.id,
                            institution_id=opportunity.institution_id, agreed=opportunity.sessions or 1,
                            status=EngagementStatus.ACTIVE, created_by_id=actor.id)
    db.session.add(engagement)
    db.session.flush()  # a concurrent second acceptance meets the unique pair here: answered 409
    return engagement


def _side(viewer: User, engagement: Engagement) -> str | None:
    """Which side of the engagement the viewer is on: "member", "institution", "officer" or None."""
    if viewer.role is Role.OFFICER:
        return "officer"
    if viewer.role is Role.MINISTRY and viewer.institution_id == engagement.institution_id:
        return "institution"
    if viewer.role is Role.MEMBER and engagement.profile.user_id == viewer.id:
        return "member"
    return None


def get_engagement_for(viewer: User, engagement_id: int) -> Engagement:
    """Officers see every engagement, a ministry its institution's, a member their own; others get 404."""
    engagement = db.session.get(Engagement, engagement_id)
    if engagement is None or _side(viewer, engagement) is None:
        raise NotFound(_("This engagement does not exist."))
    return engagement


def held(engagement: Engagement) -> int:
    return len(engagement.entries)


def feedback_due(viewer: User, engagement: Engagement) -> bool:
    """Whether the viewer's side can give its feedback now: all agreed held, and not given yet."""
    side = _side(viewer, engagement)
    if side not in ("member", "institution") or held(engagement) < engagement.agreed:
        return False
    return getattr(engagement, f"{side}_rating") is None


def list_engagements(status: EngagementStatus | None = None) -> list[Engagement]:
    query = sa.select(Engagement).order_by(Engagement.created_at.desc(), Engagement.id.desc())
    if status is not None:
        query = query.where(Engagement.status == status)
    return list(db.session.scalars(query))


def engagements_of_profile(profile_id: int) -> list[Engagement]:
    return list(db.session.scalars(sa.select(Engagement).where(Engagement.profile_id == profile_id)
                                   .order_by(Engagement.created_at.desc())))


def engagements_of_institution(institution_id: int) -> list[Engagement]:
    return list(db.session.scalars(sa.select(Engagement).where(Engagement.institution_id == institution_id)
                                   .order_by(Engagement.created_at.desc())))


def visible_to(viewer: User) -> list[Engagement]:
    """Every engagement for officers, the institution's for a focal point, a member's own; none for others."""
    if viewer.role is Role.OFFICER:
        return list_engagements()
    if viewer.role is Role.MINISTRY:
        return engagements_of_institution(viewer.institution_id) if viewer.institution_id else []
    profile = profile_of(viewer) if viewer.role is Role.MEMBER else None
    return engagements_of_profile(profile.id) if profile else []


def add_entry(author: User, engagement_id: int, held_on: date | None, note: str) -> EngagementEntry:
    """The member, the institution's focal point or an officer logs one session or joint activity held."""
    engagement = get_engagement_for(author, engagement_id)
    if engagement.status is not EngagementStatus.ACTIVE:
        raise Conflict(_("This engagement is completed: its log is closed."))
    if held_on is None:
        raise InvalidInput(_("Give the date it was held."), field="held_on")
    if held_on > today():
        raise InvalidInput(_("Log what has been held: the date is in the future."), field="held_on")
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("Say briefly what was done."), field="note")
    entry = EngagementEntry(engagement_id=engagement.id, held_on=held_on, note=note[:MAX_NOTE], author_id=author.id)
    db.session.add(entry)
    db.session.flush()
    return entry


def give_feedback(author: User, engagement_id: int, rating: int | None, text: str) -> Engagement:
    """The member's or the institution's closing feedback; the second of the two completes the engagement."""
    engagement = get_engagement_for(author, engagement_id)
    side = _side(author, engagement)
    if side not in ("member", "institution"):
        raise NotFound(_("This engagement does not exist."))
    if held(engagement) < engagement.agreed:
        raise Conflict(_("Feedback comes once all %(n)d agreed are held.", n=engagement.agreed))
    if getattr(engagement, f"{side}_rating") is not None:
        raise Conflict(_("Your side's feedback is already given."))
    text = (text or "").strip()
    if rating is None or not 1 <= rating <= 5 or not text:
        raise InvalidInput(_("Give a rating from 1 to 5 and a text."), field="text")
    setattr(engagement, f"{side}_rating", rating)
    setattr(engagement, f"{side}_feedback", text[:MAX_NOTE])
    if engagement.member_rating is not None and engagement.institution_rating is not None:
        engagement.status = EngagementStatus.COMPLETED
        engagement.completed_at = utcnow()
    flush_versioned()
    return engagement


class EngagementLifecycle(lifecycles.Lifecycle):
    """Mentorship and twinning: the accepted member is engaged for the number of sessions or joint activities the
    posting agreed; both sides log them and close with feedback."""
    engages = True

    def on_acceptance(self, actor: User, profile: MemberProfile, opportunity: Opportunity, terms: dict) -> None:
        create_engagement(actor, profile, opportunity)

    def fulfilled_pairs(self) -> set[tuple[int, int]]:
        """An engagement with a session or joint activity held; an acceptance alone is not yet one."""
        held = sa.select(EngagementEntry.engagement_id)
        return {(pid, oid) for pid, oid in db.session.execute(
            sa.select(Engagement.profile_id, Engagement.opportunity_id).where(
                sa.or_(Engagement.id.in_(held), Engagement.status == EngagementStatus.COMPLETED)))}

    def completed(self) -> sa.Select:
        """Members whose engagement was closed by both sides' feedback."""
        return sa.select(Engagement.profile_id).where(Engagement.status == EngagementStatus.COMPLETED)


lifecycles.register(EngagementLifecycle("engagement"))
