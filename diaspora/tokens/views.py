"""A person's API tokens: create (the secret is shown once, on this response only) and revoke."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from diaspora.auth.decorators import roles_required
from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.tokens import bp, services
from diaspora.submission import submit
from diaspora.tokens.forms import RevokeForm, TokenForm


def _page(form: TokenForm, new_token: str | None = None, status: int = 200):
    return render_template("tokens/index.html", form=form, revoke_form=RevokeForm(),
                           tokens=services.tokens_of(current_user), new_token=new_token), status


@bp.route("/", methods=["GET", "POST"])
@roles_required(*Role)
def index():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=422 if request.method == "POST" else 200)
    # The secret is rendered, not flashed: the session cookie is signed, not encrypted, so it stays out of it.
    return submit(lambda: services.create_token(current_user, form.name.data), form=form, field="name",
                  page=lambda status: _page(form, status=status),
                  then=lambda created: _page(TokenForm(formdata=None), new_token=created[1], status=201))


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@roles_required(*Role)
def revoke(token_id: int):
    services.revoke_token(current_user, token_id)
    db.session.commit()
    flash(_("The token is revoked: it no longer works."), "success")
    return redirect(url_for("tokens.index"))
