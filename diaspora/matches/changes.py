"""Recording profile changes for the index: a version bump and a change-log row in the same transaction.

A session event records every flush that inserts, updates or deletes a MemberProfile, so a
profile saved, withdrawn from consent, erased or loaded by the demo seed is never missed;
`mark_profile_changed` is the same operation for callers that change matching data elsewhere.
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from diaspora.extensions import db
from diaspora.matches.models import STATE_ID, MatchIndexState, ProfileChange
from diaspora.members.models import MemberProfile

STATE = MatchIndexState.__table__
CHANGES = ProfileChange.__table__


def insert_new(connection: Connection, table: sa.Table, rows: list[dict] | dict) -> None:
    """INSERT that skips rows whose unique key exists already (another transaction may insert it too)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


def _ensure_state_row(connection: Connection) -> None:
    insert_new(connection, STATE, {"id": STATE_ID, "version": 0, "epoch": 0, "vocabulary": 0})


def record_changes(connection: Connection, profile_ids: Iterable[int]) -> int | None:
    """Bump the index version once and log each profile id at it; returns the new version."""
    ids = sorted(set(profile_ids))
    if not ids:
        return None
    bump = sa.update(STATE).where(STATE.c.id == STATE_ID).values(version=STATE.c.version + 1)
    if connection.execute(bump).rowcount == 0:
        _ensure_state_row(connection)
        connection.execute(bump)
    version = connection.execute(sa.select(STATE.c.version).where(STATE.c.id == STATE_ID)).scalar_one()
    connection.execute(sa.insert(CHANGES), [{"profile_id": pid, "version": version} for pid in ids])
    return version


def mark_profile_changed(profile_id: int) -> int | None:
    """Tell every worker's index that this profile changed (created, updated, withdrawn or erased)."""
    db.session.flush()
    return record_changes(db.session.connection(), [profile_id])


def bump_vocabulary(connection: Connection) -> int:
    """Raise the curated vocabulary's version (every worker applies the decisions above its own) and return it."""
    bump = sa.update(STATE).where(STATE.c.id == STATE_ID).values(vocabulary=STATE.c.vocabulary + 1)
    if connection.execute(bump).rowcount == 0:
        _ensure_state_row(connection)
        connection.execute(bump)
    return connection.execute(sa.select(STATE.c.vocabulary).where(STATE.c.id == STATE_ID)).scalar_one()


def request_rebuild() -> None:
    """Make every worker rebuild its index at its next ranking request."""
    connection = db.session.connection()
    bump = sa.update(STATE).where(STATE.c.id == STATE_ID).values(epoch=STATE.c.epoch + 1)
    if connection.execute(bump).rowcount == 0:
        _ensure_state_row(connection)
        connection.execute(bump)


@event.listens_for(Session, "after_flush")
def _record_profile_flushes(session: Session, flush_context) -> None:
    # In after_flush the new/dirty/deleted sets still show what this flush wrote, and new rows have ids.
    changed = [obj.id for obj in chain(session.new, session.dirty, session.deleted)
               if isinstance(obj, MemberProfile) and obj.id is not None
               and (obj in session.new or obj in session.deleted or session.is_modified(obj))]
    if changed:
        record_changes(session.connection(), changed)
