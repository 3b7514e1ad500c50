"""Organisations' pages: a member's associations, registering one, its profile and its members."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.organisations import bp, services
from diaspora.organisations.forms import AddMemberForm, MemberStepForm, OrganisationForm, RegisterOrganisationForm
from diaspora.submission import submit


@bp.route("/")
@roles_required(Role.MEMBER, Role.OFFICER, Role.ADMIN)
def index():
    organisations = (services.organisations_of(current_user) if current_user.role is Role.MEMBER
                     else services.all_organisations())
    return render_template("organisations/index.html", organisations=organisations)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.MEMBER)
def register():
    form = RegisterOrganisationForm()

    def page(code: int):
        return render_template("organisations/edit.html", form=form, organisation=None), code

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    return submit(lambda: services.register(current_user, form.email.data, form.values(), form.consent.data),
                  form=form, field="email", conflict_in_form=True, page=page,
                  success=_("The organisation is registered. Add its other members below."),
                  then=lambda organisation: redirect(url_for("organisations.show", organisation_id=organisation.id)))


def _page(organisation, add_form=None, code=200):
    return render_template("organisations/show.html", organisation=organisation,
                           add_form=add_form or AddMemberForm(), step_form=MemberStepForm()), code


@bp.route("/<int:organisation_id>")
@roles_required(Role.MEMBER, Role.OFFICER, Role.ADMIN)
def show(organisation_id: int):
    return _page(services.get_for(current_user, organisation_id))


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@roles_required(Role.MEMBER)
def edit(organisation_id: int):
    organisation = services.get_for(current_user, organisation_id)
    form = OrganisationForm()
    if request.method == "GET":
        form.fill_from(organisation)

    def page(code: int):
        return render_template("organisations/edit.html", form=form, organisation=organisation), code

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    return submit(lambda: services.update(current_user, organisation.id, form.values()), form=form, page=page,
                  success=_("The organisation's profile is saved."),
                  then=lambda _org: redirect(url_for("organisations.show", organisation_id=organisation.id)))


@bp.route("/<int:organisation_id>/members", methods=["POST"])
@roles_required(Role.MEMBER)
def add_member(organisation_id: int):
    organisation = services.get_for(current_user, organisation_id)
    form = AddMemberForm()

    def page(code: int):
        return _page(services.get_for(current_user, organisation_id), add_form=form, code=code)

    if not form.validate_on_submit():
        return page(422)
    return submit(lambda: services.add_member(current_user, organisation.id, form.email.data), form=form,
                  field="email", page=page, success=_("The member is added."),
                  then=lambda _member: redirect(url_for("organisations.show", organisation_id=organisation.id)))


def _member_step(organisation_id: int, action, success: str):
    organisation = services.get_for(current_user, organisation_id)
    back = redirect(url_for("organisations.show", organisation_id=organisation.id))
    if not MemberStepForm().validate_on_submit():
        return _page(organisation, code=422)
    return submit(action, page=lambda code: _page(services.get_for(current_user, organisation_id), code=code),
                  success=success, then=lambda _result: back)


@bp.route("/<int:organisation_id>/members/<int:user_id>/remove", methods=["POST"])
@roles_required(Role.MEMBER)
def remove_member(organisation_id: int, user_id: int):
    return _member_step(organisation_id, lambda: services.remove_member(current_user, organisation_id, user_id),
                        _("The member is removed."))


@bp.route("/<int:organisation_id>/members/<int:user_id>/contact", methods=["POST"])
@roles_required(Role.MEMBER)
def make_contact(organisation_id: int, user_id: int):
    return _member_step(organisation_id, lambda: services.make_contact(current_user, organisation_id, user_id),
                        _("The contact person is changed."))
