"""Snapshots: an index written once, atomically, and mapped read-only with changes in an overlay on top."""
from __future__ import annotations

import mmap
import os

import numpy as np
import pytest
import scipy.sparse as sp

from matching import snapshot
from matching.index import RankFilter
from matching.taxonomy import Taxonomy
from tests.matching.conftest import FIXTURE, expert
from tests.matching.test_index import OPPS, people


def answers(index) -> list:
    """Everything a page reads from an index: top-k with explanations, whole rankings, candidates, pairs."""
    out = []
    for o in OPPS:
        out.append([(m.profile_id, m.score, m.eligible, m.reasons, m.contributions)
                    for m in index.rank(o, top=20, explain=True)])
        out.append(index.ranking(o).ids)
        out.append(index.ranking(o, RankFilter(eligible_only=True, language="en")).head(5)[0])
        out.append(index.candidates(o, 10))
        out.append([(m.profile_id, m.score) for m in index.score_pairs([(p, o) for p in ("p001", "p017")])])
    out.append(sorted(index.profiles_))
    out.append(index.profiles_["p003"])
    return out


def mapped_arrays(index) -> list[np.ndarray]:
    """Every array of the index's base store (sparse matrices as their parts, dicts and records opened)."""
    found = []

    def walk(value):
        if isinstance(value, np.ndarray):
            found.append(value)
        elif sp.issparse(value):
            found.extend([value.data, value.indices, value.indptr])
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))

    for name, value in vars(index.base_).items():
        if name != "alive":
            walk(value)
    return found


def backing(array: np.ndarray):
    while isinstance(array, np.ndarray) and array.base is not None:
        array = array.base
    return array


@pytest.fixture
def saved(build, tmp_path, taxonomy):
    index = build(people(120))
    return index, snapshot.save(index, tmp_path, epoch=1, version=7)


def test_round_trip_gives_identical_answers(saved, taxonomy):
    index, snap = saved
    assert answers(snapshot.load(snap.path, taxonomy)) == answers(index)
    assert answers(snapshot.load(snap.path, taxonomy, mmap=False)) == answers(index)


def test_mapped_arrays_are_read_only_views_of_the_files(saved, taxonomy):
    loaded = snapshot.load(saved[1].path, taxonomy)
    arrays = [a for a in mapped_arrays(loaded) if a.size]
    assert arrays
    for array in arrays:
        assert not array.flags.writeable and isinstance(backing(array), mmap.mmap)
        with pytest.raises(ValueError):
            array[...] = array
    assert loaded.base_.alive.flags.writeable and not isinstance(backing(loaded.base_.alive), mmap.mmap)


def files(path) -> dict[str, bytes]:
    return {name: (path / name).read_bytes() for name in sorted(os.listdir(path))}


def test_changes_go_to_an_overlay_and_rank_as_in_a_fresh_build(build, saved, taxonomy):
    _index, snap = saved
    before = files(snap.path)
    loaded = snapshot.load(snap.path, taxonomy)
    everyone = {p.id: p for p in people(120)}
    changed = expert("p005", skills=("underwater basket weaving",), summary="statistics and basket weaving",
                     years_experience=30)
    newcomer = expert("z1", skills=("public procurement", "state aid"), languages={"en": "C2"}, work_mode="onsite")
    for profile in (changed, newcomer):
        loaded.upsert(profile)
        everyone[profile.id] = profile
    assert loaded.remove("p009") and not loaded.remove("nobody")
    del everyone["p009"]
    # The same rows in an index built from scratch with the snapshot's idf (what an upsert encodes against).
    fresh = build([]).build(everyone.values(), vectors=loaded.vectors_)
    assert answers(loaded) == answers(fresh)
    assert len(loaded) == 120 and "p009" not in loaded.profiles_ and loaded.profiles_["z1"].work_mode == "onsite"
    assert files(snap.path) == before  # nothing was written into the snapshot


def test_many_changes_never_compact_the_mapped_base(saved, taxonomy, monkeypatch):
    from matching import index as index_module
    monkeypatch.setattr(index_module, "COMPACT_MIN", 3)
    loaded = snapshot.load(saved[1].path, taxonomy)
    base = loaded.base_
    for p in people(30, seed=3, prefix="q"):
        loaded.upsert(p)
        loaded.rank(OPPS[0], top=3)
    assert loaded.base_ is base and len(loaded) == 150


