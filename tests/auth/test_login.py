import re

from diaspora.auth.models import Role, User
from diaspora.extensions import db
from tests.factories import PASSWORD


def test_login_logout(client, make_user, login):
    user = make_user(Role.MEMBER)
    response = login(user)
    assert response.headers["Location"].endswith("/members/")
    assert client.get("/members/").status_code == 200
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/members/").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    user = make_user()
    db.session.commit()
    wrong = client.post("/auth/login", data={"email": user.email, "password": "not the password!"})
    unknown = client.post("/auth/login", data={"email": "nobody@example.org", "password": "not the password!"})
    assert wrong.status_code == unknown.status_code == 401
    assert "Email or password is not correct." in wrong.get_data(as_text=True)
    assert "Email or password is not correct." in unknown.get_data(as_text=True)


def test_inactive_account_cannot_log_in(client, make_user):
    user = make_user(active=False)
    db.session.commit()
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 401


def test_next_redirect_stays_on_site(client, make_user):
    user = make_user()
    db.session.commit()
    for target, expected in [("/members/profile", "/members/profile"), ("https://evil.example/x", "/members/"),
                             ("//evil.example", "/members/"), ("/\\evil.example", "/members/")]:
        response = client.post(f"/auth/login?next={target}", data={"email": user.email, "password": PASSWORD})
        assert response.headers["Location"] == expected, target
        client.post("/auth/logout")


def test_logout_revokes_every_session(app, make_user, login):
    user = make_user()
    db.session.commit()
    other_device = app.test_client()
    other_device.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert other_device.get("/members/").status_code == 200
    this_device = app.test_client()
    this_device.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    this_device.post("/auth/logout")
    assert other_device.get("/members/").status_code == 302


def test_password_reset_flow_works_once(client, make_user, outbox):
    user = make_user(email="reset@example.org")
    db.session.commit()
    client.post("/auth/reset", data={"email": "reset@example.org"})
    path = re.search(r"http://localhost(/auth/reset/[^\s]+)", outbox()[-1].get_content()).group(1)
    new = "a brand new passphrase 2027"
    response = client.post(path, data={"password": new, "confirm": new})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(new)
    again = client.post(path, data={"password": "yet another passphrase 99", "confirm": "yet another passphrase 99"})
    assert again.headers["Location"].endswith("/auth/reset")
    db.session.refresh(user)
    assert user.check_password(new)


def test_reset_for_unknown_email_looks_the_same(client, outbox):
    response = client.post("/auth/reset", data={"email": "ghost@example.org"}, follow_redirects=True)
    assert "If an account exists" in response.get_data(as_text=True)
    assert outbox() == []


def test_change_password_needs_current_password(client, make_user, login):
    user = make_user()
    login(user)
    new = "another long passphrase 77"
    response = client.post("/auth/password", data={"current_password": "wrong wrong wrong", "password": new,
                                                   "confirm": new})
    assert response.status_code == 422 and "not correct" in response.get_data(as_text=True)
    response = client.post("/auth/password", data={"current_password": PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert client.get("/members/").status_code == 302, "a password change ends the session"
    db.session.refresh(user)
    assert user.check_password(new)


def test_remember_me_sets_cookie(client, make_user, login):
    user = make_user()
    response = login(user, remember=True)
    assert "remember_token" in response.headers.get("Set-Cookie", "") or any(
        "remember_token" in h for h in response.headers.getlist("Set-Cookie"))


def test_idle_timeout_logs_out(app_factory, make_user):
    app = app_factory(SESSION_IDLE_MINUTES=-1)
    with app.app_context():
        user = make_user()
        db.session.commit()
        client = app.test_client()
        client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
        assert client.get("/members/").status_code == 302
