"""Demo mentorships and twinnings under way on top of the demo programme, for `flask seed-demo` after seed():
AKSHI's mentorship with three of its eight sessions logged, Bashkia Shkodër's twinning with the Comune di Bologna
completed with both sides' feedback, and INSTAT's twinning with a candidate proposed and awaiting INSTAT's answer."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from matching.index import RankFilter

from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.institutions.models import Institution
from diaspora.matches import live
from diaspora.opportunities.models import Opportunity
from diaspora.programme import decisions, engagements
from diaspora.programme.models import DecisionAction, Engagement
from diaspora.timeutil import today

SESSIONS = ["Kick-off: goals for the six months and the service to redesign (the e-Albania appointment booking).",
            "User research plan: five interviews with citizens at the ADISA desk in Tirana.",
            "Reviewed the interview findings and sketched the new booking flow."]
ACTIVITIES = ["Study visit of Bashkia Shkodër's urban planning team to Bologna's Piazza Verdi regeneration.",
              "Remote workshop on separate waste collection: Bologna's HERA contracts and Shkodër's tender.",
              "Joint proposal drafted for Interreg IPA South Adriatic (old bazaar regeneration).",
              "Staff exchange: two Bologna officers in Shkodër for the bazaar's public consultation.",
              "Closing meeting in Shkodër with both mayors' offices; a memorandum of cooperation signed."]


def _posting(acronym: str, title_start: str) -> Opportunity | None:
    return db.session.scalar(sa.select(Opportunity).join(Institution).where(
        Institution.acronym == acronym, Opportunity.title.startswith(title_start), Opportunity.is_open))


def _focal(institution_id: int) -> User | None:
    return db.session.scalar(sa.select(User).where(User.role == Role.MINISTRY, User.institution_id == institution_id)
                             .order_by(User.id))


def _proposed(officer: User, posting: Opportunity) -> int | None:
    """The best eligible candidate, shortlisted and proposed by the officer; None when nobody is eligible."""
    best = live.ranking(posting, RankFilter(eligible_only=True)).head(1)[0]
    if not best:
        return None
    profile_id = int(best[0])
    decisions.decide(officer, profile_id, posting.id, DecisionAction.SHORTLIST)
    decisions.decide(officer, profile_id, posting.id, DecisionAction.PROPOSE)
    return profile_id


def _engaged(officer: User, posting: Opportunity, notes: list[str], feedback: tuple[str, str] | None) -> str:
    focal = _focal(posting.institution_id)
    profile_id = _proposed(officer, posting) if focal else None
    if profile_id is None:
        return f"demo engagement skipped for “{posting.title}”: no focal point or eligible candidate"
    profile = decisions.get_candidate(profile_id)
    decisions.ministry_decide(focal, posting, profile, True, "Welcome on board.", today())
    engagement = engagements.create_engagement(focal, profile, posting)
    for weeks_ago, note in zip(range(2 * len(notes), 0, -2), notes):
        engagements.add_entry(focal, engagement.id, today() - timedelta(weeks=weeks_ago), note)
    if feedback:
        engagements.give_feedback(profile.user, engagement.id, 5, feedback[0])
        engagements.give_feedback(focal, engagement.id, 5, feedback[1])
    return f"demo engagement: {profile.full_name} in “{posting.title}”, {len(notes)} of {engagement.agreed} held"


def seed_demo_engagements() -> list[str]:
    """Idempotent: does nothing once any engagement exists, or without an officer or the demo postings."""
    if db.session.scalar(sa.select(Engagement.id).limit(1)) is not None:
        return ["demo engagements already present"]
    officer = db.session.scalar(sa.select(User).where(User.role == Role.OFFICER).order_by(User.id))
    mentorship, twinning = _posting("AKSHI", "Mentors for young"), _posting("BSHK", "Bashkia Shkodër twinned")
    statistics = _posting("INSTAT", "INSTAT – ISTAT")
    if officer is None or None in (mentorship, twinning, statistics):
        return ["demo engagements skipped: no officer or no demo mentorship and twinnings"]
    lines = [_engaged(officer, mentorship, SESSIONS, None),
             _engaged(officer, twinning, ACTIVITIES,
                      ("Bologna's colleagues were generous with their time; the Interreg proposal is a real result.",
                       "Exactly the partner we needed: the bazaar consultation followed Bologna's method."))]
    proposed = _proposed(officer, statistics)
    if proposed is not None:
        lines.append(f"demo twinning: a candidate proposed for “{statistics.title}”, awaiting INSTAT's answer")
    return lines
