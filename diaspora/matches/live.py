"""The index every worker ranks with: a shared snapshot mapped read-only, kept current by the database's stamp.

Every request that ranks calls `live()`: one cheap query reads the index version, the rebuild epoch, the
curated vocabulary's version and the id of the model in use. A worker maps the newest snapshot of the epoch
(diaspora/matches/snapshots.py; one is built if there is none) and applies the profiles changed since the
snapshot's version on top, in its own small overlay; a worker behind by a few changes applies only those.
Every MATCHING_INDEX_CHECK_SECONDS it looks for a newer snapshot and swaps to it. A new epoch (`flask
matching rebuild-index`), a version that goes backwards (a restored database) or too many changes on top of
the snapshot make it map another one, built by whichever process gets there first. A new model row swaps the
scorer without re-encoding the profiles: the index reads the weights at query time.

The curated vocabulary (diaspora/matches/vocabulary.py) is this worker's own: snapshots are built over the
packaged taxonomy, so their fingerprint does not move with every curation decision and one snapshot serves
every vocabulary version. Mapping one, a worker lays the decisions up to the stamp's vocabulary version over a
fresh taxonomy copy (a `Curation`, which adds no concept before its first decision, so the fingerprint still
matches) and re-encodes the profiles that typed those terms into its overlay; a later decision is laid the
same way, re-encoding only the profiles that typed its term. These re-encodes are not counted as changes on
top of the snapshot: a new snapshot, over the packaged taxonomy, would not absorb them, and counting them
would build snapshot after snapshot. (Their cost at each mapping grows with the profiles that typed a curated
term; building snapshots over the curated vocabulary would remove it, at the price of one snapshot per
vocabulary version.)
"""
from __future__ import annotations

import logging
import threading
import time
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
from matching.snapshot import Snapshot, SnapshotError
from matching.taxonomy import default_taxonomy

from diaspora.extensions import db
from diaspora.instruments import MATCH_QUERY_SECONDS
from diaspora.jobs import services as job_pages
from diaspora.jobs.runner import report
from diaspora.matches import snapshots, vocabulary
from diaspora.matches.changes import request_rebuild
from diaspora.matches.convert import is_indexable, to_opportunity, to_profile
from diaspora.matches.models import STATE_ID, MatchIndexState, MatchModel, ProfileChange
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity

log = logging.getLogger(__name__)
EXTENSION_KEY = "ura_match_index"
# Beyond this many changed profiles on top of a snapshot, a new snapshot is cheaper than one upsert each.
REBUILD_AFTER_CHANGES = 2_000

job_pages.register_kind("rebuild_index", _l("Matching index rebuild"))


@dataclass
class LiveIndex:
    index: MatchIndex | None = None
    version: int = -1
    epoch: int = 0
    snapshot: Snapshot | None = None  # what `index` maps; the changes after its version are applied on top
    checked_at: float = 0.0  # time.monotonic() of the last look for a newer snapshot
    vocabulary: int = -1  # the curated vocabulary's version laid over `curation`
    curation: Curation | None = None  # this worker's taxonomy copy with the curated vocabulary laid over it
    model_id: int | None = None
    scorer: FitScorer = field(default_factory=FitScorer)
    model_version: str = "default"
    model_message: str = "default weights"
    model_reason: Reason | None = field(default_factory=lambda: Reason("weights_default"))
    loads: int = 0  # snapshots this worker has mapped
    builds: int = 0  # snapshots this worker has built (none it could map was there)
    applied_changes: int = 0
    overlay: int = 0  # changed profiles applied on top of the snapshot
    reencoded: int = 0  # profiles encoded again on top of the snapshot for the curated vocabulary
    lock: threading.Lock = field(default_factory=threading.Lock)


def _open(holder: LiveIndex, found: Snapshot, epoch: int, vocabulary_version: int) -> None:
    """Swap to the index mapped from `found`, with the curated vocabulary up to `vocabulary_version` laid over
    a fresh taxonomy copy; the old index goes when its last reader lets go of it."""
    holder.curation = Curation(default_taxonomy())
    try:
        holder.index = snapshots.load(found, holder.scorer, holder.curation.taxonomy)
    except SnapshotError:  # set aside by snapshots.load: the newest other one will do, or a new one
        found = _build(holder, found.version, epoch, reuse=lambda _other: True)
        holder.index = snapshots.load(found, holder.scorer, holder.curation.taxonomy)
    holder.snapshot, holder.version, holder.epoch = found, found.version, epoch
    holder.vocabulary = -1  # nothing laid over the fresh copy yet
    holder.loads += 1
    holder.overlay = holder.reencoded = 0
    holder.checked_at = time.monotonic()
    log.info("match index snapshot %s mapped: %s profiles", found.name, len(holder.index))
    _catch_up_vocabulary(holder, vocabulary_version)