def test_a_reader_never_sees_a_partial_snapshot(build, tmp_path, monkeypatch):
    index = build(people(30))
    seen = []
    write = snapshot._Writer.array

    def watching(self, value):
        seen.append(snapshot.snapshots(tmp_path, index.taxonomy_))  # what a worker listing now would find
        return write(self, value)

    monkeypatch.setattr(snapshot._Writer, "array", watching)
    written = snapshot.save(index, tmp_path, epoch=0, version=1)
    assert len(seen) > 10 and all(found == [] for found in seen)
    assert snapshot.snapshots(tmp_path, index.taxonomy_) == [written]


def test_a_writer_that_fails_leaves_nothing(build, tmp_path, monkeypatch):
    index = build(people(30))
    calls = []

    def failing(self, value):
        calls.append(1)
        if len(calls) == 5:
            raise OSError("disk full")
        return write(self, value)

    write = snapshot._Writer.array
    monkeypatch.setattr(snapshot._Writer, "array", failing)
    with pytest.raises(OSError):
        snapshot.save(index, tmp_path, epoch=0, version=1)
    assert os.listdir(tmp_path) == []


def test_newest_is_the_highest_epoch_then_version_of_this_engine_and_taxonomy(build, tmp_path, taxonomy):
    index = build(people(10))
    made = {(e, v): snapshot.save(index, tmp_path, epoch=e, version=v) for e, v in [(1, 5), (1, 9), (2, 3)]}
    assert snapshot.newest(tmp_path, taxonomy) == made[(2, 3)]
    assert snapshot.newest(tmp_path, taxonomy, epoch=1) == made[(1, 9)]
    assert snapshot.newest(tmp_path, taxonomy, epoch=1, max_version=8) == made[(1, 5)]
    assert snapshot.newest(tmp_path, taxonomy, epoch=3) is None
    other = Taxonomy.load(FIXTURE)
    other.skills.pop(next(iter(other.skills)))
    assert snapshot.newest(tmp_path, other) is None  # another column layout: not loadable here
    with pytest.raises(snapshot.SnapshotError):
        snapshot.load(made[(2, 3)].path, other)


def test_a_column_the_store_gains_is_saved_and_mapped_without_naming_it(build, tmp_path, taxonomy):
    index = build(people(20))
    index.base_.novelty = {"counts": np.arange(20, dtype=np.int32), "matrix": sp.csc_matrix(np.eye(20))}
    loaded = snapshot.load(snapshot.save(index, tmp_path, 0, 1).path, taxonomy)
    assert loaded.base_.novelty["counts"].tolist() == list(range(20))
    assert (loaded.base_.novelty["matrix"] != sp.csc_matrix(np.eye(20))).nnz == 0
    index.base_.novelty = object()
    with pytest.raises(snapshot.SnapshotError, match="store.novelty"):
        snapshot.save(index, tmp_path, 0, 2)


def test_what_a_store_derives_on_use_is_not_saved_and_is_derived_again(build, tmp_path, taxonomy):
    index = build(people(20))
    before = [m.score for m in index.rank(OPPS[0], top=20)]  # a query derives the stores' float days
    assert "_float_days" in vars(index.base_)
    loaded = snapshot.load(snapshot.save(index, tmp_path, 0, 1).path, taxonomy)
    assert "_float_days" not in vars(loaded.base_)
    assert [m.score for m in loaded.rank(OPPS[0], top=20)] == before


def test_only_a_compact_index_is_saved(build, tmp_path):
    index = build(people(20))
    index.upsert(expert("late"))
    with pytest.raises(snapshot.SnapshotError):
        snapshot.save(index, tmp_path, 0, 1)


def test_prune_keeps_the_newest(build, tmp_path, taxonomy):
    index = build(people(10))
    made = []
    for v in range(5):
        made.append(snapshot.save(index, tmp_path, 0, v))
        os.utime(made[-1].path, (1000 + v, 1000 + v))
    (tmp_path / ".partial-dead").mkdir()
    os.utime(tmp_path / ".partial-dead", (0, 0))
    snapshot.prune(tmp_path, keep=2)
    assert snapshot.snapshots(tmp_path, taxonomy) == made[3:]
    assert sorted(os.listdir(tmp_path)) == sorted(s.name for s in made[3:])
