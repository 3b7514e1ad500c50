"""A ministry's answer to a proposal, and what an acceptance starts (for a fellowship, the placement)."""
from __future__ import annotations

from datetime import date

from diaspora.auth.models import User
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.programme import decisions, placements
from diaspora.programme.models import MatchDecision


def ministry_answer(user: User, opportunity: Opportunity, profile: MemberProfile, accept: bool, feedback: str,
                    interview_date: date | None, placement: dict) -> MatchDecision:
    """Record the answer; an acceptance of a fellowship candidate also places them (`placement`: mentor_name,
    start, end). Either both are written or, on an error, neither (the caller rolls back)."""
    decision = decisions.ministry_decide(user, opportunity, profile, accept, feedback, interview_date)
    if accept and opportunity.is_fellowship:
        placements.create_placement(user, profile, opportunity, **placement)
    return decision