def _open_newest(holder: LiveIndex, now: Stamp) -> None:
    found = snapshots.newest(now.epoch, now.version)
    if found is None:
        found = _build(holder, now.version, now.epoch, reuse=lambda _other: True)
    _open(holder, found, now.epoch, now.vocabulary)


def _build(holder: LiveIndex, version: int, epoch: int, reuse) -> Snapshot:
    found, built = snapshots.build(version, epoch, reuse)
    holder.builds += built
    return found


def _newer_snapshot(holder: LiveIndex, version: int) -> Snapshot | None:
    """A snapshot of this epoch newer than the mapped one, looked for at most every MATCHING_INDEX_CHECK_SECONDS."""
    now = time.monotonic()
    if now - holder.checked_at < current_app.config["MATCHING_INDEX_CHECK_SECONDS"]:
        return None
    holder.checked_at = now
    found = snapshots.newest(holder.epoch, version)
    return found if found is not None and found.version > holder.snapshot.version else None


def _changed_since(start: int, version: int) -> list[int]:
    return sorted(set(db.session.scalars(sa.select(ProfileChange.profile_id).where(
        ProfileChange.version > start, ProfileChange.version <= version))))


def _profile_rows(ids: list[int]) -> dict[int, MemberProfile]:
    return {p.id: p for p in db.session.scalars(sa.select(MemberProfile).where(MemberProfile.id.in_(ids)))}


def _catch_up(holder: LiveIndex, version: int) -> None:
    changed = _changed_since(holder.version, version)
    # An index built over no profile has no vocabulary statistics to encode new ones against.
    if holder.overlay + len(changed) > REBUILD_AFTER_CHANGES or (changed and len(holder.index) == 0):
        mapped = holder.snapshot
        _open(holder, _build(holder, version, holder.epoch, reuse=lambda other: other.version > mapped.version),
              holder.epoch, holder.vocabulary)
        changed = _changed_since(holder.version, version)
    rows = _profile_rows(changed)
    for profile_id in changed:
        row = rows.get(profile_id)
        if row is not None and is_indexable(row):
            holder.index.upsert(to_profile(row))
        else:
            holder.index.remove(str(profile_id))
    holder.version = version
    holder.applied_changes += len(changed)
    holder.overlay += len(changed)


def _catch_up_vocabulary(holder: LiveIndex, vocabulary_version: int) -> None:
    """Lay the decisions taken since over this worker's taxonomy and re-encode the profiles that typed their
    terms (an index over no profile has none to re-encode, nor statistics to encode them against: the
    profile changes that fill it are encoded with the vocabulary laid)."""
    changed = vocabulary.apply(holder.curation, vocabulary.decisions(holder.vocabulary, vocabulary_version))
    holder.vocabulary = vocabulary_version
    if not changed:
        return
    typed = vocabulary.typed_by(changed) if len(holder.index) else []
    rows = _profile_rows(typed)
    reencoded = holder.index.reencode(to_profile(row) for profile_id in typed
                                      if (row := rows.get(profile_id)) is not None and is_indexable(row))
    holder.reencoded += reencoded
    holder.applied_changes += reencoded


def _load_model(holder: LiveIndex, model_id: int | None) -> None:
    holder.model_id = model_id
    holder.scorer = FitScorer()
    holder.model_version, holder.model_message = "default", holder.scorer.message
    holder.model_reason = holder.scorer.reason
    row = db.session.get(MatchModel, model_id) if model_id is not None else None
    if row is not None:
        path = current_app.config["MATCHING_MODEL_DIR"] / row.filename
        try:
            holder.scorer = FitScorer.load(path)
            holder.model_version, holder.model_message = holder.scorer.version, holder.scorer.message
            holder.model_reason = holder.scorer.reason
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
            _open_newest(holder, now)
        elif (newer := _newer_snapshot(holder, now.version)) is not None:
            _open(holder, newer, now.epoch, now.vocabulary)
        if now.vocabulary > holder.vocabulary:
            _catch_up_vocabulary(holder, now.vocabulary)
        if now.version > holder.version:
            _catch_up(holder, now.version)
        return holder


def rebuild_everywhere(job_id: int) -> dict:
    """Job: build a new snapshot under a new rebuild epoch; every worker maps it at its next request."""
    report(job_id, 5, _("Rebuilding the matching index…"))
    now = stamp()
    # Built before the epoch is raised: raising it locks the stamp row, and profile saves wait for that lock.
    found, _built = snapshots.build(now.version, now.epoch + 1)
    request_rebuild()
    holder = live()
    return {"profiles": len(holder.index), "index_version": holder.version, "model": holder.model_version,
            "snapshot": found.name}


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
