"""The bridge's index: a version bump with every profile change, one shared snapshot, incremental catch-up."""
from __future__ import annotations

import sqlalchemy as sa

from diaspora.extensions import db
from diaspora.matches import live
from diaspora.matches.models import ProfileChange
from diaspora.members import services as member_services
from diaspora.opportunities.models import Opportunity


def test_profile_save_bumps_the_version_in_the_same_transaction(app, make_member, make_user):
    profile = make_member()
    first = live.stamp()[0]
    assert first >= 1
    values = {"full_name": "Arta H.", "is_expert": True, "country": "IT", "languages": {"sq": "C2"},
              "years_experience": 9}
    member_services.save_profile(profile.user, values, consent=True, expected_version=profile.version)
    assert live.stamp()[0] == first + 1
    assert db.session.scalar(sa.select(ProfileChange.profile_id).where(ProfileChange.version == first + 1)) == profile.id
    db.session.rollback()
    assert live.stamp()[0] < first + 1  # rolled back together with the profile


def test_only_consenting_profiles_are_indexed(app, make_member):
    kept = make_member(full_name="Kept")
    withdrawn = make_member(full_name="Withdrawn")
    member_services.withdraw_consent(withdrawn.user)
    db.session.commit()
    index = live.live().index
    assert str(kept.id) in index.profiles_ and str(withdrawn.id) not in index.profiles_


def test_second_app_instance_catches_up_incrementally(app_factory, make_member, make_fellowship):
    first_app, second_app = app_factory(), app_factory()  # two workers on one database
    with first_app.app_context():
        fellowship_id = make_fellowship().id
        early = make_member(full_name="Early Bird")
        early_id, early_user = early.id, early.user
        db.session.commit()
        holder = live.live()
        assert len(holder.index) == 1 and holder.builds >= 1
    with second_app.app_context():  # maps the snapshot the first one built
        other_holder = live.live()
        assert (other_holder.builds, other_holder.loads) == (0, 1) and other_holder.snapshot == holder.snapshot
        assert str(early_id) in other_holder.index.profiles_
    with first_app.app_context():  # worker 1 writes: a new profile and a consent withdrawal
        late_id = make_member(full_name="Late Comer").id
        member_services.withdraw_consent(db.session.merge(early_user))
        db.session.commit()
    with second_app.app_context():  # worker 2 applies only those changes at its next ranking
        ranked = live.ranking(db.session.get(Opportunity, fellowship_id))
        assert ranked.ids == [str(late_id)]
        assert (other_holder.builds, other_holder.loads) == (0, 1) and other_holder.applied_changes == 2
        assert other_holder.version == live.stamp()[0]


def test_rebuild_index_command_builds_a_snapshot_every_worker_maps(app_factory, make_member):
    worker, cli_app = app_factory(), app_factory()
    with worker.app_context():
        make_member()
        db.session.commit()
        holder = live.live()
        builds, first = holder.builds, holder.snapshot
    result = cli_app.test_cli_runner().invoke(args=["matching", "rebuild-index"])
    assert result.exit_code == 0 and "index rebuilt: 1 profiles" in result.output
    with worker.app_context():
        live.live()
        assert holder.snapshot != first and holder.snapshot.name in result.output
        assert holder.builds == builds and holder.loads == 2 and len(holder.index) == 1
