"""Public pages: the landing page, open opportunities, the privacy notice, the language switch."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select

from diaspora.auth.views import safe_next
from diaspora.extensions import db
from diaspora.main import bp
from diaspora.members.models import MemberProfile
from diaspora.ministries.models import Institution, Opportunity, OpportunityKind, OpportunityStatus


@bp.route("/")
def index():
    counts = {
        "fellowships": db.session.scalar(select(func.count(Opportunity.id)).where(
            Opportunity.status == OpportunityStatus.OPEN, Opportunity.kind == OpportunityKind.FELLOWSHIP)),
        "leads": db.session.scalar(select(func.count(Opportunity.id)).where(
            Opportunity.status == OpportunityStatus.OPEN, Opportunity.kind == OpportunityKind.INVESTMENT_LEAD)),
        "members": db.session.scalar(select(func.count(MemberProfile.id))),
        "institutions": db.session.scalar(select(func.count(Institution.id))),
    }
    return render_template("main/index.html", counts=counts)


@bp.route("/opportunities")
def opportunities():
    page = max(request.args.get("page", 1, type=int), 1)
    query = (select(Opportunity).where(Opportunity.status == OpportunityStatus.OPEN)
             .order_by(Opportunity.opened_at.desc(), Opportunity.id.desc()))
    pagination = db.paginate(query, page=page, per_page=20, error_out=False)
    return render_template("main/opportunities.html", pagination=pagination)


@bp.route("/opportunities/<int:opportunity_id>")
def opportunity(opportunity_id: int):
    item = db.session.get(Opportunity, opportunity_id)
    if item is None or item.status is not OpportunityStatus.OPEN:
        return render_template("errors/error.html", status=404, title="404", message=""), 404
    return render_template("main/opportunity.html", opportunity=item)


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html", version=current_app.config["PRIVACY_POLICY_VERSION"])


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("main.index"))
