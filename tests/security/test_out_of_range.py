"""Numbers a URL can carry but the database cannot hold: an id past INTEGER is a 404 and a page number past
any page shows the last page, on SQLite and PostgreSQL alike, before any query sees them; a value the
database still refuses is a 400, never the outage page."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DataError

from diaspora.auth.models import Role
from diaspora.extensions import db as _db
from diaspora.urls import MAX_DATABASE_ID
from tests import factories
from tests.security.test_row_visibility import session_client

HUGE = "9" * 30


@pytest.mark.parametrize("number", [str(MAX_DATABASE_ID + 1), str(2**63), HUGE])
def test_ids_past_the_integer_range_are_not_found(app, db, number):
    officer = factories.make_user(Role.OFFICER)
    db.session.commit()
    assert app.test_client().get(f"/opportunities/{number}").status_code == 404
    client = session_client(app, officer)
    for path in (f"/officers/opportunities/{number}", f"/officers/members/{number}",
                 f"/officers/opportunities/1/candidates/{number}"):
        assert client.get(path).status_code == 404, path


def test_the_largest_id_is_still_looked_up(app, db):
    assert app.test_client().get(f"/opportunities/{MAX_DATABASE_ID}").status_code == 404  # no such row


@pytest.mark.parametrize("page", ["2147483648", HUGE, "-5", "abc"])
def test_page_numbers_of_any_size_show_a_page(app, db, page):
    factories.make_fellowship(title="Statistics fellowship")
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    listing = app.test_client().get(f"/opportunities?page={page}")
    assert listing.status_code == 200 and "Statistics fellowship" in listing.get_data(as_text=True)
    assert session_client(app, admin).get(f"/admin/users?page={page}&role=admin").status_code == 200


def test_a_value_the_database_refuses_is_a_bad_request(app_factory):
    application = app_factory()

    @application.get("/test-out-of-range")
    def out_of_range():
        # CAST to SMALLINT overflows on PostgreSQL; SQLite has no such type, so the test raises it itself there.
        if _db.engine.dialect.name == "postgresql":
            _db.session.execute(text("SELECT CAST(99999 AS SMALLINT)"))
        raise DataError("SELECT 1", {}, ValueError("out of range"))

    response = application.test_client().get("/test-out-of-range")
    assert response.status_code == 400
    assert "out of range" in response.get_data(as_text=True) and "not reachable" not in response.get_data(as_text=True)
