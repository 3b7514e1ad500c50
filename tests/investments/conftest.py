import pytest

from diaspora.auth.models import Role


@pytest.fixture
def officer(db, make_user):
    return make_user(Role.OFFICER)
