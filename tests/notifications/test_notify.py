from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.notifications import services
from diaspora.notifications.models import Notification, NotificationKind


def test_notify_in_app_and_by_mail_in_recipient_language(app, make_user, outbox):
    albanian = make_user(Role.MEMBER, locale="sq")
    services.notify(albanian, NotificationKind.PROPOSAL_TO_MINISTRY, "proposed_member",
                    institution="INSTAT", title="Statistikat e çmimeve")
    assert services.unread_count(albanian) == 1
    db.session.commit()  # the mail goes out once the change commits
    mail = outbox()[-1]
    assert mail["To"] == albanian.email and "Statistikat e çmimeve" in mail.get_content()


def test_opt_out_per_kind(client, make_user, login, outbox):
    member = make_user(Role.MEMBER)
    login(member)
    form = {f"{k.value}-app": "on" for k in NotificationKind}
    form.update({f"{k.value}-email": "on" for k in NotificationKind if k is not NotificationKind.REWARD_APPROVED})
    assert client.post("/notifications/preferences", data=form).status_code == 302
    services.notify(member, NotificationKind.REWARD_APPROVED, "reward_approved", amount_eur="1500000.00",
                    company="Agro Sh.p.k.")
    assert outbox() == []
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 1
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Agro Sh.p.k." in page and "€1,500,000.00" in page
    client.post("/notifications/read")
    assert services.unread_count(member) == 0


def test_notifications_are_private(app, client, make_user, login):
    owner = make_user(Role.MEMBER)
    services.notify(owner, NotificationKind.ACCOUNT, "agent_certified")
    login(make_user(Role.MEMBER))
    assert "certified Development Agent" not in client.get("/notifications/").get_data(as_text=True)


def test_amounts_follow_the_readers_locale(app, make_user, outbox):
    albanian = make_user(Role.MEMBER, locale="sq")
    services.notify(albanian, NotificationKind.REWARD_APPROVED, "reward_approved", amount_eur="1500000",
                    company="Agro Sh.p.k.")
    db.session.commit()
    assert "1\xa0500\xa0000,00\xa0€" in outbox()[-1].get_content()


def test_albanian_form_of_a_param_is_used_in_albanian(app, make_user, outbox):
    from flask_babel import force_locale

    from diaspora.notifications.messages import render_message
    params = {"title": "Census", "institution": "Institute of Statistics", "institution_sq": "Instituti i Statistikave"}
    with app.test_request_context():
        with force_locale("sq"):
            assert "Instituti i Statistikave" in render_message("proposed_member", params)
            assert "Institute of Statistics" in render_message("proposed_member", {**params, "institution_sq": ""})
        with force_locale("en"):
            assert "Institute of Statistics" in render_message("proposed_member", params)
            assert "Instituti" not in render_message("proposed_member", params)
    services.notify(make_user(Role.MEMBER, locale="sq"), NotificationKind.PLACEMENT_START, "placement_started",
                    **params)
    db.session.commit()
    assert "Instituti i Statistikave" in outbox()[-1].get_content()
