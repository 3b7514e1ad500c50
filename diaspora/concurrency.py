"""Optimistic locking: rows with a `version` column refuse a write based on a stale read.

SQLAlchemy adds `WHERE version = <read version>` to every UPDATE of such a row and raises
StaleDataError when another transaction got there first; use cases turn that into a Conflict
so the person sees a clear message with their input kept, and no update is silently lost.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from diaspora.errors import Conflict, NotFound
from diaspora.extensions import db


def conflict_message() -> str:
    return _("Someone else changed this record while you were editing. "
             "Review the current version; your text is kept below.")


def check_version(row, expected_version: int | None) -> None:
    """Refuse an edit made on a form loaded before the row's last change."""
    if expected_version is not None and expected_version != row.version:
        raise Conflict(conflict_message())


def current_row(model, row_id: int, expected_version: int | None, missing: str):
    """The row of `model` with this id, as the person's form saw it: NotFound (saying `missing`) when there is
    none, Conflict when it changed since the form was loaded."""
    row = db.session.get(model, row_id)
    if row is None:
        raise NotFound(missing)
    check_version(row, expected_version)
    return row


def flush_versioned() -> None:
    try:
        db.session.flush()
    except StaleDataError as error:
        db.session.rollback()
        raise Conflict(conflict_message()) from error
