"""The matching index's snapshots in MATCHING_INDEX_DIR: built from the database by one process at a time,
mapped read-only by every worker (the format is matching/snapshot.py's).

A host's workers map the same files, so the page cache holds one copy of the index however many workers
there are; on a directory every host mounts (NFS), one build serves the whole installation. Builders take an
exclusive lock on the directory, so workers that find no usable snapshot at the same moment build it once:
the others wait and map what the first one wrote.
"""
from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from matching import snapshot
from matching.index import MatchIndex
from matching.model import Profile
from matching.snapshot import Snapshot
from matching.taxonomy import Taxonomy

from diaspora.extensions import db
from diaspora.matches.convert import is_indexable, to_profile
from diaspora.members.models import MemberProfile

log = logging.getLogger(__name__)
KEEP = 3  # snapshots kept: the newest, and older ones workers may still map until their next check
LOCK_FILE = ".build.lock"


def directory() -> Path:
    return Path(current_app.config["MATCHING_INDEX_DIR"])


def matchable_profiles() -> Iterator[Profile]:
    query = (sa.select(MemberProfile)
             .where(MemberProfile.matchable, MemberProfile.has_a_role())
             .order_by(MemberProfile.id).execution_options(yield_per=1000))
    return (to_profile(p) for p in db.session.scalars(query) if is_indexable(p))


def newest(epoch: int, max_version: int) -> Snapshot | None:
    """The newest snapshot of this rebuild epoch at the database's version or below."""
    return snapshot.newest(directory(), epoch=epoch, max_version=max_version)


@contextmanager
def _exclusive() -> Iterator[None]:
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        yield


def build(version: int, epoch: int, reuse: Callable[[Snapshot], bool] | None = None) -> tuple[Snapshot, bool]:
    """(snapshot, built here): a new snapshot of the matchable profiles at (epoch, version), or, when `reuse`
    accepts it, the newest one another process saved while this one waited for the lock."""
    with _exclusive():
        found = newest(epoch, version)
        if reuse is not None and found is not None and reuse(found):
            return found, False
        started = time.perf_counter()
        index = MatchIndex().build(matchable_profiles())
        made = snapshot.save(index, directory(), epoch=epoch, version=version)
        snapshot.prune(directory(), keep=KEEP)
    log.info("match index snapshot %s built in %.1f s: %s profiles", made.name, time.perf_counter() - started,
             len(index))
    return made, True


def load(found: Snapshot, scorer, taxonomy: Taxonomy) -> MatchIndex:
    """The index mapped from `found`, reading through `taxonomy`: a copy of the packaged one the snapshot was
    built over, with no concept added yet (diaspora/matches/live.py lays the curated vocabulary over it). One
    that cannot be read is set aside (renamed as a partial snapshot, so no worker picks it again and prune()
    deletes it a day later) before the SnapshotError goes up."""
    try:
        return snapshot.load(found.path, taxonomy=taxonomy, scorer=scorer)
    except snapshot.SnapshotError:
        log.exception("match index snapshot %s unreadable: set aside", found.name)
        try:
            os.rename(found.path, found.path.with_name(f"{snapshot.TEMPORARY}damaged-{found.name}"))
        except FileNotFoundError:
            pass  # another worker set it aside first
        raise
