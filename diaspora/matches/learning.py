"""Learning from decisions: labelled pairs from the decision trail, retraining, the model history.

Labels: an officer's proposal and a ministry's acceptance count as a good match; an officer's
rejection and a ministry's decline as a poor one. A pair's latest labelled decision wins (a
proposal the ministry declined is a negative). Notes and shortlists carry no label. Only profiles
still in matching (consent) are learnt from.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from matching.evaluate import ranking_quality
from matching.index import MatchIndex
from matching.model import Decision
from matching.scorer import FitScorer

from diaspora.auth.models import User
from diaspora.extensions import db
from diaspora.matches import live
from diaspora.matches.convert import is_indexable, to_opportunity, to_profile
from diaspora.matches.models import MatchModel
from diaspora.members.models import MemberProfile
from diaspora.ministries.models import Opportunity
from diaspora.officers.models import DecisionAction, MatchDecision
from diaspora.timeutil import utcnow

LABELS = {DecisionAction.PROPOSE: True, DecisionAction.REJECT: False,
          DecisionAction.MINISTRY_ACCEPT: True, DecisionAction.MINISTRY_DECLINE: False}
CUTOFF = 10


@dataclass
class RetrainOutcome:
    n_decisions: int
    message: str
    saved: bool
    version: str
    before: dict[str, float] = field(default_factory=dict)
    after: dict[str, float] = field(default_factory=dict)


def labelled_decisions() -> list[Decision]:
    rows = db.session.execute(sa.select(MatchDecision.profile_id, MatchDecision.opportunity_id, MatchDecision.action)
                              .where(MatchDecision.action.in_(LABELS)).order_by(MatchDecision.id))
    latest = {(pid, oid): LABELS[action] for pid, oid, action in rows}
    if not latest:
        return []
    profiles = {p.id: p for p in db.session.scalars(sa.select(MemberProfile).where(
        MemberProfile.id.in_({pid for pid, _ in latest})))}
    opportunities = {o.id: to_opportunity(o) for o in db.session.scalars(sa.select(Opportunity).where(
        Opportunity.id.in_({oid for _, oid in latest})))}
    engine_profiles = {pid: to_profile(p) for pid, p in profiles.items() if is_indexable(p)}
    return [Decision(engine_profiles[pid], opportunities[oid], accepted)
            for (pid, oid), accepted in sorted(latest.items()) if pid in engine_profiles]


def quality(decisions: list[Decision], scorer: FitScorer) -> dict[str, float]:
    """NDCG@10 and Recall@10 of re-ranking each opportunity's decided candidates with this scorer."""
    if not decisions:
        return {}
    index = MatchIndex(scorer=scorer).build({d.profile.id: d.profile for d in decisions}.values())
    groups: dict[str, list[Decision]] = {}
    for d in decisions:
        groups.setdefault(d.opportunity.id, []).append(d)
    rankings, labels = {}, {}
    for opportunity_id, group in groups.items():
        matches = index.score_pairs([(d.profile.id, d.opportunity) for d in group], explain=False)
        rankings[opportunity_id] = [m.profile_id for m in sorted(
            matches, key=lambda m: (not m.eligible, -m.score, m.profile_id))]
        labels[opportunity_id] = {d.profile.id: int(d.accepted) for d in group}
    result = ranking_quality(rankings, labels, k=CUTOFF, relevant=1)
    return {name: round(value, 4) for name, value in result.items() if name != "queries"}


def retrain(actor: User | None) -> RetrainOutcome:
    """Fit on the labelled decisions; a learnt scorer is saved and becomes the model every worker uses."""
    decided = labelled_decisions()
    current = live.live().scorer
    before = quality(decided, current)
    scorer = FitScorer().fit(decided)
    after = quality(decided, scorer)
    outcome = RetrainOutcome(len(decided), scorer.message_, scorer.fitted_, scorer.version_, before, after)
    if not scorer.fitted_:
        return outcome
    directory = current_app.config["MATCHING_MODEL_DIR"]
    directory.mkdir(parents=True, exist_ok=True)
    filename = f"{scorer.version_}-{utcnow():%Y%m%d%H%M%S}-{secrets.token_hex(4)}.json"
    scorer.save(directory / filename)
    db.session.add(MatchModel(version=scorer.version_, filename=filename, message=scorer.message_[:300],
                              n_decisions=len(decided), metrics={"before": before, "after": after},
                              created_by_id=actor.id if actor else None))
    db.session.flush()
    return outcome


def model_history(limit: int = 20) -> list[MatchModel]:
    return list(db.session.scalars(sa.select(MatchModel).order_by(MatchModel.id.desc()).limit(limit)))
