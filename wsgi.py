"""WSGI entry point: `gunicorn wsgi:app` (URA_ENV=production selects ProductionConfig)."""
from config import config_from_env
from diaspora import create_app

app = create_app(config_from_env())
