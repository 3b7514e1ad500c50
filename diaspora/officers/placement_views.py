"""Officers' placement pages: list, one placement with its status steps, reports and final evaluation."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.officers import bp
from diaspora.officers.forms import EvaluationForm, StatusForm
from diaspora.programme import field_projects, placements
from diaspora.programme.forms import AcceptDeliverableForm, ReportForm
from diaspora.programme.models import PlacementStatus
from diaspora.submission import submit


@bp.route("/placements")
@roles_required(Role.OFFICER)
def placements_list():
    status = request.args.get("status", "")
    chosen = PlacementStatus(status) if status in {s.value for s in PlacementStatus} else None
    return render_template("officers/placements.html", placements=placements.list_placements(chosen),
                           statuses=list(PlacementStatus), chosen=chosen)


def new_evaluation_form() -> EvaluationForm:
    # Prefixed: the report form on the same page has a `text` field too, and ids must stay unique.
    return EvaluationForm(prefix="evaluation")


def _page(placement, status_form=None, report_form=None, evaluation_form=None, code=200):
    return render_template("officers/placement.html", placement=placement,
                           status_form=status_form or StatusForm(version=placement.version),
                           report_form=report_form or ReportForm.for_placement(placement),
                           evaluation_form=evaluation_form or new_evaluation_form(),
                           deliverable_form=AcceptDeliverableForm(prefix="deliverable")), code


def _again(placement_id: int, **forms):
    """The page shown again after a refused step: the placement read afresh (the step was rolled back)."""
    return lambda code: _page(placements.get_placement_for(current_user, placement_id), code=code, **forms)


@bp.route("/placements/<int:placement_id>")
@roles_required(Role.OFFICER)
def placement(placement_id: int):
    return _page(placements.get_placement_for(current_user, placement_id))


@bp.route("/placements/<int:placement_id>/status", methods=["POST"])
@roles_required(Role.OFFICER)
def placement_status(placement_id: int):
    placement = placements.get_placement_for(current_user, placement_id)
    form = StatusForm()
    if not form.validate_on_submit():
        return _page(placement, status_form=form, code=422)
    version = int(form.version.data) if (form.version.data or "").isdecimal() else None
    return submit(lambda: placements.change_status(current_user, placement.id, form.step.data, form.reason.data or "",
                                                   expected_version=version),
                  form=form, field="reason", success=_("The placement is updated."),
                  page=_again(placement_id, status_form=form),
                  then=lambda _placement: redirect(url_for("officers.placement", placement_id=placement_id)))


@bp.route("/placements/<int:placement_id>/report", methods=["POST"])
@roles_required(Role.OFFICER)
def placement_report(placement_id: int):
    placement = placements.get_placement_for(current_user, placement_id)
    form = ReportForm.for_placement(placement, request.form)
    return form.save(placement, page=_again(placement_id, report_form=form),
                     then=lambda _report: redirect(url_for("officers.placement", placement_id=placement_id)))


@bp.route("/placements/<int:placement_id>/evaluation", methods=["POST"])
@roles_required(Role.OFFICER)
def placement_evaluation(placement_id: int):
    placement = placements.get_placement_for(current_user, placement_id)
    form = new_evaluation_form()
    page = _again(placement_id, evaluation_form=form)
    if not form.validate_on_submit():
        return page(422)
    return submit(lambda: placements.evaluate(current_user, placement.id, int(form.rating.data), form.text.data),
                  form=form, field="text", conflict_in_form=True, success=_("The final evaluation is saved."),
                  page=page, then=lambda _evaluation: redirect(url_for("officers.placement", placement_id=placement_id)))


@bp.route("/placements/<int:placement_id>/deliverable/accept", methods=["POST"])
@roles_required(Role.OFFICER)
def accept_deliverable(placement_id: int):
    placement = placements.get_placement_for(current_user, placement_id)
    if not AcceptDeliverableForm(prefix="deliverable").validate_on_submit():
        return _page(placement, code=422)
    return submit(lambda: field_projects.accept_deliverable(current_user, placement.id),
                  success=_("The deliverable is accepted."), page=_again(placement_id),
                  then=lambda _placement: redirect(url_for("officers.placement", placement_id=placement_id)))
