from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

from diaspora.notifications import views  # noqa: E402,F401
