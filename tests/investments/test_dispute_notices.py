"""A settled claim dispute is told to both agents, each in their own language, without naming the other."""
import pytest
from flask_babel import force_locale

from diaspora.auth.models import Role
from diaspora.errors import Conflict, InvalidInput
from diaspora.extensions import db
from diaspora.investments import leads
from diaspora.investments.models import DisputeOutcome
from diaspora.notifications.models import Notification, NotificationKind
from diaspora.notifications.services import text_of
from tests import factories
from tests.investments.helpers import make_agent, make_investment, realise

KEPT, AWARDED = DisputeOutcome.FIRST_CLAIM_KEPT, DisputeOutcome.AWARDED_TO_CLAIMANT
REASON = "Mandate signed on 3 March"
# (outcome, locale) -> (what the later claim's agent reads, what the first claim's agent reads)
EXPECTED = {
    (KEPT, "en"): (
        "The claim dispute over “ALBA TECH” is settled: the company stays with the claim registered first and "
        f"your claim is rejected. Reason: {REASON}",
        "The claim dispute over “Alba Tech sh.p.k.” is settled: your claim, registered first, keeps the company."),
    (KEPT, "sq"): (
        "Kontestimi i pretendimit për “ALBA TECH” u zgjidh: kompania mbetet te pretendimi i regjistruar i pari "
        f"dhe pretendimi juaj u refuzua. Arsyeja: {REASON}",
        "Kontestimi i pretendimit për “Alba Tech sh.p.k.” u zgjidh: pretendimi juaj, i regjistruar i pari, e "
        "mban kompaninë."),
    (AWARDED, "en"): (
        "The claim dispute over “ALBA TECH” is settled: the company is awarded to your claim.",
        "The claim dispute over “Alba Tech sh.p.k.” is settled: the company is awarded to a later claim and "
        f"your claim is rejected. Reason: {REASON}"),
    (AWARDED, "sq"): (
        "Kontestimi i pretendimit për “ALBA TECH” u zgjidh: kompania i kalon pretendimit tuaj.",
        "Kontestimi i pretendimit për “Alba Tech sh.p.k.” u zgjidh: kompania i kalon një pretendimi të "
        f"regjistruar më vonë dhe pretendimi juaj u refuzua. Arsyeja: {REASON}"),
}


def _agent(locale: str, name: str):
    return make_agent(user=factories.make_user(Role.MEMBER, locale=locale), full_name=name)


def _dispute(locale: str = "en"):
    """(first claim, later claim) on one company, by two agents reading `locale`."""
    first = make_investment(agent=_agent(locale, "Besa Krasniqi"), company="Alba Tech sh.p.k.")
    later = make_investment(agent=_agent(locale, "Dritan Leka"), company="ALBA TECH")
    return first, later


def _notices(user) -> list[Notification]:
    return list(db.session.scalars(db.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == NotificationKind.LEAD_CLAIM)))


def _mails(outbox, user) -> list:
    return [m for m in outbox() if m["To"] == user.email]


@pytest.mark.parametrize("locale", ["en", "sq"])
@pytest.mark.parametrize("outcome", [KEPT, AWARDED])
def test_both_agents_hear_the_decision_once_in_their_language(app, officer, outbox, outcome, locale):
    first, later = _dispute(locale)
    leads.resolve_dispute(officer, later.id, outcome, REASON)
    db.session.commit()  # the mails go out once the decision commits
    for lead, expected, other in ((later, EXPECTED[outcome, locale][0], first),
                                  (first, EXPECTED[outcome, locale][1], later)):
        [note] = _notices(lead.agent)
        [mail] = _mails(outbox, lead.agent)
        with app.test_request_context(), force_locale(locale):
            assert text_of(note) == expected
        body = mail.get_content()
        assert body.startswith(expected) and note.link in body and note.emailed
        assert note.link.endswith(f"/investments/leads/{lead.id}")
        # Nothing about the other agent: not their name, address or lead.
        assert set(note.params) <= {"message", "company", "reason"}
        for secret in (other.agent.profile.full_name, other.agent.email, f"/leads/{other.id}"):
            assert secret not in body and secret not in str(note.params)


def test_the_winner_does_not_get_the_reason(app, officer):
    first, later = _dispute()
    leads.resolve_dispute(officer, later.id, AWARDED, REASON)
    [winner] = _notices(later.agent)
    [loser] = _notices(first.agent)
    assert "reason" not in winner.params and loser.params["reason"] == REASON


def test_the_agents_read_the_notice_on_their_notifications_page(client, login, officer):
    first, later = _dispute("sq")
    login(officer)
    response = client.post(f"/investments/disputes/{later.id}/resolve",
                           data={f"d{later.id}-outcome": "first_claim_kept", f"d{later.id}-reason": REASON})
    assert response.status_code == 302
    client.post("/auth/logout")
    login(later.agent)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "pretendimi juaj u refuzua. Arsyeja: Mandate signed on 3 March" in page
    assert "Besa Krasniqi" not in page and first.agent.email not in page


def test_nothing_is_sent_when_the_resolution_is_refused(app, officer, outbox):
    first, later = _dispute()
    with pytest.raises(InvalidInput):
        leads.resolve_dispute(officer, later.id, KEPT, "  ")
    assert _notices(first.agent) == _notices(later.agent) == [] and outbox() == []

    leads.resolve_dispute(officer, later.id, KEPT, REASON)
    sent = len(outbox())
    for outcome in (KEPT, AWARDED):  # already settled
        with pytest.raises(Conflict):
            leads.resolve_dispute(officer, later.id, outcome, "second thoughts")
    assert len(_notices(first.agent)) == len(_notices(later.agent)) == 1 and len(outbox()) == sent


def test_nothing_is_sent_when_a_realised_first_claim_keeps_the_company(app, officer, outbox):
    first = realise(make_investment(agent=_agent("en", "Besa Krasniqi")), officer)
    later = make_investment(agent=_agent("en", "Dritan Leka"), company="ALBA TECH")
    sent = len(outbox())
    with pytest.raises(Conflict):
        leads.resolve_dispute(officer, later.id, AWARDED, REASON)
    assert _notices(first.agent) == _notices(later.agent) == [] and len(outbox()) == sent
