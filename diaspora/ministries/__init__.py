from flask import Blueprint

bp = Blueprint("ministries", __name__, url_prefix="/ministries")

from diaspora.ministries import views  # noqa: E402,F401
