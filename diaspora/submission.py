"""The write idiom of every form page, named once: call the service; on bad input or a conflict roll back and
show the page again with what the person typed (422 / 409); otherwise commit and move on."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash
from flask.typing import ResponseReturnValue

from diaspora.errors import Conflict, DomainError, InvalidInput
from diaspora.extensions import db

T = TypeVar("T")


def show_error(form, error: DomainError, field: str | None = None) -> None:
    """Put the message under the form field the service named (else under `field`); without either, flash it."""
    target = None
    for name in (error.field, field):
        if target is None and name and form is not None:
            target = getattr(form, name, None)
    if target is None:
        flash(error.message, "error")
    else:
        target.errors = list(target.errors) + [error.message]


def submit(action: Callable[[], T], *, page: Callable[[int], ResponseReturnValue],
           then: Callable[[T], ResponseReturnValue], form=None, field: str | None = None,
           success: str | None = None, conflict_in_form: bool = False) -> ResponseReturnValue:
    """Run `action` (a request-free service call) and answer for it.

    InvalidInput: roll back, show the message on the form and answer page(422). Conflict: roll back, flash it and
    answer page(409); with conflict_in_form it is shown like bad input instead (422). Otherwise commit, flash
    `success` and answer then(result of the action).
    """
    try:
        result = action()
    except InvalidInput as error:
        db.session.rollback()
        show_error(form, error, field)
        return page(422)
    except Conflict as error:
        db.session.rollback()
        if conflict_in_form:
            show_error(form, error, field)
            return page(422)
        flash(error.message, "error")
        return page(409)
    db.session.commit()
    if success:
        flash(success, "success")
    return then(result)
