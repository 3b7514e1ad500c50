"""A member's opportunities: the open ones that fit them best, interest, their proposals and placements."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.errors import InvalidInput
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.members import bp
from diaspora.members.services import profile_of
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from diaspora.programme import decisions, disclosure, interests, placements
from diaspora.programme.models import Placement
from diaspora.officers.placement_views import report_form_for, submit_report

BEST_SHOWN = 10


def postings_to_offer(profile) -> list:
    """Open postings still worth offering to this member: not those they are placed in or were proposed for
    (with the ministry's answer: those are listed as their proposals), nor those whose positions are all
    taken (every placement holds a slot, as placements.create_placement counts them)."""
    proposed = {oid for (_pid, oid), action in decisions.statuses(profile_id=profile.id).items()
                if action in disclosure.MEMBER_VISIBLE}
    placed = sa.select(Placement.opportunity_id).where(Placement.profile_id == profile.id)
    taken = sa.select(sa.func.count(Placement.id)).where(Placement.opportunity_id == Opportunity.id).scalar_subquery()
    return list(db.session.scalars(sa.select(Opportunity).where(
        Opportunity.status == OpportunityStatus.OPEN, Opportunity.id.not_in(proposed), Opportunity.id.not_in(placed),
        taken < Opportunity.positions).order_by(Opportunity.id)))


@bp.route("/opportunities")
@roles_required(Role.MEMBER)
def my_opportunities():
    profile = profile_of(current_user)
    fits, pairs, own_placements, stated = [], [], [], {}
    if profile is not None:
        fits = live.best_for(profile, postings_to_offer(profile), top=BEST_SHOWN)
        pairs = disclosure.member_pairs(profile)
        own_placements = placements.placements_of_profile(profile.id)
        stated = interests.interests_of(profile.id)
    return render_template("members/opportunities.html", profile=profile, fits=fits, pairs=pairs,
                           placements=own_placements, stated=stated)


@bp.route("/opportunities/<int:opportunity_id>/interest", methods=["POST"])
@roles_required(Role.MEMBER)
def state_interest(opportunity_id: int):
    try:
        interests.state_interest(current_user, opportunity_id)
    except InvalidInput as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("members.my_opportunities"))
    db.session.commit()
    flash(_("Thank you: the programme officers see your interest."), "success")
    return redirect(url_for("members.my_opportunities"))


@bp.route("/placements/<int:placement_id>", methods=["GET", "POST"])
@roles_required(Role.MEMBER)
def my_placement(placement_id: int):
    placement = placements.get_placement_for(current_user, placement_id)
    form = report_form_for(placement, request.form if request.method == "POST" else None)
    if request.method == "POST":
        if submit_report(placement, form):
            return redirect(url_for("members.my_placement", placement_id=placement.id))
        placement = placements.get_placement_for(current_user, placement_id)
    status = 422 if request.method == "POST" else 200
    return render_template("members/opportunities_placement.html", placement=placement, form=form), status
