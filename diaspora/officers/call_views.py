"""Officers' pages for a whole call: optimal allocation, and retraining the scorer from decisions."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.errors import InvalidInput
from diaspora.extensions import db
from diaspora.jobs.runner import submit
from diaspora.matches import learning, live
from diaspora.officers import bp
from diaspora.programme import allocation
from diaspora.officers.forms import AllocationForm, RebuildIndexForm, RetrainForm


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdecimal()]


@bp.route("/allocation")
@roles_required(Role.OFFICER)
def allocation_page():
    chosen = _ids(request.args.getlist("opportunity"))
    min_score = request.args.get("min_score", 0, type=float)
    min_score = min(max(min_score, 0.0), 100.0)
    pairs, unfilled = allocation.propose(chosen, min_score) if chosen else ([], {})
    return render_template("officers/allocation.html", fellowships=allocation.open_fellowships(), chosen=set(chosen),
                           min_score=min_score, pairs=pairs, unfilled=unfilled, form=AllocationForm())


def _parse_pairs(form) -> list[tuple[int, int]]:
    pairs = []
    for key, value in form.items():
        if not key.startswith("pair-") or value == "":
            continue
        left, _sep, right = value.partition(":")
        if not (left.isdecimal() and right.isdecimal()):
            raise InvalidInput(_("The allocation could not be read. Please start again."))
        pairs.append((int(left), int(right)))
    return pairs


@bp.route("/allocation/apply", methods=["POST"])
@roles_required(Role.OFFICER)
def allocation_apply():
    if not AllocationForm().validate_on_submit():
        flash(_("The allocation could not be read. Please start again."), "error")
        return redirect(url_for("officers.allocation_page")), 303
    try:
        pairs = _parse_pairs(request.form)
        done, skipped = allocation.apply(current_user, pairs)
    except InvalidInput as error:
        db.session.rollback()
        flash(error.message, "error")
        return render_template("officers/allocation.html", fellowships=allocation.open_fellowships(), chosen=set(),
                               min_score=0, pairs=[], unfilled={}, form=AllocationForm()), 422
    db.session.commit()
    flash(_("%(done)d candidates shortlisted; %(skipped)d already further in the process were left as they were.",
            done=done, skipped=skipped), "success")
    return redirect(url_for("officers.index"))


@bp.route("/learning")
@roles_required(Role.OFFICER)
def learning_page():
    return render_template("officers/learning.html", holder=live.live(), models=learning.model_history(),
                           labelled=len(learning.labelled_decisions()), form=RetrainForm(),
                           rebuild_form=RebuildIndexForm())


@bp.route("/learning/retrain", methods=["POST"])
@roles_required(Role.OFFICER)
def retrain():
    if not RetrainForm().validate_on_submit():
        return redirect(url_for("officers.learning_page")), 303
    job = submit("retrain", learning.retrain_job, current_user.id, created_by=current_user)
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("/learning/rebuild-index", methods=["POST"])
@roles_required(Role.OFFICER, Role.ADMIN)
def rebuild_index():
    if not RebuildIndexForm().validate_on_submit():
        return redirect(url_for("officers.learning_page")), 303
    job = submit("rebuild_index", live.rebuild_everywhere, created_by=current_user)
    return redirect(url_for("jobs.show", job_id=job.id))
