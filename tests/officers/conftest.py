"""A small programme: two institutions, their focal points, an officer, one fellowship, three members."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from diaspora.auth.models import Role


@pytest.fixture
def world(db, make_user, make_member, make_institution, make_fellowship):
    home, other = make_institution(), make_institution()
    fellowship = make_fellowship(institution=home)
    w = SimpleNamespace(
        home=home, other=other, fellowship=fellowship,
        focal=make_user(Role.MINISTRY, institution=home),
        other_focal=make_user(Role.MINISTRY, institution=other),
        officer=make_user(Role.OFFICER),
        arta=make_member(full_name="Arta Hoxha", country="IT", phone="+39 333 1234567"),
        besa=make_member(full_name="Besa Krasniqi", country="DE", skills=["public procurement", "EU law"],
                         languages={"sq": "C2", "de": "C1", "en": "C1"}),
        # No Albanian: breaks the language rule of the fellowship.
        cole=make_member(full_name="Cole Smith", country="US", languages={"en": "C2"}),
    )
    db.session.commit()
    return w
