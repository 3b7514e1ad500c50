"""Registration, email verification, login, logout, password reset and change."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from diaspora import audit
from diaspora.auth import bp, services
from diaspora.auth.forms import (ChangePasswordForm, LoginForm, RegisterForm, RequestResetForm,
                                 ResendVerificationForm, ResetPasswordForm)
from diaspora.auth.models import Role
from diaspora.auth.sessions import revoke_all_sessions, start_session
from diaspora.errors import InvalidInput
from diaspora.extensions import db, limiter
from diaspora.submission import show_error
from diaspora.urls import safe_next
from diaspora.instruments import LOGIN_FAILURES


def home_for(user) -> str:
    """Where a user lands after logging in: their own area, the page they work from."""
    return {
        Role.MEMBER: url_for("members.dashboard"),
        Role.MINISTRY: url_for("ministries.index"),
        Role.OFFICER: url_for("officers.index"),
        Role.ADMIN: url_for("admin.users"),
    }[user.role]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20/hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = str(get_locale())  # the language the person is reading now
    if form.validate_on_submit():
        try:
            services.register_member(form.email.data, form.password.data, form.locale.data)
        except InvalidInput as error:
            show_error(form, error)
        else:
            db.session.commit()
            session["locale"] = form.locale.data
            return render_template("auth/check_email.html", email=services.normalise_email(form.email.data))
    return render_template("auth/register.html", form=form), 200 if request.method == "GET" else 422


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify(token: str):
    # The link in the email opens a page with a button: a GET never changes a row.
    if request.method == "GET":
        return render_template("auth/verify.html", token=token, form=ResendVerificationForm())
    user = services.verify_email(token)
    if user is None:
        flash(_("This link is invalid, expired or already used. Log in to get a new one."), "error")
        return redirect(url_for("auth.login"))
    db.session.commit()
    flash(_("Your email is confirmed. Welcome to Ura!"), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(home_for(user))
    return redirect(url_for("auth.login"))


@bp.route("/verify/resend", methods=["POST"])
@login_required
@limiter.limit("5/hour")
def resend_verification():
    if not current_user.is_verified:
        services.send_verification(current_user)
        db.session.commit()  # the mail is queued with the transaction and goes out once it commits
    flash(_("We sent a new verification link to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("members.dashboard"))


def _login_key() -> str:
    return (request.form.get("email") or "").strip().lower()[:254] or "-"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"], key_func=_login_key,
               deduct_when=lambda response: response.status_code != 302)
@limiter.limit("10 per 15 minutes", methods=["POST"],
               deduct_when=lambda response: response.status_code != 302)
def login():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            audit.record("login_failed")
            LOGIN_FAILURES.inc()
            db.session.commit()
            # One message for unknown email, wrong password or inactive account.
            flash(_("Email or password is not correct."), "error")
            return render_template("auth/login.html", form=form), 401
        session.clear()  # a fresh session at login (no fixation)
        login_user(user, remember=form.remember.data)
        start_session(form.remember.data)
        session["locale"] = user.locale
        audit.record("login", actor_id=user.id, object_type="user", object_id=user.id)
        db.session.commit()
        return redirect(safe_next(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 422


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    revoke_all_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("10/hour", methods=["POST"])
def request_reset():
    form = RequestResetForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(_("If an account exists for this address, we have sent it a reset link."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/request_reset.html", form=form), 422 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except InvalidInput as error:
            show_error(form, error)
        else:
            if user is None:
                flash(_("This link is invalid, expired or already used. Ask for a new one."), "error")
                return redirect(url_for("auth.request_reset"))
            db.session.commit()
            logout_user()
            flash(_("Your password is changed. Log in with the new one."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form, token=token), 422 if form.errors else 200


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except InvalidInput as error:
            show_error(form, error)
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Your password is changed. Every session has ended; log in again."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/change_password.html", form=form), 422 if form.errors else 200
