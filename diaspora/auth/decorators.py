"""Role checks for views: least privilege by default."""
from __future__ import annotations

from functools import wraps

from flask import abort, request
from flask_login import current_user, login_required

from diaspora import audit
from diaspora.auth.models import Role
from diaspora.extensions import db


def roles_required(*roles: Role):
    """Allow only logged-in, verified users with one of these roles; others get 403."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                audit.record("access_denied", actor_id=current_user.id, object_type="endpoint",
                             object_id=(request.endpoint or "")[:40])
                db.session.commit()
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator
