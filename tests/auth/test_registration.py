import re

from diaspora.auth.models import Role, User
from diaspora.extensions import db

GOOD_PASSWORD = "a long passphrase from Vlorë"


def _link_from(message) -> str:
    body = message.get_content()
    return re.search(r"http://localhost(/auth/[^\s]+)", body).group(1)


def register(client, email="arta@example.org", password=GOOD_PASSWORD, confirm=None):
    return client.post("/auth/register", data={"email": email, "password": password,
                                                "confirm": confirm or password, "locale": "en"})


def test_register_creates_unverified_member_and_mails_link(client, outbox):
    response = register(client)
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    user = db.session.scalar(db.select(User).where(User.email == "arta@example.org"))
    assert user.role is Role.MEMBER and not user.is_verified
    assert user.password_hash.startswith("scrypt:") and GOOD_PASSWORD not in user.password_hash
    messages = outbox()
    assert len(messages) == 1 and messages[0]["To"] == "arta@example.org"


def test_verification_link_is_a_confirm_page_then_works_once(client, outbox):
    register(client)
    path = _link_from(outbox()[0])
    assert client.get(path).status_code == 200
    user = db.session.scalar(db.select(User).where(User.email == "arta@example.org"))
    assert not user.is_verified, "GET must not change a row"
    assert client.post(path).status_code == 302
    db.session.refresh(user)
    verified_at = user.email_verified_at
    assert verified_at is not None
    response = client.post(path, follow_redirects=True)
    assert "invalid, expired or already used" in response.get_data(as_text=True)


def test_tampered_token_is_refused(client, outbox):
    register(client)
    path = _link_from(outbox()[0])
    response = client.post(path[:-3] + "abc", follow_redirects=True)
    assert "invalid, expired or already used" in response.get_data(as_text=True)


def test_expired_verification_token_is_refused(app_factory, outbox):
    app = app_factory(EMAIL_TOKEN_MAX_AGE=-1)
    with app.app_context():
        client = app.test_client()
        register(client)
        path = _link_from(outbox()[0])
        client.post(path)
        user = db.session.scalar(db.select(User).where(User.email == "arta@example.org"))
        assert not user.is_verified


def test_registration_keeps_input_and_explains_errors(client):
    response = register(client, email="arta@example.org", password="short", confirm="short")
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use at least 12 characters" in text
    assert 'value="arta@example.org"' in text


def test_common_password_is_refused(client):
    response = register(client, password="QwertyQwerty")
    assert response.status_code == 422
    assert "too common" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_second_registration_with_same_email_reveals_nothing(client, outbox, make_user):
    make_user(email="taken@example.org")
    db.session.commit()
    response = register(client, email="Taken@Example.org")
    assert response.status_code == 200 and "Check your email" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    assert "already has an account" in outbox()[-1].get_content()


def test_unicode_email_local_part_and_password_round_trip(client, outbox):
    response = register(client, email="dritë.çelë@example.org", password="fjalëkalim i gjatë ç ë")
    assert response.status_code == 200
    user = db.session.scalar(db.select(User).where(User.email == "dritë.çelë@example.org"))
    assert user is not None and user.check_password("fjalëkalim i gjatë ç ë")


def test_asking_for_a_new_verification_link_mails_one(client, outbox, make_user, login):
    user = make_user(Role.MEMBER, verified=False)
    login(user)
    assert client.post("/auth/verify/resend").status_code == 302
    [message] = outbox()
    assert message["To"] == user.email and "/auth/verify/" in _link_from(message)
