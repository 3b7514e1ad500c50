from flask import Blueprint

bp = Blueprint("investments", __name__, url_prefix="/investments")
