"""Administrators: staff accounts, activation, institutions."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.admin import bp, services
from diaspora.admin.forms import ROLE_LABELS, AccountSearchForm, InstitutionForm, StaffUserForm
from diaspora.auth import services as auth_services
from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role, User
from diaspora.errors import NotFound
from diaspora.extensions import db
from diaspora.formatting import institution_name
from diaspora.institutions.models import InstitutionKind
from diaspora.submission import submit


def _staff_form() -> StaffUserForm:
    form = StaffUserForm()
    form.institution_id.choices = [(0, "—")] + [(i.id, institution_name(i)) for i in services.all_institutions()]
    return form


@bp.route("/users", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def users():
    form = _staff_form()
    search = AccountSearchForm(request.args)

    def page(status: int):
        role = request.args.get("role", "")
        searched = search.validate()
        pagination = services.users_page(search.q.data or "" if searched else "",
                                         Role(role) if role in {r.value for r in Role} else None,
                                         request.args.get("page", 1, type=int), per_page=50)
        return render_template("admin/users.html", form=form, search=search, pagination=pagination, role=role,
                               role_labels=ROLE_LABELS), status if searched else 422

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    return submit(lambda: auth_services.create_staff_user(form.email.data, Role(form.role.data),
                                                          form.institution_id.data or None, current_user,
                                                          display_name=form.display_name.data or ""),
                  form=form, field="email", page=page,
                  success=_("Account created. An invitation to set a password was sent."),
                  then=lambda _user: redirect(url_for("admin.users")))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@roles_required(Role.ADMIN)
def set_active(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("This account does not exist."))
    auth_services.set_active(user, request.form.get("active") == "1", current_user)
    db.session.commit()
    flash(_("Account updated."), "success")
    return redirect(url_for("admin.users"))


@bp.route("/institutions", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def institutions():
    form = InstitutionForm()

    def page(status: int):
        return render_template("admin/institutions.html", form=form, institutions=services.all_institutions()), status

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    return submit(lambda: services.create_institution(current_user, form.name.data, form.name_sq.data,
                                                      form.acronym.data or "", InstitutionKind(form.kind.data),
                                                      form.city.data or ""),
                  form=form, field="name", page=page, success=_("Institution added."),
                  then=lambda _institution: redirect(url_for("admin.institutions")))
