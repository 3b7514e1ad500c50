"""A focal point's pages: their institution's postings, create, edit, open, close."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.ministries import bp
from diaspora.notifications import fits
from diaspora.opportunities import services
from diaspora.opportunities.kinds import registry as kinds
from diaspora.submission import submit


@bp.route("/")
@roles_required(Role.MINISTRY)
def index():
    postings = services.institution_opportunities(current_user)
    return render_template("ministries/index.html", postings=postings, institution=current_user.institution,
                           kinds=kinds.all_kinds())


@bp.route("/new/<kind_slug>", methods=["GET", "POST"])
@roles_required(Role.MINISTRY)
def new(kind_slug: str):
    kind = kinds.by_slug(kind_slug) or abort(404)
    form = kind.form()

    def page(code: int):
        return render_template("ministries/edit.html", form=form, kind=kind, opportunity=None), code

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    return submit(lambda: services.create(current_user, kind, form.values()), page=page, form=form,
                  success=_("Saved as a draft. Open it when you are ready to receive candidates."),
                  then=lambda posting: redirect(url_for("ministries.show", opportunity_id=posting.id)))


@bp.route("/<int:opportunity_id>")
@roles_required(Role.MINISTRY)
def show(opportunity_id: int):
    opportunity = services.get_own(current_user, opportunity_id)
    return render_template("ministries/show.html", opportunity=opportunity)


@bp.route("/<int:opportunity_id>/edit", methods=["GET", "POST"])
@roles_required(Role.MINISTRY)
def edit(opportunity_id: int):
    opportunity = services.get_own(current_user, opportunity_id)
    form = opportunity.kind.form()
    if request.method == "GET":
        form.fill_from(opportunity)

    def page(code: int):
        current = services.get_own(current_user, opportunity_id) if code == 409 else opportunity
        return render_template("ministries/edit.html", form=form, kind=current.kind, opportunity=current), code

    if not form.validate_on_submit():
        return page(422 if request.method == "POST" else 200)
    expected = request.form.get("version", type=int)
    return submit(lambda: services.update(current_user, opportunity_id, form.values(), expected_version=expected),
                  page=page, form=form, success=_("Your changes are saved."),
                  then=lambda _posting: redirect(url_for("ministries.show", opportunity_id=opportunity_id)))


@bp.route("/<int:opportunity_id>/open", methods=["POST"])
@roles_required(Role.MINISTRY)
def open_posting(opportunity_id: int):
    back = redirect(url_for("ministries.show", opportunity_id=opportunity_id))

    def announce(opened: tuple) -> Response:
        opportunity, first_opening = opened
        if first_opening:
            fits.announce(current_user, opportunity)
        return back

    return submit(lambda: services.open_posting(current_user, opportunity_id), page=lambda _code: back,
                  success=_("The posting is open."), then=announce)


@bp.route("/<int:opportunity_id>/close", methods=["POST"])
@roles_required(Role.MINISTRY)
def close_posting(opportunity_id: int):
    services.close_posting(current_user, opportunity_id)
    db.session.commit()
    flash(_("The posting is closed."), "success")
    return redirect(url_for("ministries.show", opportunity_id=opportunity_id))
