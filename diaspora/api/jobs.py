"""Background jobs and bulk import/export through the API: start a job, poll it, fetch its files."""
from __future__ import annotations

from flask import send_file
from marshmallow import RAISE

from diaspora.api import bp
from diaspora.api.auth import auth, responses
from diaspora.api.schemas import ExportQuery, ImportForm, JobOut
from diaspora.bulk import services as bulk
from diaspora.extensions import db
from diaspora.jobs import services as jobs


@bp.get("/jobs/<int(max=2147483647):job_id>")
@bp.auth_required(auth)
@bp.output(JobOut)
@bp.doc(tags=["Jobs"], summary="A job you started: status, progress and result", responses=responses(404))
def get_job(job_id: int):
    return jobs.status_of(jobs.get_job_for(auth.current_user, job_id))


@bp.post("/jobs/<int(max=2147483647):job_id>/cancel")
@bp.auth_required(auth)
@bp.output(JobOut)
@bp.doc(tags=["Jobs"], summary="Cancel a job: it stops at its next step and changes nothing",
        responses=responses(404))
def cancel_job(job_id: int):
    return jobs.status_of(jobs.cancel(auth.current_user, job_id))


@bp.get("/jobs/<int(max=2147483647):job_id>/files/<name>")
@bp.auth_required(auth)
@bp.output({}, content_type="application/octet-stream",
           description="The file (an export, or the report of rejected rows)")
@bp.doc(tags=["Jobs"], summary="A file the job produced", responses=responses(404))
def get_job_file(job_id: int, name: str):
    stream = jobs.open_download(auth.current_user, job_id, name)
    return send_file(stream, as_attachment=True, download_name=name, max_age=0,
                     mimetype="application/octet-stream")


@bp.post("/<any(profiles, opportunities):what>/import")
@bp.auth_required(auth)
@bp.input(ImportForm, location="files", arg_name="form", unknown=RAISE)
@bp.output(JobOut, status_code=202)
@bp.doc(tags=["Bulk"], summary="Import records from a JSON-lines or CSV file (runs as a job)",
        responses=responses(400, 403, 422), operation_id="import_records")
def import_records(what: str, form: dict):
    job = bulk.start_import(auth.current_user, what, form["file"].stream, form["confirm_consent"],
                            form["all_or_nothing"])
    db.session.commit()  # keeps the staged file for the job (a rollback would remove it)
    return jobs.status_of(job)


@bp.post("/<any(profiles, opportunities):what>/export")
@bp.auth_required(auth)
@bp.input(ExportQuery, location="query", arg_name="query", unknown=RAISE)
@bp.output(JobOut, status_code=202)
@bp.doc(tags=["Bulk"], summary="Export records as JSON lines or CSV (runs as a job)",
        responses=responses(403, 422))
def export_records(what: str, query: dict):
    return jobs.status_of(bulk.start_export(auth.current_user, what, query["format"]))
