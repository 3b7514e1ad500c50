from flask import Blueprint

bp = Blueprint("ministries", __name__, url_prefix="/ministries")
