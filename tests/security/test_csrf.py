"""Every state-changing request without a valid CSRF token is refused and changes nothing."""
import pytest
import sqlalchemy as sa

from werkzeug.routing import AnyConverter, IntegerConverter

from diaspora.auth.models import Role
from diaspora.extensions import db
from tests.factories import PASSWORD

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def _sample(converter):
    if isinstance(converter, IntegerConverter):
        return 1
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return "x"


def sample_path(app, rule) -> str:
    """A concrete URL for a rule: 1 for integer arguments, the first choice of an `any`, "x" for the others."""
    values = {name: _sample(converter) for name, converter in rule._converters.items()}
    return app.url_map.bind("localhost").build(rule.endpoint, values, method=next(iter(rule.methods)))


def state_changing_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or rule.endpoint == "static":
            continue  # the API authenticates by bearer token, never by cookie
        for method in sorted((rule.methods or set()) & STATE_CHANGING):
            yield method, sample_path(app, rule)


@pytest.mark.parametrize("role", [None, Role.MEMBER, Role.MINISTRY, Role.OFFICER, Role.ADMIN])
def test_requests_without_csrf_token_are_refused(app_factory, make_user, make_member, make_fellowship, role):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        make_fellowship()
        if role is not None:
            user = make_user(role)
            if role is Role.MEMBER:
                make_member(user=user)
            db.session.commit()
            # Log in with a real token taken from the login page.
            page = client.get("/auth/login").get_data(as_text=True)
            token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
            assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD,
                                                    "csrf_token": token}).status_code == 302
        before = _row_counts()
        routes = list(state_changing_routes(app))
        assert len(routes) > 10
        for method, path in routes:
            response = client.open(path, method=method, data={"email": "x@example.org", "password": PASSWORD})
            assert response.status_code == 400, f"{method} {path} answered {response.status_code} without a token"
        after = _row_counts()
        assert {k: v for k, v in after.items() if k != "audit_events"} == \
            {k: v for k, v in before.items() if k != "audit_events"}
