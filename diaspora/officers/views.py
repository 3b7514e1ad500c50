"""Officers' match review: open opportunities, ranked candidates, a candidate, decisions, one member's fits."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora import audit
from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.errors import NotFound
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.members.services import get_profile_for
from diaspora.officers import bp
from diaspora.programme import alumni, decisions, fairness, placements, review
from diaspora.officers.forms import DecisionForm, FilterForm, InviteForm
from diaspora.programme.interests import interests_of
from diaspora.programme.models import DecisionAction
from diaspora.submission import submit


def _filters(form: FilterForm) -> review.Filters:
    if not form.validate():
        return review.Filters()
    chapter = form.chapter.data
    return review.Filters(country=form.country.data or "", language=form.language.data or "",
                          chapter=int(chapter) if chapter and chapter.isdigit() else None,
                          min_score=float(form.min_score.data or 0), eligible_only=bool(form.eligible.data))


@bp.route("/")
@roles_required(Role.OFFICER)
def index():
    holder = live.live()
    return render_template("officers/index.html", opportunities=review.open_opportunities(), holder=holder,
                           A=DecisionAction)


@bp.route("/opportunities/<int:opportunity_id>")
@roles_required(Role.OFFICER)
def opportunity(opportunity_id: int):
    opportunity = decisions.get_opportunity(opportunity_id)
    form = FilterForm(request.args)
    sort = review.Sort.parse(request.args.get("sort"))
    page = review.candidates(opportunity, _filters(form), page=request.args.get("page", 1, type=int), sort=sort)
    # Links keep the filters: the pages also the sort, the column headers set their own.
    filters = {k: v for k, v in request.args.items() if k not in ("page", "sort")}
    args = {**filters, "sort": request.args["sort"]} if "sort" in request.args else filters
    return render_template("officers/opportunity.html", opportunity=opportunity, form=form, page=page,
                           args=args, filters=filters, sort=sort, holder=page.holder,
                           trail=review.decision_trail(opportunity.id),
                           fairness=fairness.posting_report(opportunity), fairness_rules=fairness)


def _candidate_page(opportunity, profile, form, status=200):
    match = live.explain(opportunity, [profile.id]).get(profile.id)
    return render_template("officers/candidate.html", opportunity=opportunity, profile=profile, match=match,
                           form=form, status=decisions.status_of(profile.id, opportunity.id),
                           history=decisions.history(profile.id, opportunity.id),
                           interested=opportunity.id in interests_of(profile.id),
                           alumnus=alumni.is_alumnus(profile.id), invite_form=InviteForm()), status


@bp.route("/opportunities/<int:opportunity_id>/candidates/<int:profile_id>")
@roles_required(Role.OFFICER)
def candidate(opportunity_id: int, profile_id: int):
    opportunity = decisions.get_opportunity(opportunity_id)
    profile = decisions.get_candidate(profile_id)
    audit.record("candidate_viewed", actor_id=current_user.id, object_type="profile", object_id=profile.id,
                 subject_user_id=profile.user_id, opportunity=opportunity.id)
    db.session.commit()
    return _candidate_page(opportunity, profile, DecisionForm(steps=opportunity.kind.review_steps))


@bp.route("/opportunities/<int:opportunity_id>/candidates/<int:profile_id>/decide", methods=["POST"])
@roles_required(Role.OFFICER)
def decide(opportunity_id: int, profile_id: int):
    opportunity = decisions.get_opportunity(opportunity_id)
    profile = decisions.get_candidate(profile_id)
    form = DecisionForm(steps=opportunity.kind.review_steps)
    if not form.validate_on_submit():
        return _candidate_page(opportunity, profile, form, 422)
    return submit(lambda: decisions.decide(current_user, profile.id, opportunity.id, DecisionAction(form.action.data),
                                           form.reason.data or ""),
                  form=form, field="reason", success=_("The decision is recorded."),
                  page=lambda code: _candidate_page(opportunity, profile, form, code),
                  then=lambda _decision: redirect(url_for("officers.candidate", opportunity_id=opportunity.id,
                                                          profile_id=profile.id)))


@bp.route("/opportunities/<int:opportunity_id>/candidates/<int:profile_id>/invite", methods=["POST"])
@roles_required(Role.OFFICER)
def invite(opportunity_id: int, profile_id: int):
    opportunity = decisions.get_opportunity(opportunity_id)
    profile = decisions.get_candidate(profile_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _candidate_page(opportunity, profile, DecisionForm(steps=opportunity.kind.review_steps), 422)
    return submit(lambda: alumni.invite(current_user, profile.id, opportunity.id),
                  success=_("Invited back: the member is on the shortlist and has been told."),
                  page=lambda code: _candidate_page(opportunity, profile,
                                                    DecisionForm(steps=opportunity.kind.review_steps), code),
                  then=lambda _decision: redirect(url_for("officers.candidate", opportunity_id=opportunity.id,
                                                          profile_id=profile.id)))


@bp.route("/members/<int:profile_id>")
@roles_required(Role.OFFICER)
def member(profile_id: int):
    profile = get_profile_for(current_user, profile_id)
    if profile.erased_at is not None:
        raise NotFound(_("This profile does not exist."))
    audit.record("profile_viewed", actor_id=current_user.id, object_type="profile", object_id=profile.id,
                 subject_user_id=profile.user_id)
    db.session.commit()
    return render_template("officers/member.html", profile=profile, fits=review.best_postings_for(profile, top=10),
                           history=decisions.history(profile.id), interests=interests_of(profile.id),
                           placements=placements.placements_of_profile(profile.id))
