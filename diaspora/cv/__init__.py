from flask import Blueprint

bp = Blueprint("cv", __name__, url_prefix="/cv")
