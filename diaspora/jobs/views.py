"""Job pages: a progress page that polls a JSON status, cancellation, and result downloads."""
from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.jobs import bp, services

EVERYONE = tuple(Role)


@bp.route("/")
@roles_required(*EVERYONE)
def index():
    return render_template("jobs/index.html", jobs=services.recent_jobs(current_user),
                           labels=services.STATUS_LABELS, kind_labels=services.KIND_LABELS)


@bp.route("/<int:job_id>")
@roles_required(*EVERYONE)
def show(job_id: int):
    job = services.get_job_for(current_user, job_id)
    return render_template("jobs/show.html", job=job, labels=services.STATUS_LABELS,
                           kind_labels=services.KIND_LABELS, result_labels=services.RESULT_LABELS)


@bp.route("/<int:job_id>/status")
@roles_required(*EVERYONE)
def status(job_id: int):
    response = jsonify(services.status_of(services.get_job_for(current_user, job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:job_id>/cancel", methods=["POST"])
@roles_required(*EVERYONE)
def cancel(job_id: int):
    job = services.cancel(current_user, job_id)
    if job.status.finished and not job.cancel_requested:
        flash(_("The job had already finished."), "info")
    else:
        flash(_("Cancellation requested: the job stops at its next step and changes nothing."), "success")
    return redirect(url_for("jobs.show", job_id=job_id))


@bp.route("/<int:job_id>/files/<name>")
@roles_required(*EVERYONE)
def download(job_id: int, name: str):
    stream = services.open_download(current_user, job_id, name)
    return send_file(stream, as_attachment=True, download_name=name, max_age=0)
