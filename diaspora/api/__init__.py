"""JSON API under /api/v1, documented by an OpenAPI 3 document that APIFlask builds from the views."""
from apiflask import APIBlueprint

bp = APIBlueprint("api", __name__, url_prefix="/api/v1", tag="Ura")
