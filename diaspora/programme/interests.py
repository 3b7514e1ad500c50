"""A member states interest in an open opportunity; officers see it beside the ranking."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from diaspora import privacy
from diaspora.auth.models import User
from diaspora.errors import InvalidInput
from diaspora.extensions import db
from diaspora.matches.convert import is_indexable
from diaspora.members.services import profile_of
from diaspora.opportunities.services import get_open
from diaspora.programme import disclosure
from diaspora.programme.models import Interest
from diaspora.programme.placements import placements_of_profile


def state_interest(user: User, opportunity_id: int) -> Interest:
    """Idempotent: stating interest twice keeps the first statement."""
    profile = profile_of(user)
    if profile is None or not is_indexable(profile):
        raise InvalidInput(_("Complete your profile and give your consent first."))
    opportunity = get_open(opportunity_id)
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


def _export(user: User) -> dict | None:
    """The member's interests, proposals in member words, and placements with their reports."""
    profile = profile_of(user)
    if profile is None:
        return None
    return {
        "opportunities": [{"title": p.opportunity.title, "status": p.status_label,
                           "interested_at": p.interested_at.isoformat() if p.interested_at else None}
                          for p in disclosure.member_pairs(profile)],
        "placements": [{"title": p.opportunity.title, "institution": p.institution.name, "status": p.status.value,
                        "start": p.start_date.isoformat(), "end": p.end_date.isoformat(), "mentor": p.mentor_name,
                        "reports": [{"month": r.month.isoformat(), "text": r.text, "deliverables": r.deliverables}
                                    for r in p.reports]}
                       for p in placements_of_profile(profile.id)],
    }


def _erase(user: User) -> None:
    # Interests go; placements and decisions stay as programme records on the anonymised profile row.
    profile = profile_of(user)
    if profile is not None:
        db.session.execute(sa.delete(Interest).where(Interest.profile_id == profile.id))


privacy.register("opportunities", _export, _erase)
