"""Optimistic locking: rows with a `version` column refuse a write based on a stale read.

SQLAlchemy adds `WHERE version = <read version>` to every UPDATE of such a row and raises
StaleDataError when another transaction got there first; use cases turn that into a Conflict
so the person sees a clear message with their input kept, and no update is silently lost.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from diaspora.errors import Conflict
from diaspora.extensions import db


def conflict_message() -> str:
    return _("Someone else changed this record while you were editing. "
             "Review the current version; your text is kept below.")


def check_version(row, expected_version: int | None) -> None:
    """Refuse an edit made on a form loaded before the row's last change."""
    if expected_version is not None and expected_version != row.version:
        raise Conflict(conflict_message())


def flush_versioned() -> None:
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise Conflict(conflict_message()) from error
