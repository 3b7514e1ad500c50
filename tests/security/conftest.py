import pytest

from tests.security.world import build_world


@pytest.fixture
def world(app):
    """({role letter: user}, ids): two members, two institutions, and objects each of them owns."""
    return build_world()
