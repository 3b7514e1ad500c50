"""The landing page's figures."""
from __future__ import annotations

import time

from flask import current_app
from sqlalchemy import func, select

from diaspora.extensions import db
from diaspora.institutions.models import Institution
from diaspora.members.models import MemberProfile
from diaspora.opportunities.kinds.base import Kind
from diaspora.opportunities.kinds.registry import all_kinds
from diaspora.opportunities.models import Opportunity

# The landing page counts everything at each visit except the profiles, counted at most once a minute per
# process: counting 100,000 profiles costs PostgreSQL 12-40 ms, on the page every visitor opens first.
MEMBERS_COUNT_SECONDS = 60


def _open(kind: Kind):
    return (select(func.count(Opportunity.id))
            .where(Opportunity.is_open, Opportunity.kind == kind).scalar_subquery())


def landing_counts() -> dict:
    """The landing page's figures, in one query: `open`, [(kind, open postings)] in the kinds' order, then
    `institutions` and `members`."""
    kept = current_app.extensions.get("ura.members_count")
    fresh = kept is not None and time.monotonic() - kept[0] < MEMBERS_COUNT_SECONDS
    kinds = all_kinds()
    columns = [*(_open(kind).label(f"open_{n}") for n, kind in enumerate(kinds)),
               select(func.count(Institution.id)).scalar_subquery().label("institutions")]
    if not fresh:
        columns.append(select(func.count(MemberProfile.id)).scalar_subquery().label("members"))
    counts = db.session.execute(select(*columns)).one()._asdict()
    if fresh:
        counts["members"] = kept[1]
    else:
        current_app.extensions["ura.members_count"] = (time.monotonic(), counts["members"])
    return {"open": [(kind, counts.pop(f"open_{n}")) for n, kind in enumerate(kinds)], **counts}
