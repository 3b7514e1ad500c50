"""Side effects that belong to a database transaction: run once it commits, or once it is abandoned.

Mail, audit log lines and stored files are not rows: without this they would happen while the change that
caused them can still be refused (a 422 after the service ran) and rolled back. `on_commit(callback)` runs
the callback after the session's outermost transaction commits and forgets it if that transaction rolls
back or the session closes without committing; `on_rollback(callback)` is the mirror image (removing a file
written for a change that did not happen). A savepoint neither runs nor drops them: the outer transaction
decides. Callbacks run outside any transaction: they must not use the committing session.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from diaspora.extensions import db

log = logging.getLogger(__name__)

_COMMIT = "ura_on_commit"
_ROLLBACK = "ura_on_rollback"


def on_commit(callback: Callable[[], None]) -> None:
    db.session.info.setdefault(_COMMIT, []).append(callback)


def on_rollback(callback: Callable[[], None]) -> None:
    db.session.info.setdefault(_ROLLBACK, []).append(callback)


def _run(callbacks: list[Callable[[], None]]) -> None:
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the change is settled: a failing side effect is logged, never turned into a 500
            log.exception("after-transaction callback %r failed", callback)


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint was released; the outer transaction may still roll back
    session.info.pop(_ROLLBACK, None)
    _run(session.info.pop(_COMMIT, []))


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction) -> None:
    if transaction.parent is not None:
        return
    # Reached with callbacks still waiting only when the outermost transaction did not commit.
    session.info.pop(_COMMIT, None)
    _run(session.info.pop(_ROLLBACK, []))
