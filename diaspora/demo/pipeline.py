"""Demo Development Agents and investment pipeline, for `flask seed-demo` to call after seed().

The demo member (member@ura.demo) is a certified agent with three leads: one realised with its
reward approved, one in negotiation, one just registered; a second agent's claim on the same
company as the first lead is disputed; two more applications wait in the officers' queue with their
documents to review.
"""
from __future__ import annotations

import io
from decimal import Decimal

import sqlalchemy as sa
from pypdf import PdfWriter

from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.investments import certification, documents, leads, ledger
from diaspora.investments.models import AgentApplication, AgentDocument, DocumentKind, LeadStage
from diaspora.members.eligibility import meets_agent_rules
from diaspora.members.models import MemberProfile

DEMO_AGENT = "member@ura.demo"
LEADS = [
    {"company": "Olio Salento S.r.l.", "origin_country": "IT", "sector": "olive_oil_wine", "municipality": "Vlorë",
     "expected_amount_eur": Decimal("2400000"), "expected_jobs": 35},
    {"company": "Bayerische Kräuter GmbH", "origin_country": "DE", "sector": "medicinal_plants",
     "municipality": "Shkodër", "expected_amount_eur": Decimal("850000"), "expected_jobs": 18},
    {"company": "Hellas Agritourism A.E.", "origin_country": "GR", "sector": "agritourism",
     "municipality": "Përmet", "expected_amount_eur": Decimal("1200000"), "expected_jobs": 22},
]
PATH_TO = {0: [LeadStage.CONTACTED, LeadStage.SITE_VISIT, LeadStage.NEGOTIATION, LeadStage.COMMITTED],
           1: [LeadStage.CONTACTED, LeadStage.NEGOTIATION], 2: []}


def _agent_profiles() -> list[MemberProfile]:
    """Demo agents who meet Connect Albania's rules, the demo member first."""
    profiles = db.session.scalars(sa.select(MemberProfile).join(User).where(
        MemberProfile.is_agent.is_(True), User.role == Role.MEMBER).order_by(
        (User.email != DEMO_AGENT), MemberProfile.id))
    return [p for p in profiles if meets_agent_rules(certification.checks_for(p.user_id))]


def _demo_scan() -> bytes:
    """A one-page PDF standing for a scanned document."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _upload_documents(agent: User) -> list[AgentDocument]:
    return [documents.upload(agent, kind, f"demo-{kind.value}.pdf", _demo_scan()) for kind in DocumentKind]


def seed_demo_pipeline() -> list[str]:
    if db.session.scalar(sa.select(AgentApplication.id).limit(1)) is not None:
        return ["demo investment pipeline already present"]
    officer = db.session.scalar(sa.select(User).where(User.role == Role.OFFICER).order_by(User.id))
    agents = _agent_profiles()
    if officer is None or len(agents) < 4 or agents[0].user.email != DEMO_AGENT:
        return ["demo investment pipeline skipped: no officer or too few eligible agents"]
    first, second, *waiting = [profile.user for profile in agents[:4]]
    for agent in (first, second):
        for document in _upload_documents(agent):
            documents.review(officer, document.id, accept=True)
        certification.certify(officer, certification.apply(agent).id)
    for agent in waiting:
        _upload_documents(agent)
        certification.apply(agent)  # left pending: the officers' queue shows the 10-day countdown
    registered = [leads.register(first, dict(values)).lead for values in LEADS]
    for index, lead in enumerate(registered):
        for stage in PATH_TO[index]:
            leads.move(first, lead.id, stage)
    leads.move(officer, registered[0].id, LeadStage.REALISED, note="Investment contract signed in Vlorë.",
               amount_invested=Decimal("2150000"), jobs_created=31)
    reward = ledger.rewards_of(first)[0]
    ledger.approve(officer, reward.id)
    leads.register(second, dict(LEADS[0], company="OLIO SALENTO SRL"))  # a later claim: disputed
    return [f"demo pipeline: {DEMO_AGENT} certified with {len(registered)} leads, reward {reward.amount_eur} EUR "
            f"approved; 1 disputed claim; {len(waiting)} applications waiting"]
