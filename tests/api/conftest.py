import pytest

from diaspora.extensions import db
from diaspora.tokens.services import create_token


@pytest.fixture
def bearer(app):
    """bearer(user) -> headers carrying a fresh personal token of that user."""
    def make(user):
        _token, plain = create_token(user, "tests")
        db.session.commit()
        return {"Authorization": f"Bearer {plain}"}
    return make
