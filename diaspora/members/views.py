"""A member's own pages: dashboard, profile, profile editing, and their privacy rights."""
from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from diaspora import privacy

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.members import bp, services
from diaspora.members.eligibility import meets_agent_rules
from diaspora.members.forms import EraseForm, ProfileForm
from diaspora.submission import submit


@bp.route("/")
@roles_required(Role.MEMBER)
def dashboard():
    # The relationship rather than services.profile_of: base.html reads current_user.profile for its menu, so
    # loading it this way spares the page a second query for the same row.
    profile = current_user.profile
    return render_template("members/dashboard.html", profile=profile)


@bp.route("/profile")
@roles_required(Role.MEMBER)
def profile():
    profile = current_user.profile  # as in dashboard()
    if profile is None:
        return redirect(url_for("members.edit_profile"))
    checks = services.agent_checks(profile)
    return render_template("members/profile.html", profile=profile, checks=checks,
                           agent_ok=meets_agent_rules(checks))


@bp.route("/profile/edit", methods=["GET", "POST"])
@roles_required(Role.MEMBER)
def edit_profile():
    profile = services.profile_of(current_user)
    form = ProfileForm()
    if request.method == "GET" and profile is not None:
        form.fill_from(profile)

    def page(status: int):
        shown = services.profile_of(current_user) if status == 409 else profile
        return render_template("members/edit_profile.html", form=form, profile=shown), status

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    return submit(lambda: services.save_profile(current_user, form.profile_values(), consent=form.consent.data,
                                                expected_version=request.form.get("version", type=int)),
                  form=form, field="full_name", page=page, success=_("Your profile is saved."),
                  then=lambda _profile: redirect(url_for("members.profile")))


@bp.route("/privacy")
@roles_required(Role.MEMBER)
def privacy_page():
    return render_template("members/privacy.html", profile=services.profile_of(current_user),
                           form=EraseForm())


@bp.route("/consent/withdraw", methods=["POST"])
@roles_required(Role.MEMBER)
def withdraw_consent():
    services.withdraw_consent(current_user)
    db.session.commit()
    flash(_("Your consent is withdrawn: you no longer appear in matching. Edit your profile to give it again."),
          "success")
    return redirect(url_for("members.privacy_page"))


@bp.route("/data", methods=["POST"])
@roles_required(Role.MEMBER)
def download_data():
    data = privacy.export_personal_data(current_user, actor=current_user)
    db.session.commit()
    response = Response(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                        mimetype="application/json")
    response.headers["Content-Disposition"] = "attachment; filename=ura-my-data.json"
    return response


@bp.route("/erase", methods=["POST"])
@roles_required(Role.MEMBER)
def erase():
    form = EraseForm()
    if not form.validate_on_submit() or not current_user.check_password(form.password.data or ""):
        form.password.errors = [_("The password is not correct.")]
        return render_template("members/privacy.html", profile=services.profile_of(current_user), form=form), 422
    privacy.erase_user(current_user, actor=current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Your personal data has been erased. Thank you for having been part of Ura."), "success")
    return redirect(url_for("main.index"))
