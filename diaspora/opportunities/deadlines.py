"""The one rule for a posting's application deadline, applied wherever a posting is written (the focal point's
form and the API through opportunities.services, bulk imports through their record schema) and when it opens.

A deadline is a day from today on (today itself is the last day to apply) up to MAX_YEARS_AHEAD years ahead:
programme calls are planned a year or two out, so a later date is a typing slip (2207 for 2027), as is any
date before today (1900-01-01). Once the day has passed the posting counts as closed (Opportunity.is_open) and
`flask postings close-expired` closes it for good.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _

from diaspora.errors import InvalidInput
from diaspora.timeutil import today

MAX_YEARS_AHEAD = 3


def latest(on: date) -> date:
    return on + timedelta(days=365 * MAX_YEARS_AHEAD)


def problem(deadline: date | None, on: date | None = None) -> str | None:
    """Why this deadline cannot be set, or None when it can (no deadline at all is allowed)."""
    on = on or today()
    if deadline is None or on <= deadline <= latest(on):
        return None
    return _("The deadline must be between today and %(latest)s.", latest=format_date(latest(on)))


def check(deadline: date | None) -> None:
    message = problem(deadline)
    if message:
        raise InvalidInput(message, field="deadline")


def check_can_open(deadline: date | None) -> None:
    if deadline is not None and deadline < today():
        raise InvalidInput(_("The application deadline has passed: set a later deadline before opening the "
                             "posting."), field="deadline")
