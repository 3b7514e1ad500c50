"""Public pages: the landing page, open opportunities, the privacy notice, the language switch."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from diaspora.extensions import db
from diaspora.main import bp
from diaspora.main.forms import PostingSearchForm
from diaspora.main.figures import landing_counts
from diaspora.opportunities import services as postings
from diaspora.programme import offers
from diaspora.urls import safe_next


@bp.route("/")
def index():
    return render_template("main/index.html", counts=landing_counts())


@bp.route("/opportunities")
def opportunities():
    search = PostingSearchForm(request.args)
    text = search.text()
    pagination = postings.newest_open_page(request.args.get("page", 1, type=int), per_page=20, search=text or "")
    return render_template("main/opportunities.html", pagination=pagination, search=search), \
        200 if text is not None else 422


@bp.route("/opportunities/<int:opportunity_id>")
def opportunity(opportunity_id: int):
    item = postings.get_open(opportunity_id)  # a closed or missing one: the "Not found" page, with its message
    return render_template("main/opportunity.html", opportunity=item, standing=offers.standing_of(current_user, item))


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
