"""Local projects' pages: calls and proposals, an officer's scoring of a proposal, a project's milestones and
expenses."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.organisations import services as organisations
from diaspora.projects import bp, proposals, tracking
from diaspora.projects.forms import ExpenseForm, MilestoneForm, ProposalForm, ScoreForm, StepForm
from diaspora.submission import submit


@bp.route("/")
@roles_required(Role.MEMBER, Role.OFFICER, Role.MINISTRY)
def index():
    calls, own_proposals = [], []
    if current_user.role is Role.MEMBER:
        calls = proposals.open_calls()
        own_proposals = proposals.proposals_of([o.profile_id for o in organisations.organisations_of(current_user)])
    return render_template("projects/index.html", calls=calls, proposals=own_proposals,
                           projects=tracking.visible_to(current_user))


@bp.route("/calls/<int:opportunity_id>/propose", methods=["GET", "POST"])
@roles_required(Role.MEMBER)
def propose(opportunity_id: int):
    call = proposals.get_call(opportunity_id)
    mine = organisations.organisations_of(current_user)
    form = ProposalForm(organisations=mine)

    def page(code: int):
        return render_template("projects/propose.html", call=call, form=form, organisations=mine), code

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    return submit(lambda: proposals.submit_proposal(current_user, form.organisation.data, call.id,
                                                    form.summary.data, form.budget_eur.data),
                  form=form, field="summary", conflict_in_form=True, page=page,
                  success=_("The proposal is sent. Programme officers review it against the call's criteria."),
                  then=lambda _proposal: redirect(url_for("projects.index")))


@bp.route("/proposals/<int:proposal_id>/score", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def score(proposal_id: int):
    proposal = proposals.get_proposal(current_user, proposal_id)
    form = ScoreForm()
    if request.method == "GET":
        form.fill_from(proposal)

    def page(code: int):
        return render_template("projects/score.html", proposal=proposal, form=form), code

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    return submit(lambda: proposals.score(current_user, proposal.id, form.scores(), form.recommended_budget_eur.data),
                  form=form, field="recommended_budget_eur", page=page, success=_("The scores are saved."),
                  then=lambda _p: redirect(url_for("officers.candidate", opportunity_id=proposal.opportunity_id,
                                                   profile_id=proposal.profile_id)))


def _project_page(project_id: int, milestone_form=None, expense_form=None, code: int = 200):
    project = tracking.get_project_for(current_user, project_id)
    return render_template("projects/project.html", project=project,
                           organisation=organisations.organisation_of_profile(project.profile_id),
                           milestone_form=milestone_form or MilestoneForm(prefix="milestone"),
                           expense_form=expense_form or ExpenseForm(prefix="expense"), step_form=StepForm()), code


def _back(project_id: int):
    return lambda _result: redirect(url_for("projects.project", project_id=project_id))


@bp.route("/<int:project_id>")
@roles_required(Role.MEMBER, Role.OFFICER, Role.MINISTRY)
def project(project_id: int):
    return _project_page(project_id)


@bp.route("/<int:project_id>/milestones", methods=["POST"])
@roles_required(Role.MEMBER, Role.OFFICER)
def add_milestone(project_id: int):
    tracking.get_project_for(current_user, project_id)
    form = MilestoneForm(prefix="milestone")

    def page(code: int):
        return _project_page(project_id, milestone_form=form, code=code)

    if not form.validate_on_submit():
        return page(422)
    return submit(lambda: tracking.add_milestone(current_user, project_id, form.title.data, form.due_date.data),
                  form=form, field="title", page=page, success=_("The milestone is added."), then=_back(project_id))


@bp.route("/<int:project_id>/milestones/<int:milestone_id>/done", methods=["POST"])
@roles_required(Role.MEMBER, Role.OFFICER)
def milestone_done(project_id: int, milestone_id: int):
    tracking.get_project_for(current_user, project_id)
    if not StepForm().validate_on_submit():
        return _project_page(project_id, code=422)
    return submit(lambda: tracking.mark_done(current_user, project_id, milestone_id),
                  page=lambda code: _project_page(project_id, code=code), success=_("The milestone is done."),
                  then=_back(project_id))


@bp.route("/<int:project_id>/expenses", methods=["POST"])
@roles_required(Role.MEMBER, Role.OFFICER)
def add_expense(project_id: int):
    tracking.get_project_for(current_user, project_id)
    form = ExpenseForm(prefix="expense")

    def page(code: int):
        return _project_page(project_id, expense_form=form, code=code)

    if not form.validate_on_submit():
        return page(422)
    return submit(lambda: tracking.add_expense(current_user, project_id, form.spent_on.data, form.description.data,
                                               form.amount_eur.data),
                  form=form, field="amount_eur", page=page, success=_("The expense is recorded."),
                  then=_back(project_id))


@bp.route("/<int:project_id>/complete", methods=["POST"])
@roles_required(Role.OFFICER)
def complete(project_id: int):
    tracking.get_project_for(current_user, project_id)
    if not StepForm().validate_on_submit():
        return _project_page(project_id, code=422)
    return submit(lambda: tracking.complete(current_user, project_id),
                  page=lambda code: _project_page(project_id, code=code), success=_("The project is completed."),
                  then=_back(project_id))
