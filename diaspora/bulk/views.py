"""Import and export pages; the work itself runs as a job whose page shows progress and result."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.bulk import bp, services
from diaspora.bulk.forms import ExportForm, ImportForm
from diaspora.errors import InvalidInput
from diaspora.extensions import db


LARGE_UPLOADS = frozenset({"bulk.start_import", "api.import_records"})


def _allow_large_uploads():
    # A 10,000-row roster is larger than the site-wide upload limit meant for CVs.
    if request.endpoint in LARGE_UPLOADS:
        request.max_content_length = services.MAX_BYTES


@bp.record_once
def _register_upload_limit(state) -> None:
    # First of the app's before-request functions: CSRFProtect reads the form (so applies the limit) earlier
    # than any blueprint's own before_request would run.
    state.app.before_request_funcs.setdefault(None, []).insert(0, _allow_large_uploads)


def _page(import_form=None, export_form=None, what=None, status=200):
    sections = [w for w in (services.PROFILES, services.OPPORTUNITIES) if services.may_use(current_user, w)]
    forms = {w: (import_form if w == what and import_form else ImportForm(prefix=f"import-{w}"),
                 export_form if w == what and export_form else ExportForm(prefix=f"export-{w}"))
             for w in sections}
    return render_template("bulk/index.html", forms=forms), status


@bp.route("/")
@roles_required(Role.MINISTRY, Role.OFFICER, Role.ADMIN)
def index():
    return _page()


@bp.route("/<what>/import", methods=["POST"])
@roles_required(Role.MINISTRY, Role.OFFICER, Role.ADMIN)
def start_import(what: str):
    if what not in (services.PROFILES, services.OPPORTUNITIES) or not services.may_use(current_user, what):
        abort(404)
    form = ImportForm(prefix=f"import-{what}")
    if form.validate_on_submit():
        try:
            job = services.start_import(current_user, what, form.file.data.stream, form.confirm_consent.data,
                                        form.all_or_nothing.data)
        except InvalidInput as error:
            getattr(form, error.field or "file").errors.append(error.message)
        else:
            db.session.commit()  # keeps the staged file for the job (a rollback would remove it)
            return redirect(url_for("jobs.show", job_id=job.id))
    return _page(import_form=form, what=what, status=422)


@bp.route("/<what>/export", methods=["POST"])
@roles_required(Role.MINISTRY, Role.OFFICER, Role.ADMIN)
def start_export(what: str):
    if what not in (services.PROFILES, services.OPPORTUNITIES) or not services.may_use(current_user, what):
        abort(404)
    form = ExportForm(prefix=f"export-{what}")
    if form.validate_on_submit():
        job = services.start_export(current_user, what, form.format.data)
        return redirect(url_for("jobs.show", job_id=job.id))
    return _page(export_form=form, what=what, status=422)
