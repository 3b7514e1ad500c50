"""Program officers' investment pages: certification queue (with its documents), pipeline, claim disputes, reward
ledger."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.errors import InvalidInput
from diaspora.extensions import db
from diaspora.investments import bp, certification, documents, ledger, leads
from diaspora.investments.forms import (CertifyForm, DocumentReviewForm, LeadSearchForm, RefuseForm, ResolveForm,
                                       RewardActionForm)
from diaspora.investments.models import DisputeOutcome, DocumentStatus, LeadStage, RewardStatus
from diaspora.submission import submit

PER_PAGE = 50


def _page_number() -> int:
    """The page asked for; anything that is not a whole number reads as the first page."""
    return request.args.get("page", 1, type=int)


def _queue_page(refuse_forms: dict | None = None, status: int = 200, review_forms: dict | None = None,
                certify_forms: dict | None = None):
    rows = certification.review_queue(current_user)
    refuse_forms, review_forms, certify_forms = refuse_forms or {}, review_forms or {}, certify_forms or {}
    forms = {row.application.id: (certify_forms.get(row.application.id) or
                                  CertifyForm(version=row.application.version, prefix=f"c{row.application.id}"),
                                  refuse_forms.get(row.application.id) or
                                  RefuseForm(version=row.application.version, prefix=f"a{row.application.id}"))
             for row in rows}
    reviews = {d.id: review_forms.get(d.id) or DocumentReviewForm(version=d.version, prefix=f"d{d.id}")
               for row in rows for d in row.documents.values() if d.status is DocumentStatus.SUBMITTED}
    return render_template("investments/queue.html", rows=rows, forms=forms, reviews=reviews,
                           requirements=documents.REQUIRED), status


@bp.route("/queue")
@roles_required(Role.OFFICER)
def queue():
    return _queue_page()


@bp.route("/applications/<int:application_id>/certify", methods=["POST"])
@roles_required(Role.OFFICER)
def certify(application_id: int):
    form = CertifyForm(prefix=f"c{application_id}")
    if not form.validate_on_submit():
        return _queue_page(status=422, certify_forms={application_id: form})
    certification.certify(current_user, application_id, form.expected_version())
    db.session.commit()
    flash(_("The agent is certified and has been told."), "success")
    return redirect(url_for("investments.queue"))


@bp.route("/applications/<int:application_id>/refuse", methods=["POST"])
@roles_required(Role.OFFICER)
def refuse(application_id: int):
    form = RefuseForm(prefix=f"a{application_id}")
    if not form.validate_on_submit():
        return _queue_page({application_id: form}, 422)
    certification.refuse(current_user, application_id, form.reason.data, form.expected_version())
    db.session.commit()
    flash(_("The application is refused and the applicant has been told why."), "success")
    return redirect(url_for("investments.queue"))


@bp.route("/documents/<int:document_id>/review", methods=["POST"])
@roles_required(Role.OFFICER)
def review_document(document_id: int):
    form = DocumentReviewForm(prefix=f"d{document_id}")
    if form.validate_on_submit():
        try:
            documents.review(current_user, document_id, form.decision.data == "accept", form.reason.data,
                             form.expected_version())
        except InvalidInput as error:
            db.session.rollback()
            form.reason.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The review is recorded.") if form.decision.data == "accept"
                  else _("The applicant is asked for the document again and told why."), "success")
            return redirect(url_for("investments.queue"))
    return _queue_page(status=422, review_forms={document_id: form})


@bp.route("/pipeline")
@roles_required(Role.OFFICER)
def pipeline():
    stage = request.args.get("stage", "")
    chosen = LeadStage(stage) if stage in {s.value for s in LeadStage} else None
    search = LeadSearchForm(request.args)
    text = search.text()
    pagination = leads.pipeline_page(current_user, chosen, _page_number(), PER_PAGE, search=text or "")
    return render_template("investments/pipeline.html", pagination=pagination, chosen=chosen, search=search,
                           stage_labels=leads.STAGE_LABELS), 200 if text is not None else 422


def _disputes_page(forms: dict | None = None, status: int = 200):
    rows = leads.disputes(current_user)
    forms = forms or {}
    forms = {lead.id: forms.get(lead.id) or ResolveForm(prefix=f"d{lead.id}") for lead, _holder in rows}
    return render_template("investments/disputes.html", rows=rows, forms=forms,
                           resolutions=leads.resolutions(current_user)), status


@bp.route("/disputes")
@roles_required(Role.OFFICER)
def disputes():
    return _disputes_page()


@bp.route("/disputes/<int:lead_id>/resolve", methods=["POST"])
@roles_required(Role.OFFICER)
def resolve(lead_id: int):
    form = ResolveForm(prefix=f"d{lead_id}")
    if not form.validate_on_submit():
        return _disputes_page({lead_id: form}, 422)
    leads.resolve_dispute(current_user, lead_id, DisputeOutcome(form.outcome.data), form.reason.data)
    db.session.commit()
    flash(_("The dispute is resolved and the decision recorded."), "success")
    return redirect(url_for("investments.disputes"))


@bp.route("/ledger")
@roles_required(Role.OFFICER)
def rewards_ledger():
    status = request.args.get("status", "")
    chosen = RewardStatus(status) if status in {s.value for s in RewardStatus} else None
    totals = ledger.totals()
    return render_template("investments/ledger.html", chosen=chosen, totals=totals, form=RewardActionForm(),
                           pagination=ledger.ledger_page(current_user, chosen, _page_number(), PER_PAGE),
                           listed_total=ledger.listed_total(totals, chosen))


def _back_to_ledger():
    """Back to the filter and page the officer acted on (the action's URL carries them)."""
    kept = {name: request.args[name] for name in ("status", "page") if request.args.get(name)}
    return redirect(url_for("investments.rewards_ledger", **kept))


@bp.route("/rewards/<int:reward_id>/approve", methods=["POST"])
@roles_required(Role.OFFICER)
def approve_reward(reward_id: int):
    return _reward_step(lambda form: ledger.approve(current_user, reward_id, form.expected_version()),
                        _("The reward is approved and the agent has been told."))


@bp.route("/rewards/<int:reward_id>/paid", methods=["POST"])
@roles_required(Role.OFFICER)
def pay_reward(reward_id: int):
    return _reward_step(lambda form: ledger.mark_paid(current_user, reward_id, form.expected_version()),
                        _("The reward is marked as paid."))


def _reward_step(step, success: str):
    """Approve or pay, once ticked as confirmed; a refusal (not confirmed, moved on, four eyes) is flashed on the
    ledger the officer acted on."""
    form = RewardActionForm()
    if not form.validate_on_submit():
        flash(form.confirm.errors[0] if form.confirm.errors else _("The form expired. Please try again."), "error")
        return _back_to_ledger()
    return submit(lambda: step(form), page=lambda _code: _back_to_ledger(), then=lambda _reward: _back_to_ledger(),
                  success=success)
