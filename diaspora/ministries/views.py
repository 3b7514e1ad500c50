"""A focal point's pages: their institution's postings, create, edit, open, close."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.errors import Conflict
from diaspora.extensions import db
from diaspora.ministries import bp
from diaspora.opportunities import services
from diaspora.ministries.forms import FellowshipForm, InvestmentLeadForm
from diaspora.opportunities.models import OpportunityKind
from diaspora.notifications import fits

FORMS = {OpportunityKind.FELLOWSHIP: FellowshipForm, OpportunityKind.INVESTMENT_LEAD: InvestmentLeadForm}
KIND_SLUGS = {"fellowship": OpportunityKind.FELLOWSHIP, "investment-lead": OpportunityKind.INVESTMENT_LEAD}


@bp.route("/")
@roles_required(Role.MINISTRY)
def index():
    postings = services.institution_opportunities(current_user)
    return render_template("ministries/index.html", postings=postings, institution=current_user.institution)


@bp.route("/new/<kind_slug>", methods=["GET", "POST"])
@roles_required(Role.MINISTRY)
def new(kind_slug: str):
    kind = KIND_SLUGS.get(kind_slug) or abort(404)
    form = FORMS[kind]()
    if form.validate_on_submit():
        opportunity = services.create(current_user, kind, form.values())
        db.session.commit()
        flash(_("Saved as a draft. Open it when you are ready to receive candidates."), "success")
        return redirect(url_for("ministries.show", opportunity_id=opportunity.id))
    status = 422 if request.method == "POST" else 200
    return render_template("ministries/edit.html", form=form, kind=kind, opportunity=None), status


@bp.route("/<int:opportunity_id>")
@roles_required(Role.MINISTRY)
def show(opportunity_id: int):
    opportunity = services.get_own(current_user, opportunity_id)
    return render_template("ministries/show.html", opportunity=opportunity)


@bp.route("/<int:opportunity_id>/edit", methods=["GET", "POST"])
@roles_required(Role.MINISTRY)
def edit(opportunity_id: int):
    opportunity = services.get_own(current_user, opportunity_id)
    form = FORMS[opportunity.kind]()
    if request.method == "GET":
        form.fill_from(opportunity)
    if form.validate_on_submit():
        expected = request.form.get("version", type=int)
        try:
            services.update(current_user, opportunity_id, form.values(), expected_version=expected)
        except Conflict as error:
            db.session.rollback()
            flash(error.message, "error")
            opportunity = services.get_own(current_user, opportunity_id)
            return render_template("ministries/edit.html", form=form, kind=opportunity.kind,
                                   opportunity=opportunity), 409
        db.session.commit()
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("ministries.show", opportunity_id=opportunity_id))
    status = 422 if request.method == "POST" else 200
    return render_template("ministries/edit.html", form=form, kind=opportunity.kind,
                           opportunity=opportunity), status


@bp.route("/<int:opportunity_id>/open", methods=["POST"])
@roles_required(Role.MINISTRY)
def open_posting(opportunity_id: int):
    opportunity, first_opening = services.open_posting(current_user, opportunity_id)
    db.session.commit()
    if first_opening:
        fits.announce(current_user, opportunity)
    flash(_("The posting is open."), "success")
    return redirect(url_for("ministries.show", opportunity_id=opportunity_id))


@bp.route("/<int:opportunity_id>/close", methods=["POST"])
@roles_required(Role.MINISTRY)
def close_posting(opportunity_id: int):
    services.close_posting(current_user, opportunity_id)
    db.session.commit()
    flash(_("The posting is closed."), "success")
    return redirect(url_for("ministries.show", opportunity_id=opportunity_id))
