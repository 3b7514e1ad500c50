"""Officers' placement pages: list, one placement with its status steps, reports and final evaluation."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.errors import Conflict, InvalidInput
from diaspora.extensions import db
from diaspora.officers import bp
from diaspora.programme import placements
from diaspora.officers.forms import EvaluationForm, ReportForm, StatusForm
from diaspora.programme.models import PlacementStatus


def report_form_for(placement, formdata=None) -> ReportForm:
    form = ReportForm(formdata=formdata) if formdata is not None else ReportForm()
    form.set_chapters(placement.opportunity.acquis_chapters or [])
    return form


def submit_report(placement, form: ReportForm) -> bool:
    """Shared by the officer's and the member's pages: True when the report was saved (and committed)."""
    if not form.validate_on_submit():
        return False
    deliverables = form.deliverable_values()
    if deliverables is None:
        form.deliverables.errors.append(_("Give each deliverable a chapter, and each chapter a deliverable."))
        return False
    try:
        placements.add_report(current_user, placement.id, form.month.data, form.text.data, deliverables)
    except (InvalidInput, Conflict) as error:
        db.session.rollback()
        form.text.errors.append(error.message)
        return False
    db.session.commit()
    flash(_("The report is saved."), "success")
    return True


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
                           report_form=report_form or report_form_for(placement),
                           evaluation_form=evaluation_form or new_evaluation_form()), code


@bp.route("/placements/<int:placement_id>")
@roles_required(Role.OFFICER)
def placement(placement_id: int):
    return _page(placements.get_placement_for(current_user, placement_id))


@bp.route("/placements/<int:placement_id>/status", methods=["POST"])
@roles_required(Role.OFFICER)
def placement_status(placement_id: int):
    placement = placements.get_placement_for(current_user, placement_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            placements.change_status(current_user, placement.id, form.step.data, form.reason.data or "",
                                     expected_version=int(form.version.data) if (form.version.data or "").isdecimal() else None)
        except InvalidInput as error:
            db.session.rollback()
            form.reason.errors.append(error.message)
        except Conflict as error:
            db.session.rollback()
            flash(error.message, "error")
            return _page(placements.get_placement_for(current_user, placement_id), status_form=form, code=409)
        else:
            db.session.commit()
            flash(_("The placement is updated."), "success")
            return redirect(url_for("officers.placement", placement_id=placement.id))
    return _page(placement, status_form=form, code=422)


@bp.route("/placements/<int:placement_id>/report", methods=["POST"])
@roles_required(Role.OFFICER)
def placement_report(placement_id: int):
    placement = placements.get_placement_for(current_user, placement_id)
    form = report_form_for(placement, request.form)
    if submit_report(placement, form):
        return redirect(url_for("officers.placement", placement_id=placement.id))
    return _page(placements.get_placement_for(current_user, placement_id), report_form=form, code=422)


@bp.route("/placements/<int:placement_id>/evaluation", methods=["POST"])
@roles_required(Role.OFFICER)
def placement_evaluation(placement_id: int):
    placement = placements.get_placement_for(current_user, placement_id)
    form = new_evaluation_form()
    if form.validate_on_submit():
        try:
            placements.evaluate(current_user, placement.id, int(form.rating.data), form.text.data)
        except (InvalidInput, Conflict) as error:
            db.session.rollback()
            form.text.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The final evaluation is saved."), "success")
            return redirect(url_for("officers.placement", placement_id=placement.id))
    return _page(placements.get_placement_for(current_user, placement_id), evaluation_form=form, code=422)
