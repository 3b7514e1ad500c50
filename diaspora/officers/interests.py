"""A member states interest in an open opportunity; officers see it beside the ranking."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from diaspora.auth.models import User
from diaspora.errors import InvalidInput, NotFound
from diaspora.extensions import db
from diaspora.matches.convert import is_indexable
from diaspora.members.services import profile_of
from diaspora.ministries.models import Opportunity, OpportunityStatus
from diaspora.officers.models import Interest


def open_opportunity(opportunity_id: int) -> Opportunity:
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.status is not OpportunityStatus.OPEN:
        raise NotFound(_("This opportunity does not exist or is closed."))
    return opportunity


def state_interest(user: User, opportunity_id: int) -> Interest:
    """Idempotent: stating interest twice keeps the first statement."""
    profile = profile_of(user)
    if profile is None or not is_indexable(profile):
        raise InvalidInput(_("Complete your profile and give your consent first."))
    opportunity = open_opportunity(opportunity_id)
    existing = db.session.scalar(sa.select(Interest).where(
        Interest.profile_id == profile.id, Interest.opportunity_id == opportunity.id))
    if existing is not None:
        return existing
    interest = Interest(profile_id=profile.id, opportunity_id=opportunity.id)
    db.session.add(interest)
    db.session.flush()
    return interest


def interests_of(profile_id: int) -> dict[int, Interest]:
    return {i.opportunity_id: i for i in db.session.scalars(sa.select(Interest).where(Interest.profile_id == profile_id))}
