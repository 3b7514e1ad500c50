"""A focal point's engagements (mentorships, twinnings of their institution): the log both sides keep and the
institution's closing feedback."""
from __future__ import annotations

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.ministries import bp
from diaspora.programme import engagement_pages

PAGE = "ministries.engagement"


@bp.route("/engagements/<int:engagement_id>")
@roles_required(Role.MINISTRY)
def engagement(engagement_id: int):
    return engagement_pages.page(PAGE, engagement_id)


@bp.route("/engagements/<int:engagement_id>/log", methods=["POST"])
@roles_required(Role.MINISTRY)
def engagement_log(engagement_id: int):
    return engagement_pages.log(PAGE, engagement_id)


@bp.route("/engagements/<int:engagement_id>/feedback", methods=["POST"])
@roles_required(Role.MINISTRY)
def engagement_feedback(engagement_id: int):
    return engagement_pages.feedback(PAGE, engagement_id)
