from flask import Blueprint

bp = Blueprint("members", __name__, url_prefix="/members")

from diaspora.members import views  # noqa: E402,F401
