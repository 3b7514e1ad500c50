"""New opportunity that fits a member well: when a posting opens for the first time, a job ranks the
consenting members for it through the matching bridge and tells the eligible ones who score at least
OPPORTUNITY_FIT_MIN_SCORE (at most OPPORTUNITY_FIT_MAX_NOTICES), once per posting and member.

Returning members come first: the programme's alumni (a completed placement, a realised investment) among
those who fit are told before the others, best first within each group, with a sentence that welcomes them
back. Who is an alumnus is the programme's business (a layer above): it registers the answer here.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from matching.index import RankFilter
from sqlalchemy import select

from diaspora.auth.models import User
from diaspora.errors import NotFound, ServiceUnavailable
from diaspora.extensions import db
from diaspora.jobs import services as job_pages
from diaspora.jobs.models import Job
from diaspora.jobs.runner import report, submit
from diaspora.matches import live
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.opportunities.services import get_open
from diaspora.notifications.models import NotificationKind, OpportunityFitNotice
from diaspora.notifications.services import notify

log = logging.getLogger(__name__)
JOB_KIND = "opportunity_fit"

job_pages.register_kind(JOB_KIND, _l("Telling members about a new posting"))

_returning: list[Callable[[], set[int]]] = []


def register_returning_members(source: Callable[[], set[int]]) -> None:
    """`source()` gives the profile ids of the returning members, to be told first (a few hundred: alumni)."""
    _returning.append(source)


def announce(opened_by: User, opportunity: Opportunity) -> Job | None:
    """Start the job for a posting that has just opened (commit the opening first).

    The posting stays open when the job queue is unreachable: that is logged, not shown as an error.
    """
    link = url_for("main.opportunity", opportunity_id=opportunity.id, _external=True)
    try:
        return submit(JOB_KIND, notify_fitting_members, opportunity.id, link, created_by=opened_by)
    except ServiceUnavailable:
        log.warning("members were not told about posting %s: the job queue is unreachable", opportunity.id)
        return None


def notify_fitting_members(job_id: int, opportunity_id: int, link: str) -> dict:
    """Job: notify each well-fitting member not yet told about this posting; the notices are recorded."""
    report(job_id, 5, _("Ranking the members for this posting…"))
    try:
        opportunity = get_open(opportunity_id)
    except NotFound:
        return {"notified": 0}
    threshold = current_app.config["OPPORTUNITY_FIT_MIN_SCORE"]
    limit = current_app.config["OPPORTUNITY_FIT_MAX_NOTICES"]
    ranked = live.ranking(opportunity, RankFilter(eligible_only=True, min_score=threshold))
    # Everyone who fits, best first (a job, not a page: the whole ranking may be sorted). Returning members
    # come first wherever they rank; of the others a few times the cap is plenty (some of the best may have
    # been told already or be inactive).
    ids, scores, _eligible = ranked.head(len(ranked))
    everyone = list(zip((int(pid) for pid in ids), scores.tolist()))
    returning = set().union(*(source() for source in _returning))
    fitting = ([pair for pair in everyone if pair[0] in returning] +
               [pair for pair in everyone if pair[0] not in returning][:limit * 4])
    profiles = {p.id: p for p in db.session.scalars(select(MemberProfile).where(
        MemberProfile.id.in_([pid for pid, _ in fitting])))} if fitting else {}
    told = set(db.session.scalars(select(OpportunityFitNotice.user_id).where(
        OpportunityFitNotice.opportunity_id == opportunity_id)))
    report(job_id, 50, _("Notifying the members who fit…"))
    notified = 0
    for profile_id, match_score in fitting:
        if notified >= limit:
            break
        profile = profiles.get(profile_id)
        if profile is None or not profile.matchable or not profile.user.active or profile.user_id in told:
            continue
        score = round(match_score)
        db.session.add(OpportunityFitNotice(opportunity_id=opportunity_id, user_id=profile.user_id, score=score))
        notify(profile.user, NotificationKind.OPPORTUNITY_FIT,
               "opportunity_fits_returning" if profile_id in returning else "opportunity_fits", link=link,
               title=opportunity.title, score=score)
        told.add(profile.user_id)
        notified += 1
    db.session.flush()
    return {"notified": notified}
