"""Demo decisions and a placement on top of the demo programme, for `flask seed-demo` to call after seed()."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from matching.index import RankFilter

from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.opportunities.models import Opportunity
from diaspora.opportunities.services import open_postings
from diaspora.programme import decisions, lifecycles, placements
from diaspora.programme.models import DecisionAction, MatchDecision
from diaspora.timeutil import today


def seed_demo_workflow() -> list[str]:
    """Two proposals, one accepted into an active placement with a report, one shortlist, one rejection.

    Idempotent: does nothing once any decision exists, or when there is no officer, focal point,
    open fellowship of the focal point's institution or eligible candidate to work with.
    """
    if db.session.scalar(sa.select(MatchDecision.id).limit(1)) is not None:
        return ["demo workflow already present"]
    officer = db.session.scalar(sa.select(User).where(User.role == Role.OFFICER).order_by(User.id))
    focal = db.session.scalar(sa.select(User).where(User.role == Role.MINISTRY, User.institution_id.is_not(None))
                              .order_by(User.id))
    fellowship = focal and db.session.scalar(open_postings(
        Opportunity.institution_id == focal.institution_id, Opportunity.kind.in_(lifecycles.placing_kinds()))
        .order_by(Opportunity.id))
    if officer is None or fellowship is None:
        return ["demo workflow skipped: no officer, focal point or open fellowship"]
    eligible = [int(pid) for pid in live.ranking(fellowship, RankFilter(eligible_only=True)).head(4)[0]]
    if len(eligible) < 2:
        return ["demo workflow skipped: fewer than two eligible candidates"]
    first, second, *rest = eligible
    for profile_id in (first, second):
        decisions.decide(officer, profile_id, fellowship.id, DecisionAction.SHORTLIST)
        decisions.decide(officer, profile_id, fellowship.id, DecisionAction.PROPOSE)
    accepted, declined = (decisions.get_candidate(pid) for pid in (first, second))
    decisions.ministry_decide(focal, fellowship, accepted, True, "Convincing interview; strong on the acquis.",
                              today())
    decisions.ministry_decide(focal, fellowship, declined, False, "Good profile; another candidate fitted better.",
                              today())
    # The ministry agreed an early start, so that the demo shows a placement under way with its first report.
    placement = placements.create_placement(focal, accepted, fellowship, mentor_name="Drita Leka", start=today(),
                                            end=fellowship.end_date or date(today().year + 1, 12, 31))
    placements.change_status(officer, placement.id, "start")
    chapter = (fellowship.acquis_chapters or [None])[0]
    placements.add_report(officer, placement.id, placement.start_date,
                          "First month: reviewed the legislation against the acquis and agreed a work plan.",
                          [{"chapter": chapter, "text": "Gap analysis"}] if chapter else [])
    if rest:
        decisions.decide(officer, rest[0], fellowship.id, DecisionAction.SHORTLIST)
    if len(rest) > 1:
        decisions.decide(officer, rest[1], fellowship.id, DecisionAction.REJECT, "Experience outside the chapter.")
    return [f"demo workflow: 2 proposals for “{fellowship.title}”, 1 accepted and placed (placement {placement.id})"]
