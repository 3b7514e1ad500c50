"""A member's programme pages: the open opportunities that fit them best, interest, their proposals,
placements and engagements (routes of the members blueprint over programme services)."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.members import bp
from diaspora.members.services import profile_of
from diaspora.programme import disclosure, engagement_pages, engagements, field_projects, interests, placements
from diaspora.programme.forms import DeliverableForm, ReportForm
from diaspora.programme.offers import best_offers
from diaspora.submission import submit
from diaspora.urls import safe_next


@bp.route("/opportunities")
@roles_required(Role.MEMBER)
def my_opportunities():
    profile = profile_of(current_user)
    fits, pairs, own_placements, own_engagements, stated = [], [], [], [], {}
    if profile is not None:
        fits = best_offers(profile)
        pairs = disclosure.member_pairs(profile)
        own_placements = placements.placements_of_profile(profile.id)
        own_engagements = engagements.engagements_of_profile(profile.id)
        stated = interests.interests_of(profile.id)
    return render_template("members/opportunities.html", profile=profile, fits=fits, pairs=pairs,
                           placements=own_placements, engagements=own_engagements, stated=stated)


@bp.route("/opportunities/<int:opportunity_id>/interest", methods=["POST"])
@roles_required(Role.MEMBER)
def state_interest(opportunity_id: int):
    # Back to the page the member asked from: their list, or the posting's own page.
    back = redirect(safe_next(request.form.get("next")) or url_for("members.my_opportunities"))
    return submit(lambda: interests.state_interest(current_user, opportunity_id), page=lambda _code: back,
                  then=lambda _interest: back, success=_("Thank you: the programme officers see your interest."))


@bp.route("/placements/<int:placement_id>", methods=["GET", "POST"])
@roles_required(Role.MEMBER)
def my_placement(placement_id: int):
    placement = placements.get_placement_for(current_user, placement_id)
    form = ReportForm.for_placement(placement, request.form if request.method == "POST" else None)
    page = _placement_page(placement_id, form=form)

    if request.method == "GET":
        return page(200)
    return form.save(placement, page=page,
                     then=lambda _report: redirect(url_for("members.my_placement", placement_id=placement_id)))


@bp.route("/engagements/<int:engagement_id>")
@roles_required(Role.MEMBER)
def my_engagement(engagement_id: int):
    return engagement_pages.page("members.my_engagement", engagement_id)


@bp.route("/engagements/<int:engagement_id>/log", methods=["POST"])
@roles_required(Role.MEMBER)
def my_engagement_log(engagement_id: int):
    return engagement_pages.log("members.my_engagement", engagement_id)


@bp.route("/engagements/<int:engagement_id>/feedback", methods=["POST"])
@roles_required(Role.MEMBER)
def my_engagement_feedback(engagement_id: int):
    return engagement_pages.feedback("members.my_engagement", engagement_id)


def _placement_page(placement_id: int, form=None, deliverable_form=None):
    """The member's placement page, read afresh (a refused step was rolled back), with the forms as typed."""
    def page(code: int):
        placement = placements.get_placement_for(current_user, placement_id)
        report_form = form or ReportForm.for_placement(placement)
        return render_template("members/opportunities_placement.html", placement=placement, form=report_form,
                               deliverable_form=deliverable_form or DeliverableForm(prefix="deliverable")), code
    return page


@bp.route("/placements/<int:placement_id>/deliverable", methods=["POST"])
@roles_required(Role.MEMBER)
def hand_in_deliverable(placement_id: int):
    placements.get_placement_for(current_user, placement_id)
    form = DeliverableForm(prefix="deliverable")
    page = _placement_page(placement_id, deliverable_form=form)
    if not form.validate_on_submit():
        return page(422)
    return submit(lambda: field_projects.submit_deliverable(current_user, placement_id, form.text.data),
                  form=form, field="text", success=_("The deliverable is handed in."), page=page,
                  then=lambda _placement: redirect(url_for("members.my_placement", placement_id=placement_id)))
