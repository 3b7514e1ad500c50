"""Ura web application: create_app() wires configuration, extensions, blueprints and CLI."""
from __future__ import annotations

from apiflask import APIFlask
from flask import Flask

from config import BASE_DIR, Config
from diaspora import cli, errors, i18n, models, security, templating  # noqa: F401  (models: full schema)
from diaspora.demo import cli as demo_cli
from diaspora.urls import DatabaseIdConverter
# Importing a views module registers its routes on its package's blueprint. Package __init__
# files stay free of such side effects, so importing a model never drags in a view (no cycles).
from diaspora.admin import views as _admin_views  # noqa: F401
from diaspora.api import jobs as _api_jobs  # noqa: F401
from diaspora.api import programme as _api_programme  # noqa: F401
from diaspora.api import setup as _api_setup  # noqa: F401
from diaspora.api import views as _api_views  # noqa: F401
from diaspora.bulk import views as _bulk_views  # noqa: F401
from diaspora.jobs import views as _jobs_views  # noqa: F401
from diaspora.tokens import views as _tokens_views  # noqa: F401
from diaspora.auth import views as _auth_views  # noqa: F401
from diaspora.cv import views as _cv_views  # noqa: F401
from diaspora.curation import views as _curation_views  # noqa: F401
from diaspora.main import views as _main_views  # noqa: F401
from diaspora.members import views as _members_views  # noqa: F401
from diaspora.ministries import views as _ministries_views  # noqa: F401
from diaspora.notifications import views as _notifications_views  # noqa: F401
from diaspora.investments import officer_views as _investments_officer_views  # noqa: F401
from diaspora.investments import views as _investments_views  # noqa: F401
from diaspora.reports import views as _reports_views  # noqa: F401
from diaspora.officers import call_views as _officers_call_views  # noqa: F401
from diaspora.officers import engagement_views as _officers_engagement_views  # noqa: F401
from diaspora.officers import placement_views as _officers_placement_views  # noqa: F401
from diaspora.officers import views as _officers_views  # noqa: F401
from diaspora.ministries import candidates as _ministries_candidates  # noqa: F401
from diaspora.ministries import engagement_views as _ministries_engagement_views  # noqa: F401
from diaspora.programme import member_views as _programme_member_views  # noqa: F401
from diaspora.ops import views as _ops_views  # noqa: F401
from diaspora.organisations import views as _organisations_views  # noqa: F401
from diaspora.projects import views as _projects_views  # noqa: F401
from diaspora.admin import bp as admin_bp
from diaspora.api import bp as api_bp
from diaspora.bulk import bp as bulk_bp
from diaspora.jobs import bp as jobs_bp
from diaspora.tokens import bp as tokens_bp
from diaspora.auth import bp as auth_bp
from diaspora.auth.sessions import init_login
from diaspora.cv import bp as cv_bp
from diaspora.curation import bp as curation_bp
from diaspora.extensions import csrf, db, limiter, migrate
from diaspora.main import bp as main_bp
from diaspora.members import bp as members_bp
from diaspora.ministries import bp as ministries_bp
from diaspora.notifications import bp as notifications_bp
from diaspora.investments import bp as investments_bp
from diaspora.reports import bp as reports_bp
from diaspora.officers import bp as officers_bp
from diaspora.ops import bp as ops_bp
from diaspora.ops import setup as ops_setup
from diaspora.organisations import bp as organisations_bp
from diaspora.projects import bp as projects_bp

BLUEPRINTS = (main_bp, api_bp, bulk_bp, jobs_bp, tokens_bp, auth_bp, members_bp, ministries_bp, admin_bp,
              notifications_bp, cv_bp, investments_bp, reports_bp, officers_bp, ops_bp, organisations_bp, projects_bp,
              curation_bp)


def create_app(config_class: type[Config] = Config) -> Flask:
    if hasattr(config_class, "validate"):
        config_class.validate()
    # APIFlask is Flask plus the OpenAPI document of the API blueprint (/api/v1/openapi.json); its JSON
    # error pages stay off: errors.py answers JSON under /api/ and HTML elsewhere.
    app = APIFlask(
        __name__, title="Ura API", version="1", spec_path="/openapi.json", docs_path=None,
        openapi_blueprint_url_prefix="/api/v1", json_errors=False,
        instance_path=str(config_class.INSTANCE_DIR),
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
    )
    app.config.from_object(config_class)
    config_class.INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    ops_setup.init_app(app)  # first: request ids and the log format apply to everything after

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    init_login(app)
    # Every <int:...> id in a URL fits the database's integer columns: a larger one is a 404, not a query.
    app.url_map.converters["int"] = DatabaseIdConverter
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    errors.register_error_handlers(app)
    security.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    demo_cli.init_app(app)  # the demo stays beside the product: only the app factory knows it
    return app
