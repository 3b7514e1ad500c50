"""The per-process index, kept current in every worker by the version stamp in the database.

Every request that ranks calls `live()`: one cheap query reads the index version, the curated vocabulary's
version and the id of the model in use. A worker behind by a few changes applies only those (upsert or
remove); a worker far behind, or one that sees a version go backwards (a restored database), rebuilds. A
new model row swaps the scorer without re-encoding the profiles: the index reads the weights at query time.
A curation decision is laid over this worker's taxonomy copy and re-encodes only the profiles that typed
the term (diaspora/matches/vocabulary.py).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from matching.curation import Curation
from matching.index import MatchIndex, RankFilter, Ranking
from matching.model import Match, Reason
from matching.scorer import FitScorer

from diaspora.extensions import db
from diaspora.instruments import MATCH_QUERY_SECONDS
from diaspora.jobs import services as job_pages
from diaspora.jobs.runner import report
from diaspora.matches import vocabulary
from diaspora.matches.changes import request_rebuild
from diaspora.matches.convert import is_indexable, to_opportunity, to_profile
from diaspora.matches.models import STATE_ID, MatchIndexState, MatchModel, ProfileChange
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity

log = logging.getLogger(__name__)
EXTENSION_KEY = "ura_match_index"
# Beyond this many changed profiles a rebuild is cheaper than one upsert each.
REBUILD_AFTER_CHANGES = 2_000

job_pages.register_kind("rebuild_index", _l("Matching index rebuild"))


@dataclass
class LiveIndex:
    index: MatchIndex | None = None
    version: int = -1
    epoch: int = 0
    vocabulary: int = -1
    curation: Curation | None = None  # this worker's taxonomy copy with the curated vocabulary laid over it
    model_id: int | None = None
    scorer: FitScorer = field(default_factory=FitScorer)
    model_version: str = "default"
    model_message: str = "default weights"
    model_reason: Reason | None = field(default_factory=lambda: Reason("weights_default"))
    rebuilds: int = 0
    applied_changes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _matchable_profiles():
    query = (sa.select(MemberProfile)
             .where(MemberProfile.matchable, sa.or_(MemberProfile.is_expert.is_(True), MemberProfile.is_agent.is_(True)))
             .order_by(MemberProfile.id).execution_options(yield_per=1000))
    return (to_profile(p) for p in db.session.scalars(query) if is_indexable(p))


def _rebuild(holder: LiveIndex, version: int, epoch: int, vocabulary_version: int) -> None:
    holder.curation = vocabulary.load(vocabulary_version)
    holder.index = MatchIndex(taxonomy=holder.curation.taxonomy, scorer=holder.scorer).build(_matchable_profiles())
    holder.version, holder.epoch, holder.vocabulary = version, epoch, vocabulary_version
    holder.rebuilds += 1
    log.info("match index rebuilt at version %s: %s profiles", version, len(holder.index))


def _catch_up(holder: LiveIndex, version: int) -> None:
    changed = sorted(set(db.session.scalars(sa.select(ProfileChange.profile_id).where(
        ProfileChange.version > holder.version, ProfileChange.version <= version))))
    # An index built over no profile has no vocabulary statistics to encode new ones against.
    if len(changed) > REBUILD_AFTER_CHANGES or len(holder.index) == 0:
        _rebuild(holder, version, holder.epoch, holder.vocabulary)
        return
    rows = _profile_rows(changed)
    for profile_id in changed:
        row = rows.get(profile_id)
        if row is not None and is_indexable(row):
            holder.index.upsert(to_profile(row))
        else:
            holder.index.remove(str(profile_id))
    holder.version = version
    holder.applied_changes += len(changed)


def _profile_rows(ids: list[int]) -> dict[int, MemberProfile]:
    return {p.id: p for p in db.session.scalars(sa.select(MemberProfile).where(MemberProfile.id.in_(ids)))}


def _catch_up_vocabulary(holder: LiveIndex, vocabulary_version: int) -> None:
    """Lay the decisions taken since over this worker's taxonomy and re-encode the profiles that typed their terms."""
    if len(holder.index) == 0:  # nothing to re-encode, and no vocabulary statistics to encode against
        _rebuild(holder, holder.version, holder.epoch, vocabulary_version)
        return
    changed = vocabulary.apply(holder.curation, vocabulary.decisions(holder.vocabulary, vocabulary_version))
    holder.vocabulary = vocabulary_version
    typed = vocabulary.typed_by(changed)
    rows = _profile_rows(typed)
    holder.index.reencode(to_profile(row) for profile_id in typed
                          if (row := rows.get(profile_id)) is not None and is_indexable(row))
    holder.applied_changes += len(typed)


