"""Learning from decisions: graded pairs from the decision trail, retraining, the model history.

The programme grades its own trail (diaspora/programme/decisions.py: a placement above a ministry's
acceptance above an officer's proposal above a rejection); this bridge turns the graded pairs into the
engine's decisions and lets matching.learn judge the learnt weights on opportunities held apart. Only
profiles still in matching (consent) are learnt from.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from matching.explain import render
from matching.learn import learn
from matching.model import Decision, Reason

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

# The decision trail belongs to the programme, a layer above this bridge: it registers the function that reads
# its graded pairs, {(profile_id, opportunity_id): grade}; a later source's grade for a pair wins.
_label_sources: list[Callable[[], dict[tuple[int, int], int]]] = []


def register_label_source(source: Callable[[], dict[tuple[int, int], int]]) -> None:
    _label_sources.append(source)

job_pages.register_kind("retrain", _l("Retraining the matching scorer"))


@dataclass
class RetrainOutcome:
    n_decisions: int
    reason: Reason
    saved: bool
    version: str
    before: dict[str, float] = field(default_factory=dict)
    after: dict[str, float] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.reason)


def labelled_decisions() -> list[Decision]:
    grades = {pair: grade for source in _label_sources for pair, grade in source().items()}
    if not grades:
        return []
    profiles = {p.id: p for p in db.session.scalars(sa.select(MemberProfile).where(
        MemberProfile.id.in_({pid for pid, _ in grades})))}
    opportunities = {o.id: to_opportunity(o) for o in db.session.scalars(sa.select(Opportunity).where(
        Opportunity.id.in_({oid for _, oid in grades})))}
    engine_profiles = {pid: to_profile(p) for pid, p in profiles.items() if is_indexable(p)}
    return [Decision(engine_profiles[pid], opportunities[oid], grade)
            for (pid, oid), grade in sorted(grades.items()) if pid in engine_profiles]


def retrain(actor: User | None, progress: Callable[[int, str], None] | None = None) -> RetrainOutcome:
    """Learn from the graded decisions; weights that rank held-apart decisions better than the defaults are saved
    and become the model every worker uses.

    `progress(percent, message)` is told before each step; nothing is written until the last one.
    """
    step = progress or (lambda percent, message: None)
    step(5, _("Reading the graded decisions…"))
    decided = labelled_decisions()
    step(25, _("Learning the weights and testing them on opportunities held apart…"))
    learnt = learn(decided, min_opportunities=current_app.config["MATCHING_MIN_OPPORTUNITIES"])
    scorer = learnt.scorer
    step(90, _("Saving the new model…"))
    outcome = RetrainOutcome(learnt.n_decisions, learnt.reason, scorer is not None,
                             scorer.version_ if scorer else "default", learnt.before, learnt.after)
    if scorer is None:
        return outcome
    directory = current_app.config["MATCHING_MODEL_DIR"]
    directory.mkdir(parents=True, exist_ok=True)
    filename = f"{scorer.version_}-{utcnow():%Y%m%d%H%M%S}-{secrets.token_hex(4)}.json"
    scorer.save(directory / filename)
    db.session.add(MatchModel(version=scorer.version_, filename=filename, message=scorer.message_[:300],
                              n_decisions=len(decided), metrics={"before": learnt.before, "after": learnt.after},
                              created_by_id=actor.id if actor else None))
    db.session.flush()
    return outcome


def retrain_job(job_id: int, actor_id: int | None) -> dict:
    """Job: `retrain` with progress on the job page; the result holds NDCG@10 and Recall@10 on held-apart
    decisions, of the default weights (before) and the learnt ones (after), and why a model was or was not kept."""
    outcome = retrain(db.session.get(User, actor_id) if actor_id else None,
                      progress=lambda percent, message: report(job_id, percent, message))
    in_use = outcome.version if outcome.saved else live.live().model_version
    return {"decisions": outcome.n_decisions, "outcome": outcome.message, "reason": outcome.reason.to_dict(),
            "saved": outcome.saved, "model": in_use, "metrics": {"before": outcome.before, "after": outcome.after}}


def model_history(limit: int = 20) -> list[MatchModel]:
    return list(db.session.scalars(sa.select(MatchModel).order_by(MatchModel.id.desc()).limit(limit)))
