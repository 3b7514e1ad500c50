"""A focal point's proposed candidates: only those an officer proposed for their own institution's postings."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora import audit
from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.errors import Conflict, InvalidInput
from diaspora.extensions import db
from diaspora.ministries import bp
from diaspora.programme import decisions, disclosure, placements
from diaspora.officers.forms import MinistryDecisionForm


@bp.route("/candidates")
@roles_required(Role.MINISTRY)
def candidates():
    return render_template("ministries/candidates.html", candidates=disclosure.proposed_candidates(current_user),
                           placements=placements.placements_of_institution(current_user.institution_id))


def _page(opportunity_id: int, profile_id: int, form: MinistryDecisionForm, status: int = 200):
    candidate = disclosure.candidate_for_ministry(current_user, opportunity_id, profile_id)
    return render_template("ministries/candidate.html", candidate=candidate, form=form), status


@bp.route("/candidates/<int:opportunity_id>/<int:profile_id>")
@roles_required(Role.MINISTRY)
def candidate(opportunity_id: int, profile_id: int):
    opportunity, profile = disclosure.proposed_pair(current_user, opportunity_id, profile_id)  # 404 first
    # A focal point reading a proposed person's disclosed profile is a view of personal data, like an officer's.
    audit.record("candidate_viewed", actor_id=current_user.id, object_type="profile", object_id=profile.id,
                 subject_user_id=profile.user_id, opportunity=opportunity.id)
    db.session.commit()
    return _page(opportunity_id, profile_id, MinistryDecisionForm())


@bp.route("/candidates/<int:opportunity_id>/<int:profile_id>/decide", methods=["POST"])
@roles_required(Role.MINISTRY)
def decide_candidate(opportunity_id: int, profile_id: int):
    opportunity, profile = disclosure.proposed_pair(current_user, opportunity_id, profile_id)
    form = MinistryDecisionForm()
    if form.validate_on_submit():
        accept = form.outcome.data == "accept"
        try:
            decisions.ministry_decide(current_user, opportunity, profile, accept, form.feedback.data,
                                      form.interview_date.data)
            if accept and opportunity.is_fellowship:
                placements.create_placement(current_user, profile, opportunity, form.mentor_name.data or "",
                                            form.start_date.data, form.end_date.data)
        except InvalidInput as error:
            db.session.rollback()
            getattr(form, error.field or "feedback", form.feedback).errors.append(error.message)
        except Conflict as error:
            db.session.rollback()
            flash(error.message, "error")
            return _page(opportunity_id, profile_id, form, 409)
        else:
            db.session.commit()
            flash(_("Your decision is sent. The candidate and the programme officer are informed."), "success")
            return redirect(url_for("ministries.candidate", opportunity_id=opportunity_id, profile_id=profile_id))
    return _page(opportunity_id, profile_id, form, 422)


@bp.route("/placements/<int:placement_id>")
@roles_required(Role.MINISTRY)
def placement(placement_id: int):
    return render_template("ministries/candidates_placement.html",
                           placement=placements.get_placement_for(current_user, placement_id))
