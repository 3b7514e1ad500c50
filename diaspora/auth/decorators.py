"""Role checks for views: least privilege by default."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from diaspora.auth.models import Role


def roles_required(*roles: Role):
    """Allow only logged-in, verified users with one of these roles; others get 403."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator
