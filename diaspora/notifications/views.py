"""A user's notifications and their per-kind opt-in settings."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from diaspora.extensions import db
from diaspora.notifications import bp, services
from diaspora.notifications.models import NotificationKind


@bp.route("/")
@login_required
def index():
    notes = services.inbox(current_user)
    preferences = {kind: services.preference(current_user.id, kind) for kind in NotificationKind}
    return render_template("notifications/index.html", notes=notes, text_of=services.text_of,
                           preferences=preferences, kinds=list(NotificationKind))


@bp.route("/read", methods=["POST"])
@login_required
def mark_read():
    services.mark_all_read(current_user)
    db.session.commit()
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["POST"])
@login_required
def preferences():
    for kind in NotificationKind:
        services.set_preference(current_user, kind, in_app=request.form.get(f"{kind.value}-app") == "on",
                                email=request.form.get(f"{kind.value}-email") == "on")
    db.session.commit()
    flash(_("Your notification settings are saved."), "success")
    return redirect(url_for("notifications.index"))
