"""Administrators curate the taxonomy: the queue of typed skills no concept reads, a decision on each, export and
import of the curated vocabulary."""
from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.curation import bp, exchange, services
from diaspora.curation.forms import AliasForm, ConceptForm, DismissForm, ImportForm
from diaspora.errors import InvalidInput
from diaspora.matches.models import TermStatus
from diaspora.submission import show_error, submit
from diaspora.taxonomy_names import taxonomy_name

STATUS_LABELS = {TermStatus.PENDING: _l("To decide"), TermStatus.ALIAS: _l("Aliases"),
                 TermStatus.CONCEPT: _l("New concepts"), TermStatus.DISMISSED: _l("Dismissed")}
EXPORTS = {"json": ("application/json", exchange.to_json), "csv": ("text/csv; charset=utf-8", exchange.to_csv)}


def _queue_page(status_code: int = 200, import_form: ImportForm | None = None, report=None):
    value = request.args.get("status", TermStatus.PENDING.value)
    status = TermStatus(value) if value in {s.value for s in TermStatus} else TermStatus.PENDING
    pagination, rows = services.queue_page(current_user, status, request.args.get("page", 1, type=int))
    return render_template("curation/queue.html", pagination=pagination, rows=rows, status=status,
                           status_labels=STATUS_LABELS, concept_names=dict(services.concept_choices()),
                           import_form=import_form or ImportForm(), report=report), status_code


def _concept_choices() -> list[tuple[str, str]]:
    """Every concept, named and ordered as the reader reads it."""
    named = [(cid, taxonomy_name(name)) for cid, name in services.concept_choices()]
    return sorted(named, key=lambda choice: (choice[1].casefold(), choice[0]))


@bp.route("/")
@roles_required(Role.ADMIN)
def queue():
    return _queue_page()


def _term_page(term_id: int, status_code: int = 200, alias_form=None, concept_form=None, dismiss_form=None):
    row = services.get_term(current_user, term_id)
    fuzzy, lexicon = services.suggestions(row.term)
    version = {"version": row.term.version}
    return render_template(
        "curation/term.html", row=row, fuzzy=fuzzy, lexicon=lexicon, postings=services.postings_of(row.term),
        alias_form=alias_form or AliasForm(choices=_concept_choices(), data=version),
        concept_form=concept_form or ConceptForm(data={**version, "name": row.term.term}),
        dismiss_form=dismiss_form or DismissForm(data=version), status_labels=STATUS_LABELS,
        concept_names=dict(services.concept_choices())), status_code


def _back_to_queue(_term):
    return redirect(url_for("curation.queue"))


@bp.route("/terms/<int:term_id>")
@roles_required(Role.ADMIN)
def term(term_id: int):
    return _term_page(term_id)


def _decide(term_id: int, form, form_name: str, action, success: str, field: str | None = None):
    """One decision on a term: its form re-rendered on the term's page when invalid, else the service called."""
    def page(code: int):
        return _term_page(term_id, code, **{form_name: form})

    if not form.validate_on_submit():
        return page(422)
    return submit(action, form=form, field=field, page=page, success=success, then=_back_to_queue)


@bp.route("/terms/<int:term_id>/alias", methods=["POST"])
@roles_required(Role.ADMIN)
def alias(term_id: int):
    form = AliasForm(choices=_concept_choices())
    return _decide(term_id, form, "alias_form",
                   lambda: services.map_to_concept(current_user, term_id, form.concept.data, form.expected_version()),
                   _("The term now reads as that concept."), field="concept")


@bp.route("/terms/<int:term_id>/concept", methods=["POST"])
@roles_required(Role.ADMIN)
def concept(term_id: int):
    form = ConceptForm()
    return _decide(term_id, form, "concept_form",
                   lambda: services.create_concept(current_user, term_id, form.name.data, form.expected_version()),
                   _("Concept created; the term reads as it."), field="name")


@bp.route("/terms/<int:term_id>/dismiss", methods=["POST"])
@roles_required(Role.ADMIN)
def dismiss(term_id: int):
    form = DismissForm()
    return _decide(term_id, form, "dismiss_form",
                   lambda: services.dismiss(current_user, term_id, form.expected_version()),
                   _("Term dismissed: it stays free text."))


@bp.route("/export.<any(json, csv):fmt>")
@roles_required(Role.ADMIN)
def export(fmt: str):
    mimetype, write = EXPORTS[fmt]
    return Response(write(exchange.export_rows(current_user)), mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename=ura-curated-vocabulary.{fmt}"})


@bp.route("/import", methods=["POST"])
@roles_required(Role.ADMIN)
def import_vocabulary():
    form = ImportForm()
    if not form.validate_on_submit():
        return _queue_page(422, import_form=form)
    try:
        records = exchange.parse(form.file.data.read(), form.file.data.filename or "")
    except InvalidInput as error:
        show_error(form, error, "file")
        return _queue_page(422, import_form=form)
    return submit(lambda: exchange.import_rows(current_user, records), form=form, field="file",
                  page=lambda code: _queue_page(code, import_form=form),
                  then=lambda report: _queue_page(200, report=report))