def _load_model(holder: LiveIndex, model_id: int | None) -> None:
    holder.model_id = model_id
    holder.scorer = FitScorer()
    holder.model_version, holder.model_message = "default", holder.scorer.message_
    holder.model_reason = holder.scorer.reason_
    row = db.session.get(MatchModel, model_id) if model_id is not None else None
    if row is not None:
        path = current_app.config["MATCHING_MODEL_DIR"] / row.filename
        try:
            holder.scorer = FitScorer.load(path)
            holder.model_version, holder.model_message = holder.scorer.version_, holder.scorer.message_
            holder.model_reason = holder.scorer.reason_
        except (OSError, ValueError) as error:
            # A missing or damaged file must not stop matching: default weights, said out loud on the page.
            log.error("matching model %s unreadable (%s); using default weights", path, error)
            holder.model_message = f"model file {row.filename} unreadable: default weights in use"
            holder.model_reason = Reason("model_unreadable", {"file": row.filename})
    if holder.index is not None:
        holder.index.scorer = holder.scorer


class Stamp(NamedTuple):
    version: int  # of the profiles
    epoch: int  # of rebuilds
    model_id: int | None  # the model in use
    vocabulary: int  # of the curated vocabulary


def stamp() -> Stamp:
    """The database's versions, in one query."""
    state = sa.select(MatchIndexState).where(MatchIndexState.id == STATE_ID).subquery()
    columns = [sa.func.coalesce(sa.select(column).scalar_subquery(), 0)
               for column in (state.c.version, state.c.epoch, state.c.vocabulary)]
    model_id = sa.select(sa.func.max(MatchModel.id)).scalar_subquery()
    version, epoch, vocabulary_version, model = db.session.execute(sa.select(*columns, model_id)).one()
    return Stamp(int(version), int(epoch), model, int(vocabulary_version))


def live() -> LiveIndex:
    """This worker's index, brought up to the database's version before it answers."""
    holder = current_app.extensions.setdefault(EXTENSION_KEY, LiveIndex())
    now = stamp()
    with holder.lock:
        if now.model_id != holder.model_id or holder.index is None:
            _load_model(holder, now.model_id)
        if (holder.index is None or now.version < holder.version or now.epoch != holder.epoch
                or now.vocabulary < holder.vocabulary):
            _rebuild(holder, now.version, now.epoch, now.vocabulary)
            return holder
        if now.vocabulary > holder.vocabulary:
            _catch_up_vocabulary(holder, now.vocabulary)
        if now.version > holder.version:
            _catch_up(holder, now.version)
        return holder


def rebuild_everywhere(job_id: int) -> dict:
    """Job: raise the rebuild epoch (every worker rebuilds at its next request) and rebuild here now."""
    report(job_id, 5, _("Rebuilding the matching index…"))
    request_rebuild()
    holder = live()
    return {"profiles": len(holder.index), "index_version": holder.version, "model": holder.model_version}


@contextmanager
def reading() -> Iterator[MatchIndex]:
    """This worker's up-to-date index, held for one query. A query settles pending upserts inside the
    index (it writes), so two threads of one process must not query or catch up at the same time."""
    holder = live()
    with holder.lock:
        yield holder.index


class PostingReader:
    """One posting read against this worker's index for the length of a page: the posting is converted once
    and the index brought up to date once (one stamp query), however many rankings and explanations follow."""

    def __init__(self, opportunity: Opportunity):
        self.engine_opportunity = to_opportunity(opportunity)  # may load rows: outside the lock
        self.holder = live()

    def ranking(self, where: RankFilter = RankFilter()) -> Ranking:
        """Every indexed profile that passes `where`, in rank order (eligible first, score descending,
        then id), as arrays: a page of it is explained with explain(), never the whole list."""
        with MATCH_QUERY_SECONDS.labels("ranking").time(), self.holder.lock:
            index = self.holder.index
            return index.ranking(self.engine_opportunity, where) if len(index) else Ranking.empty()

    def explain(self, profile_ids: list[int]) -> dict[int, Match]:
        """Scores with explanation sentences for the given profiles (those still in the index)."""
        with MATCH_QUERY_SECONDS.labels("explain").time(), self.holder.lock:
            index = self.holder.index
            present = [str(pid) for pid in profile_ids if str(pid) in index.profiles_] if len(index) else []
            matches = (index.score_pairs([(pid, self.engine_opportunity) for pid in present], explain=True)
                       if present else [])
        return {int(m.profile_id): m for m in matches}


def ranking(opportunity: Opportunity, where: RankFilter = RankFilter()) -> Ranking:
    return PostingReader(opportunity).ranking(where)


def explain(opportunity: Opportunity, profile_ids: list[int]) -> dict[int, Match]:
    return PostingReader(opportunity).explain(profile_ids)


def best_for(profile: MemberProfile, opportunities: list[Opportunity],
             top: int | None = None) -> list[tuple[Opportunity, Match]]:
    """How one person fits each opportunity (given in id order), the best `top`: eligible first, then score
    descending, then opportunity id. Scored against the person's own row: the cost is per posting, not
    per posting times indexed profiles."""
    person = to_profile(profile)
    postings = [to_opportunity(o) for o in opportunities]
    with MATCH_QUERY_SECONDS.labels("best_fits").time(), reading() as index:
        if not len(index) or str(profile.id) not in index.profiles_:
            return []
        return [(opportunities[position], match) for position, match in index.best_fits(person, postings, top)]
