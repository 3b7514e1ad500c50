"""Allocation of a call: the engine's optimal assignment as a proposal, adjusted, applied as shortlists."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from matching.assign import assign

from diaspora.auth.models import User
from diaspora.errors import InvalidInput
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.matches.convert import to_opportunity
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.opportunities.services import open_postings
from diaspora.programme import decisions, lifecycles
from diaspora.programme.models import DecisionAction

ALTERNATIVES = 5  # replacements offered per proposed pair


@dataclass
class ProposedPair:
    opportunity: Opportunity
    profile: MemberProfile
    score: float
    alternatives: list[tuple[MemberProfile, float]]


def open_fellowships() -> list[Opportunity]:
    """The open postings a call allocates: those whose accepted candidates take positions (fellowships)."""
    return list(db.session.scalars(open_postings(Opportunity.kind.in_(lifecycles.placing_kinds()))
                                   .order_by(Opportunity.id)))


def propose(opportunity_ids: list[int], min_score: float = 0.0) -> tuple[list[ProposedPair], dict[int, int]]:
    """The optimal pairs for the chosen open fellowships, and how many positions stay unfilled."""
    chosen = [o for o in open_fellowships() if o.id in set(opportunity_ids)]
    engine = {o.id: to_opportunity(o) for o in chosen}
    with live.reading() as index:
        if not chosen or not len(index):
            return [], {o.id: o.positions for o in chosen}
        result = assign(index, list(engine.values()), min_score=min_score)
        alternatives = {o.id: index.candidates(engine[o.id], ALTERNATIVES, min_score) for o in chosen}
    by_id = {str(o.id): o for o in chosen}
    wanted = {int(pid) for _oid, pid, _s in result.pairs}
    wanted |= {int(pid) for cands in alternatives.values() for pid, _s in cands}
    profiles = {p.id: p for p in db.session.scalars(sa.select(MemberProfile).where(MemberProfile.id.in_(wanted)))}
    pairs = []
    for oid, pid, score in result.pairs:
        opportunity = by_id[oid]
        alts = [(profiles[int(a)], s) for a, s in alternatives[opportunity.id] if int(a) != int(pid) and int(a) in profiles]
        pairs.append(ProposedPair(opportunity, profiles[int(pid)], score, alts))
    return pairs, {int(oid): n for oid, n in result.unfilled.items()}


def apply(officer: User, pairs: list[tuple[int, int]]) -> tuple[int, int]:
    """Shortlist each (opportunity_id, profile_id); one person once. Returns (shortlisted, already further on)."""
    decisions.require_officer(officer)
    people = [pid for _oid, pid in pairs]
    if len(people) != len(set(people)):
        raise InvalidInput(_("Each person can be allocated to one fellowship only."))
    fellowships = {o.id for o in open_fellowships()}
    if any(oid not in fellowships for oid, _pid in pairs):
        raise InvalidInput(_("Only open fellowships can be allocated."))
    done = skipped = 0
    for opportunity_id, profile_id in pairs:
        if decisions.status_of(profile_id, opportunity_id) not in decisions.ALLOWED_AFTER[DecisionAction.SHORTLIST]:
            skipped += 1
            continue
        decisions.decide(officer, profile_id, opportunity_id, DecisionAction.SHORTLIST,
                         _("Allocated in the optimal assignment of the call."))
        done += 1
    return done, skipped
