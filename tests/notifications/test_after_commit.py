"""Mail and audit follow the transaction: nothing goes out before the commit, nothing after a rollback. Mail
that cannot be delivered stays queued and goes out later."""
from __future__ import annotations

import sqlalchemy as sa

from diaspora import audit
from diaspora.auth.models import Role, User
from diaspora.mail import QueuedMail
from diaspora.notifications import services
from diaspora.notifications.models import NotificationKind


def test_notices_wait_for_the_commit_and_vanish_with_a_rollback(app, db, make_user, outbox, audit_log):
    member = make_user(Role.MEMBER)
    db.session.commit()
    services.notify(member, NotificationKind.ACCOUNT, "agent_certified")
    audit.record("agent_certified", object_type="user", object_id=member.id)
    assert outbox() == [] and audit_log("agent_certified") == []
    db.session.rollback()
    assert outbox() == [] and audit_log("agent_certified") == []

    member = db.session.get(User, member.id)
    services.notify(member, NotificationKind.ACCOUNT, "agent_certified")
    audit.record("agent_certified", object_type="user", object_id=member.id)
    db.session.commit()
    assert [m["To"] for m in outbox()] == [member.email]
    assert len(audit_log("agent_certified")) == 1


def test_undeliverable_mail_stays_queued_and_goes_out_when_smtp_returns(app_factory, outbox):
    # Nothing listens on port 9 of the loopback: the registration commits, its mail waits in the queue.
    app = app_factory(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    with app.app_context():
        response = app.test_client().post("/auth/register", data={
            "email": "half.way@example.org", "password": "a long passphrase 2027",
            "confirm": "a long passphrase 2027", "locale": "en"})
        assert response.status_code == 200
        from diaspora.extensions import db
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1
        queued = db.session.scalars(sa.select(QueuedMail)).all()
        assert [(m.recipient, m.attempts) for m in queued] == [("half.way@example.org", 1)]
        assert queued[0].last_error and queued[0].next_attempt_at > queued[0].created_at
        queued[0].next_attempt_at = queued[0].created_at  # due again now
        db.session.commit()

        result = app.test_cli_runner().invoke(args=["mail", "deliver"])
        assert "0 delivered, 1 still queued" in result.output
        app.config["MAIL_SERVER"] = ""  # the mail server is back (here: the outbox folder)
        db.session.execute(sa.update(QueuedMail).values(next_attempt_at=QueuedMail.created_at))
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["mail", "deliver"])
        assert "1 delivered, 0 still queued" in result.output, result.output
        assert [m["To"] for m in outbox()] == ["half.way@example.org"]
        assert db.session.scalar(sa.select(sa.func.count(QueuedMail.id))) == 0
