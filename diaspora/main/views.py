"""Public pages: the landing page, open opportunities, the privacy notice, the language switch."""
from __future__ import annotations

import time

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import func, select

from diaspora.auth.views import safe_next
from diaspora.extensions import db
from diaspora.paging import page_of
from diaspora.main import bp
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Institution, Opportunity, OpportunityKind, OpportunityStatus


# The landing page counts everything at each visit except the profiles, counted at most once a minute per
# process: counting 100,000 profiles costs PostgreSQL 12-40 ms, on the page every visitor opens first.
MEMBERS_COUNT_SECONDS = 60


def _open(kind: OpportunityKind):
    return (select(func.count(Opportunity.id))
            .where(Opportunity.status == OpportunityStatus.OPEN, Opportunity.kind == kind).scalar_subquery())


def landing_counts() -> dict[str, int]:
    """The landing page's figures, in one query."""
    kept = current_app.extensions.get("ura.members_count")
    fresh = kept is not None and time.monotonic() - kept[0] < MEMBERS_COUNT_SECONDS
    columns = [_open(OpportunityKind.FELLOWSHIP).label("fellowships"),
               _open(OpportunityKind.INVESTMENT_LEAD).label("leads"),
               select(func.count(Institution.id)).scalar_subquery().label("institutions")]
    if not fresh:
        columns.append(select(func.count(MemberProfile.id)).scalar_subquery().label("members"))
    counts = db.session.execute(select(*columns)).one()._asdict()
    if fresh:
        counts["members"] = kept[1]
    else:
        current_app.extensions["ura.members_count"] = (time.monotonic(), counts["members"])
    return counts


@bp.route("/")
def index():
    return render_template("main/index.html", counts=landing_counts())


@bp.route("/opportunities")
def opportunities():
    query = (select(Opportunity).where(Opportunity.status == OpportunityStatus.OPEN)
             .order_by(Opportunity.opened_at.desc(), Opportunity.id.desc()))
    pagination = page_of(query, request.args.get("page", 1, type=int), per_page=20)
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
