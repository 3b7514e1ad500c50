"""A member's CV: upload, skill suggestions to accept or discard, and the file itself."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.cv import bp, services
from diaspora.cv.forms import CvUploadForm
from diaspora.errors import InvalidInput, ServiceUnavailable
from diaspora.extensions import db
from diaspora.jobs import services as job_pages
from diaspora.jobs.models import JobStatus
from diaspora.members.services import profile_of


def _page(form: CvUploadForm, status: int = 200):
    document = services.cv_of(current_user)
    job = services.reading_job(current_user, document) if document and document.parsed_at is None else None
    return render_template("cv/index.html", form=form, document=document, job=job,
                           job_labels=job_pages.STATUS_LABELS, profile=profile_of(current_user)), status


@bp.route("/")
@roles_required(Role.MEMBER)
def index():
    return _page(CvUploadForm())


@bp.route("/upload", methods=["POST"])
@roles_required(Role.MEMBER)
def upload():
    form = CvUploadForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    upload_file = form.file.data
    try:
        document = services.upload_cv(current_user, upload_file.filename or "", upload_file.read())
    except InvalidInput as error:
        db.session.rollback()
        form.file.errors.append(error.message)
        return _page(form, 422)
    db.session.commit()
    try:
        job = services.start_reading(current_user, document)
    except ServiceUnavailable as error:
        flash(error.message, "error")
        return redirect(url_for("cv.index"))
    if job.status is JobStatus.DONE:  # inline (no Redis): already read, in the job's own session
        db.session.refresh(document)
    if job.status is JobStatus.DONE and document.suggestions:
        flash(ngettext("We found %(num)d new skill in your CV. Choose whether to add it to your profile.",
                       "We found %(num)d new skills in your CV. Choose the ones to add to your profile.",
                       len(document.suggestions)), "success")
    elif job.status is JobStatus.DONE:
        flash(_("Your CV is saved. Every skill we found in it is already on your profile."), "info")
    elif not job.status.finished:
        flash(_("Your CV is saved. We are reading it now; its skills appear on this page in a moment."), "info")
    return redirect(url_for("cv.index"))


@bp.route("/suggestions", methods=["POST"])
@roles_required(Role.MEMBER)
def suggestions():
    added = services.review_suggestions(current_user, set(request.form.getlist("skill")))
    db.session.commit()
    flash(ngettext("%(num)d skill added to your profile.", "%(num)d skills added to your profile.", added),
          "success")
    return redirect(url_for("members.profile"))


@bp.route("/<int:user_id>/file")
@login_required
def download(user_id: int):
    stream, document = services.open_cv(current_user, user_id)
    db.session.commit()
    return send_file(stream, mimetype=document.mime_type, as_attachment=True,
                     download_name=document.display_name, max_age=0)
