"""A member's own pages: dashboard, profile, profile editing."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.errors import InvalidInput
from diaspora.extensions import db
from diaspora.members import bp, services
from diaspora.members.eligibility import meets_agent_rules
from diaspora.members.forms import ProfileForm


@bp.route("/")
@roles_required(Role.MEMBER)
def dashboard():
    profile = services.profile_of(current_user)
    return render_template("members/dashboard.html", profile=profile)


@bp.route("/profile")
@roles_required(Role.MEMBER)
def profile():
    profile = services.profile_of(current_user)
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
    if form.validate_on_submit():
        try:
            services.save_profile(current_user, form.profile_values(), consent=form.consent.data)
        except InvalidInput as error:
            getattr(form, error.field or "full_name").errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("members.profile"))
    status = 422 if request.method == "POST" else 200
    return render_template("members/edit_profile.html", form=form, profile=profile), status
