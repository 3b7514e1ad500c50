"""One index for all workers: a snapshot built once, mapped by every worker, swapped when a newer one appears,
with the profiles changed since its version applied on top in each worker's own overlay."""
from __future__ import annotations

import os

from matching import snapshot

from diaspora.extensions import db
from diaspora.matches import live, snapshots
from diaspora.members import services as member_services


def files(found) -> dict[str, bytes]:
    return {name: (found.path / name).read_bytes() for name in sorted(os.listdir(found.path))}


def test_workers_map_one_snapshot_built_once(app_factory, make_member):
    workers = [app_factory() for _ in range(3)]
    with workers[0].app_context():
        make_member()
        db.session.commit()
    holders = []
    for worker in workers:
        with worker.app_context():
            holders.append(live.live())
    assert [h.builds for h in holders] == [1, 0, 0] and len({h.snapshot for h in holders}) == 1
    assert all(len(h.index) == 1 and h.index.shared_base_ for h in holders)
    with workers[0].app_context():
        assert snapshot.snapshots(snapshots.directory()) == [holders[0].snapshot]


def test_changes_after_the_snapshot_are_applied_on_top_without_writing_it(app_factory, make_member):
    worker = app_factory()
    with worker.app_context():
        first = make_member(full_name="First")
        db.session.commit()
        holder = live.live()
        mapped, before = holder.snapshot, files(holder.snapshot)
        second_id = make_member(full_name="Second").id
        member_services.withdraw_consent(first.user)
        db.session.commit()
        live.live()
        assert holder.snapshot == mapped and holder.builds == 1 and holder.overlay == 2
        assert list(holder.index.profiles_) == [str(second_id)]
        assert files(mapped) == before


def test_a_worker_swaps_to_a_newer_snapshot_at_its_next_check(app_factory, make_member):
    worker, builder = app_factory(MATCHING_INDEX_CHECK_SECONDS=0), app_factory()
    with worker.app_context():
        make_member()
        db.session.commit()
        holder = live.live()
        old = holder.snapshot
        late_id = make_member(full_name="Late").id
        db.session.commit()
    with builder.app_context():  # another process builds a newer snapshot (a scheduled rebuild, say)
        version, epoch = live.stamp()[:2]
        newer, built = snapshots.build(version, epoch)
        assert built and newer.version > old.version
    with worker.app_context():
        live.live()
        assert holder.snapshot == newer and holder.loads == 2 and holder.overlay == 0
        assert str(late_id) in holder.index.profiles_


def test_a_newer_snapshot_waits_for_the_check_interval(app_factory, make_member):
    worker, builder = app_factory(MATCHING_INDEX_CHECK_SECONDS=3600), app_factory()
    with worker.app_context():
        make_member()
        db.session.commit()
        holder = live.live()
        old = holder.snapshot
        make_member(full_name="Late")
        db.session.commit()
    with builder.app_context():
        version, epoch = live.stamp()[:2]
        snapshots.build(version, epoch)
    with worker.app_context():
        live.live()
        assert holder.snapshot == old and holder.overlay == 1 and len(holder.index) == 2


def test_too_many_changes_on_top_make_one_new_snapshot(app_factory, make_member, monkeypatch):
    monkeypatch.setattr(live, "REBUILD_AFTER_CHANGES", 2)
    worker, other = app_factory(), app_factory()
    with worker.app_context():
        make_member()
        db.session.commit()
        holder = live.live()
    with other.app_context():
        other_holder = live.live()
    with worker.app_context():
        for n in range(3):
            make_member(full_name=f"Member {n}")
        db.session.commit()
        live.live()
        assert holder.builds == 2 and holder.overlay == 0 and len(holder.index) == 4
    with other.app_context():  # finds the snapshot the first worker built while it waited for the lock
        live.live()
        assert other_holder.builds == 0 and other_holder.snapshot == holder.snapshot


def test_old_snapshots_are_pruned(app_factory, make_member):
    builder = app_factory()
    with builder.app_context():
        make_member()
        db.session.commit()
        version, epoch = live.stamp()[:2]
        made = [snapshots.build(version, epoch + n)[0] for n in range(snapshots.KEEP + 2)]
        assert snapshot.snapshots(snapshots.directory()) == made[-snapshots.KEEP:]


def test_build_index_command_makes_a_snapshot_workers_swap_to_without_a_new_epoch(app_factory, make_member):
    worker, cli_app = app_factory(MATCHING_INDEX_CHECK_SECONDS=0), app_factory()
    with worker.app_context():
        make_member()
        db.session.commit()
        holder = live.live()
        old, epoch = holder.snapshot, live.stamp()[1]
        make_member(full_name="Late")
        db.session.commit()
    result = cli_app.test_cli_runner().invoke(args=["matching", "build-index"])
    assert result.exit_code == 0 and "2 profiles" in result.output, result.output
    with worker.app_context():
        live.live()
        assert holder.snapshot != old and holder.snapshot.name in result.output
        assert holder.epoch == epoch == live.stamp()[1] and holder.loads == 2 and holder.overlay == 0


def test_an_unreadable_snapshot_is_set_aside_and_replaced(app_factory, make_member):
    builder, worker = app_factory(), app_factory()
    with builder.app_context():
        make_member()
        db.session.commit()
        damaged = live.live().snapshot
        (damaged.path / "manifest.json").write_text("{")  # a disk fault, say
    with worker.app_context():
        holder = live.live()
        assert holder.snapshot != damaged and holder.builds == 1 and len(holder.index) == 1
        assert not damaged.path.exists() and (damaged.path.parent / f".partial-damaged-{damaged.name}").is_dir()
