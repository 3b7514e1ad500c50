"""What the programme offers a member: the open postings still worth showing them, the best of them, and why
one is not among them."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from matching.model import Match

from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.matches.convert import is_indexable
from diaspora.matches.reasons import broken_rules
from diaspora.members.models import MemberProfile
from diaspora.members.services import profile_of
from diaspora.opportunities.models import Opportunity
from diaspora.opportunities.services import open_postings
from diaspora.programme import decisions, disclosure, interests
from diaspora.programme.models import Engagement, Placement


BEST_SHOWN = 10  # a member's list: the best-fitting open postings


def postings_to_offer(profile: MemberProfile) -> list[Opportunity]:
    """Open postings still worth offering to this member: not those they are placed in or were proposed for
    (with the ministry's answer: those are listed as their proposals), nor those whose positions are all
    taken (every placement or engagement holds one, as placements and engagements count them)."""
    proposed = {oid for (_pid, oid), action in decisions.statuses(profile_id=profile.id).items()
                if action in disclosure.MEMBER_VISIBLE}
    placed = sa.select(Placement.opportunity_id).where(Placement.profile_id == profile.id)
    return list(db.session.scalars(open_postings(
        Opportunity.id.not_in(proposed), Opportunity.id.not_in(placed), _taken() < Opportunity.positions)
        .order_by(Opportunity.id)))


def _taken():
    """A posting's positions taken: every placement or engagement holds one."""
    return (sa.select(sa.func.count(Placement.id)).where(Placement.opportunity_id == Opportunity.id).scalar_subquery()
            + sa.select(sa.func.count(Engagement.id)).where(Engagement.opportunity_id == Opportunity.id)
            .scalar_subquery())


def best_offers(profile: MemberProfile) -> list[tuple[Opportunity, Match]]:
    """The member's list: the BEST_SHOWN postings to offer that fit them best, each with its explained match."""
    return live.best_for(profile, postings_to_offer(profile), top=BEST_SHOWN)


def why_not_listed(profile: MemberProfile | None, opportunity: Opportunity) -> list[str]:
    """Why an open posting is not in the member's list, in their words ([] when it is listed)."""
    if profile is None or not is_indexable(profile):
        return [_("Your profile does not take part in matching yet: complete it and give your consent.")]
    if any(listed.id == opportunity.id for listed, _match in best_offers(profile)):
        return []
    if decisions.statuses(opportunity.id, profile.id).get((profile.id, opportunity.id)) in disclosure.MEMBER_VISIBLE:
        return [_("You were proposed for it: it is under “My applications and proposals”.")]
    if db.session.scalar(sa.select(Placement.id).where(Placement.profile_id == profile.id,
                                                        Placement.opportunity_id == opportunity.id)) is not None:
        return [_("You are placed in it: it is under “My placements”.")]
    if db.session.scalar(sa.select(_taken() >= Opportunity.positions).where(Opportunity.id == opportunity.id)):
        return [_("All its positions are filled.")]
    fits = live.best_for(profile, [opportunity])
    rules = broken_rules(fits[0][1]) if fits else []
    return rules or [_("Other open opportunities fit you better: your list shows the best %(n)d.", n=BEST_SHOWN)]


@dataclass(frozen=True)
class Standing:
    """A member's relation to an open posting, shown on its page."""
    interested: bool
    why_not_listed: list[str]


def standing_of(user: User, opportunity: Opportunity) -> Standing | None:
    """For a member: whether they stated interest, and why the posting is not in their list; None for others."""
    if not user.is_authenticated or user.role is not Role.MEMBER:
        return None
    profile = profile_of(user)
    interested = profile is not None and opportunity.id in interests.interests_of(profile.id)
    return Standing(interested, why_not_listed(profile, opportunity))
