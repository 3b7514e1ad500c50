"""Optimistic locking under real concurrency: 8 writers on one row, zero lost updates."""
from __future__ import annotations

import threading

from diaspora.auth.models import Role
from diaspora.errors import Conflict
from diaspora.extensions import db
from diaspora.opportunities import services
from diaspora.opportunities.models import Opportunity

WRITERS = 8


def test_eight_concurrent_writers_lose_no_update(app, make_user, make_fellowship):
    focal = make_user(Role.MINISTRY)
    posting = make_fellowship(institution=focal.institution, required_skills=[])
    db.session.commit()
    posting_id, focal_id = posting.id, focal.id
    barrier = threading.Barrier(WRITERS)
    conflicts = []
    errors = []

    def writer(number: int) -> None:
        try:
            with app.app_context():
                user = db.session.get(type(focal), focal_id)
                first_try = True
                while True:
                    current = services.get_own(user, posting_id)
                    version, skills = current.version, list(current.required_skills)
                    if first_try:
                        barrier.wait(timeout=10)  # everyone read the same version, then all write at once
                        first_try = False
                    try:
                        services.update(user, posting_id, {"required_skills": skills + [f"skill {number}"]},
                                        expected_version=version)
                        db.session.commit()
                        return
                    except Conflict:
                        conflicts.append(number)  # the loser is told, and tries again on fresh data
                        db.session.rollback()
        except Exception as error:  # surfaced in the main thread below
            errors.append(repr(error))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    final = db.session.get(Opportunity, posting_id)
    assert sorted(final.required_skills) == sorted(f"skill {n}" for n in range(WRITERS)), "an update was lost"
    assert final.version == 1 + WRITERS
    assert len(conflicts) >= 1, "the writers really raced"
    print(f"{WRITERS} concurrent writers: {len(conflicts)} conflicts reported, 0 updates lost")


def test_stale_form_is_refused_with_input_kept(client, make_user, make_fellowship, login):
    focal = make_user(Role.MINISTRY)
    posting = make_fellowship(institution=focal.institution)
    login(focal)
    data = {"title": "My stale title", "description": "d", "acquis_chapters": ["5"], "work_mode": "remote",
            "positions": "1", "version": str(posting.version - 1 if posting.version > 1 else 0)}
    response = client.post(f"/ministries/{posting.id}/edit", data=data)
    assert response.status_code == 409 and 'value="My stale title"' in response.get_data(as_text=True)
