"""The programme's alumni: members who saw an engagement through (each lifecycle says what that is: a completed
placement, a realised investment). They are told first of new postings that fit them (notifications/fits.py),
marked on the officers' review pages, and an officer can invite one back to a posting in one step."""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _

from diaspora.auth.models import User
from diaspora.errors import InvalidInput
from diaspora.extensions import db
from diaspora.notifications import fits
from diaspora.notifications.models import NotificationKind
from diaspora.notifications.services import notify
from diaspora.programme import decisions, lifecycles
from diaspora.programme.models import DecisionAction, MatchDecision


def _completed() -> sa.Select | None:
    queries = [query for query in (lifecycle.completed() for lifecycle in lifecycles.all_lifecycles())
               if query is not None]
    return sa.union(*queries) if len(queries) > 1 else (queries[0] if queries else None)


def alumni_ids() -> set[int]:
    completed = _completed()
    return set(db.session.scalars(completed)) if completed is not None else set()


def alumni_among(profile_ids: list[int]) -> set[int]:
    """Which of these profiles (a page of candidates) are alumni."""
    completed = _completed()
    if completed is None or not profile_ids:
        return set()
    done = completed.subquery()
    column = next(iter(done.c))
    return set(db.session.scalars(sa.select(column).where(column.in_(profile_ids))))


def is_alumnus(profile_id: int) -> bool:
    return bool(alumni_among([profile_id]))


def invite(officer: User, profile_id: int, opportunity_id: int) -> MatchDecision:
    """Re-engage an alumnus in one step: shortlisted for the posting (the usual decision, with its checks and
    audit) and told so, with a link to say they are interested."""
    decisions.require_officer(officer)
    if not is_alumnus(profile_id):
        raise InvalidInput(_("Only members who completed a placement or an engagement can be invited back."))
    decision = decisions.decide(officer, profile_id, opportunity_id, DecisionAction.SHORTLIST,
                                _("Invited back: one of the programme's alumni."))
    notify(decision.profile.user, NotificationKind.OPPORTUNITY_FIT, "invited_back",
           link=url_for("main.opportunity", opportunity_id=opportunity_id, _external=True),
           title=decision.opportunity.title)
    return decision


fits.register_returning_members(alumni_ids)
