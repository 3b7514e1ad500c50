"""A Development Agent's pages: certification (documents, application), their leads with stage moves, their
rewards."""
from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.errors import DomainError, InvalidInput
from diaspora.extensions import db
from diaspora.investments import bp, certification, documents, ledger, leads
from diaspora.investments.forms import ApplyForm, DocumentUploadForm, LeadForm, StageForm
from diaspora.investments.ledger import REWARD_LABELS
from diaspora.investments.models import DocumentKind, LeadStage, RewardStatus
from diaspora.investments.reference import sector_name
from diaspora.members.eligibility import meets_agent_rules
from diaspora.members.services import profile_of


@bp.context_processor
def helpers():
    return {"STAGE_NAMES": {stage.value: label for stage, label in leads.STAGE_LABELS.items()},
            "REWARD_NAMES": {status.value: label for status, label in REWARD_LABELS.items()},
            "sector_name": sector_name, "agent_name": agent_name}


def agent_name(user) -> str:
    profile = getattr(user, "profile", None)
    return (profile.full_name if profile and profile.full_name else "") or user.display_name or f"#{user.id}"


def _index_page(upload_forms: dict | None = None, status: int = 200):
    checks = certification.checks_for(current_user.id)
    upload_forms = {r.kind: (upload_forms or {}).get(r.kind) or DocumentUploadForm(prefix=r.kind.value)
                    for r in documents.REQUIRED}
    return render_template("investments/index.html", profile=profile_of(current_user), checks=checks,
                           rules_met=meets_agent_rules(checks),
                           application=certification.latest_application(current_user),
                           certified=certification.is_certified(current_user), form=ApplyForm(),
                           requirements=documents.REQUIRED, documents=documents.documents_of(current_user.id),
                           upload_forms=upload_forms, leads=leads.leads_of(current_user),
                           **_reward_sums(current_user.id)), status


@bp.route("/")
@roles_required(Role.MEMBER)
def index():
    return _index_page()


def _reward_sums(agent_id: int) -> dict:
    totals = ledger.totals(agent_id)
    return {"totals": totals, "earned": sum(totals.values()), "paid": totals[RewardStatus.PAID]}


@bp.route("/apply", methods=["POST"])
@roles_required(Role.MEMBER)
def apply():
    form = ApplyForm()
    if not form.validate_on_submit():
        flash(_("The form expired. Please try again."), "error")
        return redirect(url_for("investments.index"))
    try:
        certification.apply(current_user)
    except InvalidInput as error:
        db.session.rollback()
        flash(error.message, "error")
        return _index_page(status=422)
    db.session.commit()
    flash(_("Your application is received. An officer reviews your documents within 10 days."), "success")
    return redirect(url_for("investments.index"))


@bp.route("/documents/<any(identity, residence, education):kind>", methods=["POST"])
@roles_required(Role.MEMBER)
def upload_document(kind: str):
    form = DocumentUploadForm(prefix=kind)
    if form.validate_on_submit():
        upload_file = form.file.data
        try:
            documents.upload(current_user, DocumentKind(kind), upload_file.filename or "", upload_file.read())
        except InvalidInput as error:
            db.session.rollback()
            form.file.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The document is saved. An officer reviews it with your application."), "success")
            return redirect(url_for("investments.index"))
    return _index_page({DocumentKind(kind): form}, 422)


@bp.route("/documents/<int:document_id>/file")
@roles_required(Role.MEMBER, Role.OFFICER)
def document_file(document_id: int):
    data, document = documents.open_document(current_user, document_id)
    db.session.commit()  # the audit record of an officer's view
    return send_file(io.BytesIO(data), mimetype=document.mime_type, as_attachment=True,
                     download_name=document.display_name, max_age=0)


@bp.route("/leads")
@roles_required(Role.MEMBER)
def my_leads():
    return render_template("investments/my_leads.html", leads=leads.leads_of(current_user),
                           certified=certification.is_certified(current_user))


@bp.route("/leads/new", methods=["GET", "POST"])
@roles_required(Role.MEMBER)
def new_lead():
    if not certification.is_certified(current_user):
        flash(_("Only certified Development Agents can register investment leads."), "error")
        return redirect(url_for("investments.index"))
    form = LeadForm()
    if form.validate_on_submit():
        try:
            registration = leads.register(current_user, form.values())
        except InvalidInput as error:
            db.session.rollback()
            getattr(form, error.field or "company").errors.append(error.message)
        else:
            db.session.commit()
            if registration.holder is not None:
                flash(_("Another agent registered this company first, on %(when)s. Your lead is recorded as a "
                        "disputed claim: the first claim wins unless an officer decides otherwise.",
                        when=registration.holder.registered_at.strftime("%Y-%m-%d %H:%M UTC")), "error")
            else:
                flash(_("The lead is registered: your claim on this company is time-stamped."), "success")
            return redirect(url_for("investments.lead", lead_id=registration.lead.id))
    status = 422 if request.method == "POST" else 200
    return render_template("investments/new_lead.html", form=form), status


def _lead_page(lead_id: int, form: StageForm | None = None, status: int = 200):
    lead = leads.get_lead_for(current_user, lead_id)
    targets = leads.targets_for(current_user, lead)
    if form is None:
        form = StageForm(targets=targets, version=lead.version)
    elif status == 409:
        # Someone moved the lead meanwhile: keep what was typed, set against the lead as it is now.
        form.stage.choices = [(s.value, leads.STAGE_LABELS[s]) for s in targets]
        form.version.data = str(lead.version)
    return render_template("investments/lead.html", lead=lead, form=form, targets=targets,
                           resolution=leads.resolution_of(lead), stage_labels=leads.STAGE_LABELS), status


@bp.route("/leads/<int:lead_id>")
@roles_required(Role.MEMBER, Role.OFFICER)
def lead(lead_id: int):
    return _lead_page(lead_id)


@bp.route("/leads/<int:lead_id>/stage", methods=["POST"])
@roles_required(Role.MEMBER, Role.OFFICER)
def move_stage(lead_id: int):
    lead = leads.get_lead_for(current_user, lead_id)
    form = StageForm(targets=leads.targets_for(current_user, lead))
    if not form.validate_on_submit():
        return _lead_page(lead_id, form, 422)
    try:
        leads.move(current_user, lead_id, LeadStage(form.stage.data), form.note.data,
                   expected_version=form.expected_version(), amount_invested=form.amount_invested.data,
                   jobs_created=form.jobs_created.data)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _lead_page(lead_id, form, error.status_code)
    db.session.commit()
    flash(_("The lead moved to: %(stage)s.", stage=leads.STAGE_LABELS[LeadStage(form.stage.data)]), "success")
    return redirect(url_for("investments.lead", lead_id=lead_id))


@bp.route("/rewards")
@roles_required(Role.MEMBER)
def my_rewards():
    return render_template("investments/my_rewards.html", rewards=ledger.rewards_of(current_user),
                           **_reward_sums(current_user.id))
