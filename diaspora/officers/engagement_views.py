"""Officers' engagement pages: every mentorship and twinning under way or completed, each with its log."""
from __future__ import annotations

from flask import render_template, request

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.officers import bp
from diaspora.programme import engagement_pages, engagements
from diaspora.programme.models import EngagementStatus

PAGE = "officers.engagement"


@bp.route("/engagements")
@roles_required(Role.OFFICER)
def engagements_list():
    status = request.args.get("status", "")
    chosen = EngagementStatus(status) if status in {s.value for s in EngagementStatus} else None
    return render_template("officers/engagements.html", engagements=engagements.list_engagements(chosen),
                           statuses=list(EngagementStatus), chosen=chosen)


@bp.route("/engagements/<int:engagement_id>")
@roles_required(Role.OFFICER)
def engagement(engagement_id: int):
    return engagement_pages.page(PAGE, engagement_id)


@bp.route("/engagements/<int:engagement_id>/log", methods=["POST"])
@roles_required(Role.OFFICER)
def engagement_log(engagement_id: int):
    return engagement_pages.log(PAGE, engagement_id)
