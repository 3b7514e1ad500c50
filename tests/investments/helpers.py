"""Builders for agents, leads and rewards, shared by the investment and report tests."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.investments import documents, leads
from diaspora.investments.models import AgentApplication, ApplicationStatus, DocumentKind, LeadStage
from diaspora.timeutil import utcnow
from tests import factories
from tests.documents import make_pdf


def make_agent(certified: bool = True, **profile):
    """A member with an agent profile; certified by an officer unless told otherwise."""
    values = dict(is_agent=True, is_expert=False, date_of_birth=date(1980, 1, 1), years_abroad=10)
    values.update(profile)
    member = factories.make_member(**values)
    if certified:
        officer = factories.make_user(Role.OFFICER)
        db.session.add(AgentApplication(user_id=member.user_id, status=ApplicationStatus.CERTIFIED,
                                        applied_at=utcnow(), documents_reviewed_at=utcnow(), officer_id=officer.id))
        db.session.flush()
    return member.user


def with_documents(agent, officer=None):
    """The agent uploads the three documents certification needs; `officer`, when given, accepts them."""
    for kind in DocumentKind:
        document = documents.upload(agent, kind, f"{kind.value}.pdf", make_pdf([kind.value]))
        if officer is not None:
            documents.review(officer, document.id, accept=True)
    return agent


def lead_values(**overrides) -> dict:
    values = dict(company="Alba Tech sh.p.k.", origin_country="IT", sector="ict_outsourcing",
                  municipality="Tiranë", expected_amount_eur=Decimal("250000.00"), expected_jobs=20)
    values.update(overrides)
    return values


def make_investment(agent=None, **overrides):
    agent = agent or make_agent()
    return leads.register(agent, lead_values(**overrides)).lead


def realise(lead, officer, amount=Decimal("100000.00"), jobs=10):
    """Walk a lead through the pipeline to realised (the agent moves, the officer confirms)."""
    for stage in (LeadStage.CONTACTED, LeadStage.SITE_VISIT, LeadStage.NEGOTIATION, LeadStage.COMMITTED):
        leads.move(lead.agent, lead.id, stage)
    leads.move(officer, lead.id, LeadStage.REALISED, amount_invested=amount, jobs_created=jobs)
    return lead
