from flask import Blueprint

bp = Blueprint("officers", __name__, url_prefix="/officers")
