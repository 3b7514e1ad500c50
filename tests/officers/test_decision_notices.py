"""The reported case of issue 14: a ministry acceptance refused by validation mailed and logged as accepted."""
from __future__ import annotations

import sqlalchemy as sa

from diaspora.audit import AuditEvent
from diaspora.mail import QueuedMail
from tests.officers.test_disclosure import propose


def _accepted_count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "candidate_ministry_accept")) or 0


def test_a_refused_acceptance_sends_nothing_and_fixing_it_sends_once(client, login, world, db, outbox, audit_log):
    w = world
    propose(db, w, w.arta)
    login(w.focal)
    url = f"/ministries/candidates/{w.fellowship.id}/{w.arta.id}/decide"
    before = len(outbox())
    refused = client.post(url, data={"outcome": "accept", "feedback": "Strong interview.",
                                     "start_date": "2027-09-01", "end_date": "2027-03-01"})
    assert refused.status_code == 422
    assert len(outbox()) == before, "a refused acceptance mailed the candidate and the officer"
    assert _accepted_count(db) == 0 and audit_log("candidate_ministry_accept") == []

    fixed = client.post(url, data={"outcome": "accept", "feedback": "Strong interview.",
                                   "start_date": "2027-03-01", "end_date": "2027-09-01"})
    assert fixed.status_code == 302
    recipients = sorted(m["To"] for m in outbox()[before:])
    assert recipients == sorted([w.arta.user.email, w.officer.email])
    assert _accepted_count(db) == 1 and len(audit_log("candidate_ministry_accept")) == 1
    assert db.session.scalar(sa.select(sa.func.count(QueuedMail.id))) == 0, "delivered mail leaves the queue"
