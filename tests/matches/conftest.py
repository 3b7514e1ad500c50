import pytest

from diaspora.auth.models import Role


@pytest.fixture
def world_officer(db, make_user):
    officer = make_user(Role.OFFICER)
    db.session.commit()
    return officer
