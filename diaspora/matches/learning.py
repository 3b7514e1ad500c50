"""Learning from decisions: labelled pairs from the decision trail, retraining, the model history.

Labels: an officer's proposal and a ministry's acceptance count as a good match; an officer's
rejection and a ministry's decline as a poor one. A pair's latest labelled decision wins (a
proposal the ministry declined is a negative). Notes and shortlists carry no label. Only profiles
still in matching (consent) are learnt from.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from matching.evaluate import ranking_quality
from matching.index import MatchIndex
from matching.model import Decision
from matching.scorer import FitScorer

from diaspora.auth.models import User
from diaspora.extensions import db
from diaspora.jobs import services as job_pages
from diaspora.jobs.runner import report
from diaspora.matches import live
from diaspora.matches.convert import is_indexable, to_opportunity, to_profile
from diaspora.matches.models import MatchModel
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.timeutil import utcnow

CUTOFF = 10
# The decision trail belongs to the programme, a layer above this bridge: it registers the function that reads
# its labelled pairs, {(profile_id, opportunity_id): accepted}, each pair's latest labelled decision.
_label_sources: list[Callable[[], dict[tuple[int, int], bool]]] = []


def register_label_source(source: Callable[[], dict[tuple[int, int], bool]]) -> None:
    _label_sources.append(source)

job_pages.register_kind("retrain", _l("Retraining the matching scorer"))


@dataclass
class RetrainOutcome:
    n_decisions: int
    message: str
    saved: bool
    version: str
    before: dict[str, float] = field(default_factory=dict)
    after: dict[str, float] = field(default_factory=dict)


def labelled_decisions() -> list[Decision]:
    latest = {pair: accepted for source in _label_sources for pair, accepted in source().items()}
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


def retrain(actor: User | None, progress: Callable[[int, str], None] | None = None) -> RetrainOutcome:
    """Fit on the labelled decisions; a learnt scorer is saved and becomes the model every worker uses.

    `progress(percent, message)` is told before each step; nothing is written until the last one.
    """
    step = progress or (lambda percent, message: None)
    step(5, _("Reading the labelled decisions…"))
    decided = labelled_decisions()
    step(25, _("Measuring the model in use…"))
    current = live.live().scorer
    before = quality(decided, current)
    step(50, _("Learning the weights…"))
    scorer = FitScorer().fit(decided)
    step(75, _("Measuring the new model…"))
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


def retrain_job(job_id: int, actor_id: int | None) -> dict:
    """Job: `retrain` with progress on the job page; the result holds NDCG@10 and Recall@10 before and after."""
    outcome = retrain(db.session.get(User, actor_id) if actor_id else None,
                      progress=lambda percent, message: report(job_id, percent, message))
    in_use = outcome.version if outcome.saved else live.live().model_version
    return {"decisions": outcome.n_decisions, "outcome": outcome.message, "saved": outcome.saved, "model": in_use,
            "metrics": {"before": outcome.before, "after": outcome.after}}


def model_history(limit: int = 20) -> list[MatchModel]:
    return list(db.session.scalars(sa.select(MatchModel).order_by(MatchModel.id.desc()).limit(limit)))
