"""A ministry's answer to a proposal, and what an acceptance starts: whatever the posting's lifecycle starts."""
from __future__ import annotations

from datetime import date

from diaspora.auth.models import User
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.programme import decisions, lifecycles
from diaspora.programme.models import MatchDecision


def ministry_answer(user: User, opportunity: Opportunity, profile: MemberProfile, accept: bool, feedback: str,
                    interview_date: date | None, terms: dict) -> MatchDecision:
    """Record the answer; an acceptance also starts the posting's lifecycle with `terms` (a placement's
    mentor_name, start and end). Either both are written or, on an error, neither (the caller rolls back)."""
    decision = decisions.ministry_decide(user, opportunity, profile, accept, feedback, interview_date)
    if accept:
        lifecycles.of(opportunity.kind).on_acceptance(user, profile, opportunity, terms)
    return decision
