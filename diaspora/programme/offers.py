"""What the programme offers a member: the open postings still worth showing them."""
from __future__ import annotations

import sqlalchemy as sa

from diaspora.extensions import db
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.opportunities.services import open_postings
from diaspora.programme import decisions, disclosure
from diaspora.programme.models import Engagement, Placement


def postings_to_offer(profile: MemberProfile) -> list[Opportunity]:
    """Open postings still worth offering to this member: not those they are placed in or were proposed for
    (with the ministry's answer: those are listed as their proposals), nor those whose positions are all
    taken (every placement or engagement holds one, as placements and engagements count them)."""
    proposed = {oid for (_pid, oid), action in decisions.statuses(profile_id=profile.id).items()
                if action in disclosure.MEMBER_VISIBLE}
    placed = sa.select(Placement.opportunity_id).where(Placement.profile_id == profile.id)
    taken = (sa.select(sa.func.count(Placement.id)).where(Placement.opportunity_id == Opportunity.id).scalar_subquery()
             + sa.select(sa.func.count(Engagement.id)).where(Engagement.opportunity_id == Opportunity.id)
             .scalar_subquery())
    return list(db.session.scalars(open_postings(
        Opportunity.id.not_in(proposed), Opportunity.id.not_in(placed), taken < Opportunity.positions)
        .order_by(Opportunity.id)))
