"""A focal point's proposed candidates: only those an officer proposed for their own institution's postings."""
from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora import audit
from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.ministries import bp
from diaspora.ministries.forms import MinistryDecisionForm
from diaspora.programme import acceptance, disclosure, engagements, lifecycles, placements
from diaspora.submission import submit


@bp.route("/candidates")
@roles_required(Role.MINISTRY)
def candidates():
    return render_template("ministries/candidates.html", candidates=disclosure.proposed_candidates(current_user),
                           placements=placements.placements_of_institution(current_user.institution_id),
                           engagements=engagements.engagements_of_institution(current_user.institution_id))


def _page(opportunity_id: int, profile_id: int, form: MinistryDecisionForm, status: int = 200):
    candidate = disclosure.candidate_for_ministry(current_user, opportunity_id, profile_id)
    return render_template("ministries/candidate.html", candidate=candidate, form=form,
                           lifecycle=lifecycles.of(candidate.opportunity.kind)), status


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
    if not form.validate_on_submit():
        return _page(opportunity_id, profile_id, form, 422)
    accept = form.outcome.data == "accept"
    return submit(lambda: acceptance.ministry_answer(current_user, opportunity, profile, accept, form.feedback.data,
                                                     form.interview_date.data, terms=form.acceptance_terms()),
                  form=form, field="feedback", page=lambda code: _page(opportunity_id, profile_id, form, code),
                  success=_("Your decision is sent. The candidate and the programme officer are informed."),
                  then=lambda _decision: redirect(url_for("ministries.candidate", opportunity_id=opportunity_id,
                                                          profile_id=profile_id)))


@bp.route("/placements/<int:placement_id>")
@roles_required(Role.MINISTRY)
def placement(placement_id: int):
    return render_template("ministries/candidates_placement.html",
                           placement=placements.get_placement_for(current_user, placement_id))
