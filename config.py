"""Configuration read from the environment, with safe development defaults.

Every setting is documented in README.md ("Configuration"). Tests pass their own
config class; nothing edits a shared one at run time.
"""
from __future__ import annotations

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "dev-only-change-me"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


class Config:
    INSTANCE_DIR = Path(os.environ.get("URA_INSTANCE_DIR", BASE_DIR / "instance"))
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'ura.sqlite3'}"
    )
    # pre_ping lets every worker recover by itself after the database restarts. Behind PgBouncer in transaction
    # pooling mode (before 1.21) psycopg must not prepare statements: DATABASE_PREPARED_STATEMENTS=0.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True} if _env_bool("DATABASE_PREPARED_STATEMENTS", True) \
        else {"pool_pre_ping": True, "connect_args": {"prepare_threshold": None}}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # Mail: SMTP when MAIL_SERVER is set, otherwise files in the outbox folder.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _env_int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Ura <no-reply@ura.local>")
    MAIL_OUTBOX_DIR = Path(os.environ.get("MAIL_OUTBOX_DIR", INSTANCE_DIR / "outbox"))

    UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", INSTANCE_DIR / "uploads"))
    MAX_CONTENT_LENGTH = _env_int("MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
    MATCHING_MODEL_DIR = Path(os.environ.get("MATCHING_MODEL_DIR", INSTANCE_DIR / "models"))
    # Retraining keeps the default weights below this many decided opportunities (the engine's own default,
    # matching.learn.MIN_OPPORTUNITIES): on a simulated history, weights learnt from fewer won on the held-apart
    # ones yet ranked the whole pool worse (docs/matching-benchmarks.md). Lower it only knowingly.
    MATCHING_MIN_OPPORTUNITIES = _env_int("MATCHING_MIN_OPPORTUNITIES", 20)
    # Matching index snapshots, built once and mapped read-only by every worker (docs/operations.md); on storage
    # every host mounts, one build serves them all. Workers look for a newer snapshot every CHECK_SECONDS.
    MATCHING_INDEX_DIR = Path(os.environ.get("MATCHING_INDEX_DIR", INSTANCE_DIR / "index"))
    MATCHING_INDEX_CHECK_SECONDS = _env_int("MATCHING_INDEX_CHECK_SECONDS", 30)

    # Files (CVs, imports, job results): UPLOAD_DIR, or an S3-compatible bucket (diaspora/storage.py).
    STORAGE_URL = os.environ.get("STORAGE_URL", "")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
    S3_ACCESS_KEY = os.environ.get("S3_ACCESS_KEY", "")
    S3_SECRET_KEY = os.environ.get("S3_SECRET_KEY", "")
    S3_REGION = os.environ.get("S3_REGION", "")

    REDIS_URL = os.environ.get("REDIS_URL", "")
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "ura")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "ura")
    RATELIMIT_HEADERS_ENABLED = True

    # Operations (docs/operations.md). PROXY_COUNT: how many trusted proxies (nginx: 1) set X-Forwarded-For,
    # -Proto and X-Request-ID; 0 trusts none of them.
    PROXY_COUNT = _env_int("PROXY_COUNT", 0)
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")  # "console" for people reading a terminal
    # /metrics answers a bearer token or an address in the allow-list (comma-separated networks); neither: 403.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
    METRICS_ALLOW = os.environ.get("METRICS_ALLOW", "")
    SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
    SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
    # `flask backup --verify` restores into a temporary database beside the live one, or into this one.
    BACKUP_SCRATCH_DATABASE_URL = os.environ.get("BACKUP_SCRATCH_DATABASE_URL", "")

    BABEL_DEFAULT_LOCALE = "sq"
    BABEL_DEFAULT_TIMEZONE = "Europe/Tirane"
    LANGUAGES = ("sq", "en")

    # Werkzeug's scrypt defaults (N=32768, r=8, p=1).
    PASSWORD_HASH_METHOD = "scrypt"
    EMAIL_TOKEN_MAX_AGE = _env_int("EMAIL_TOKEN_MAX_AGE", 2 * 24 * 3600)
    RESET_TOKEN_MAX_AGE = _env_int("RESET_TOKEN_MAX_AGE", 3600)
    PRIVACY_POLICY_VERSION = os.environ.get("PRIVACY_POLICY_VERSION", "2026-11")
    # Members who have not logged in for this long are erased by `flask privacy purge-inactive`.
    RETENTION_DAYS = _env_int("RETENTION_DAYS", 3 * 365)
    # Development Agent reward: a share of the amount invested plus an amount per job, capped (0: no cap).
    REWARD_SHARE_PERCENT = Decimal(os.environ.get("REWARD_SHARE_PERCENT", "1.5"))
    REWARD_PER_JOB_EUR = Decimal(os.environ.get("REWARD_PER_JOB_EUR", "200"))
    REWARD_CAP_EUR = Decimal(os.environ.get("REWARD_CAP_EUR", "25000"))
    # A newly opened posting is announced to eligible members scoring at least this (0..100), at most this many.
    OPPORTUNITY_FIT_MIN_SCORE = _env_int("OPPORTUNITY_FIT_MIN_SCORE", 70)
    OPPORTUNITY_FIT_MAX_NOTICES = _env_int("OPPORTUNITY_FIT_MAX_NOTICES", 50)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_DURATION = timedelta(days=_env_int("REMEMBER_DAYS", 14))
    SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 30)
    SESSION_ABSOLUTE_HOURS = _env_int("SESSION_ABSOLUTE_HOURS", 12)
    WTF_CSRF_TIME_LIMIT = None  # the session lifetime bounds the token instead
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    SERVER_BASE_URL = os.environ.get("SERVER_BASE_URL", "http://127.0.0.1:5000")
    ENFORCE_HSTS = False


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    ENFORCE_HSTS = True

    @classmethod
    def validate(cls) -> None:
        """Refuse to start with settings that are only safe on a developer's laptop."""
        if cls.SECRET_KEY in ("", DEFAULT_SECRET_KEY) or len(cls.SECRET_KEY) < 32:
            raise RuntimeError("ProductionConfig needs SECRET_KEY: 32+ random characters.")
        if _env_bool("FLASK_DEBUG"):
            raise RuntimeError("ProductionConfig refuses to run with FLASK_DEBUG on.")


class TestConfig(Config):
    TESTING = True
    # A low scrypt cost keeps hundreds of registrations and logins fast; production keeps the default.
    PASSWORD_HASH_METHOD = "scrypt:1024:8:1"
    SECRET_KEY = "test-secret-key-not-for-production-use"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    SERVER_NAME = "localhost"


def config_from_env() -> type[Config]:
    return ProductionConfig if os.environ.get("URA_ENV") == "production" else Config
