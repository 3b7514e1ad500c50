"""A small programme with two of everything, for the access and row-visibility tests.

Roles (the access matrix's columns): A anonymous, M member, m another member, F focal point of
the institution owning the postings, f focal point of another institution, O officer, X admin.
M and m are both experts and certified Development Agents; each owns a proposal, a placement, a
registered lead, a realised lead with its reward, notifications and an API token (M also an accepted
identity document; a pending applicant has three documents to review), so every
"another member's X" check has a real X to aim at. Names and companies are unique markers that
the row-visibility tests look for in pages, API lists and exported files.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from diaspora.auth.models import Role
from diaspora.bulk import services as bulk
from diaspora.curation import services as curation_services
from diaspora.cv import services as cv_services
from diaspora.extensions import db
from diaspora.investments import documents, leads
from diaspora.investments.models import AgentApplication, ApplicationStatus, DocumentKind, LeadStage
from diaspora.opportunities.models import OpportunityKind, OpportunityStatus
from diaspora.organisations import services as organisations
from diaspora.programme import decisions, engagements, lifecycles, placements
from diaspora.programme.models import DecisionAction
from diaspora.projects import proposals, tracking
from diaspora.timeutil import today, utcnow
from diaspora.tokens.services import create_token
from tests import factories
from tests.documents import make_pdf

MARKERS = SimpleNamespace(member="Mirela Markeri", other="Odeta Tjetra", company="Markeri Invest sh.p.k.",
                          other_company="Tjetra Holding GmbH", realised="Markeri Realised sh.p.k.",
                          other_realised="Tjetra Realised GmbH", posting="Markeri procurement fellowship",
                          other_posting="Tjetra customs fellowship", draft="Tjetra secret draft")
LEAD = dict(origin_country="IT", sector="ict_outsourcing", municipality="Tiranë",
            expected_amount_eur=Decimal("250000.00"), expected_jobs=20)
AGENT = dict(is_agent=True, is_expert=True, date_of_birth=date(1980, 1, 1), years_abroad=10)


def _certify(user, officer) -> None:
    db.session.add(AgentApplication(user_id=user.id, status=ApplicationStatus.CERTIFIED, applied_at=utcnow(),
                                    documents_reviewed_at=utcnow(), officer_id=officer.id))
    db.session.flush()


def _realised_lead(agent, officer, company: str, amount: str, jobs: int):
    lead = leads.register(agent, {**LEAD, "company": company}).lead
    for stage in (LeadStage.CONTACTED, LeadStage.SITE_VISIT, LeadStage.NEGOTIATION, LeadStage.COMMITTED):
        leads.move(agent, lead.id, stage)
    leads.move(officer, lead.id, LeadStage.REALISED, amount_invested=Decimal(amount), jobs_created=jobs)
    return lead


def build_world():
    """Returns ({role letter: User or None}, namespace of ids)."""
    home, away = factories.make_institution(), factories.make_institution()
    officer, admin = factories.make_user(Role.OFFICER), factories.make_user(Role.ADMIN)
    member = factories.make_member(full_name=MARKERS.member, phone="+39 333 0000001", **AGENT)
    other = factories.make_member(full_name=MARKERS.other, phone="+49 151 0000002", country="DE", **AGENT)
    focal = factories.make_user(Role.MINISTRY, institution=home)
    other_focal = factories.make_user(Role.MINISTRY, institution=away)
    users = {"A": None, "M": member.user, "m": other.user, "F": focal, "f": other_focal, "O": officer, "X": admin}
    for agent in (member.user, other.user):
        _certify(agent, officer)

    fellowship = factories.make_fellowship(institution=home, title=MARKERS.posting)
    other_fellowship = factories.make_fellowship(institution=away, title=MARKERS.other_posting)
    draft = factories.make_fellowship(institution=home, status=OpportunityStatus.DRAFT)
    factories.make_fellowship(institution=away, status=OpportunityStatus.DRAFT, title=MARKERS.draft)
    # Under way for a month (a placement starts on its first day at the earliest), ending before the proposed
    # fellowships begin.
    under_way = dict(start_date=today() - timedelta(days=30), end_date=today() + timedelta(days=60))
    placed_in = factories.make_fellowship(institution=home, **under_way)
    other_placed_in = factories.make_fellowship(institution=away, **under_way)

    decisions.decide(officer, member.id, fellowship.id, DecisionAction.PROPOSE)
    decisions.decide(officer, other.id, other_fellowship.id, DecisionAction.PROPOSE)
    placement = placements.create_placement(focal, member, placed_in)
    other_placement = placements.create_placement(other_focal, other, other_placed_in)
    # M mentors in a mentorship of F's institution (an engagement: sessions logged by both sides).
    mentorship = factories.make_fellowship(institution=home, kind=OpportunityKind.MENTORSHIP, sessions=2,
                                           mentee_type="civil_servant", acquis_chapters=[])
    engagement = engagements.create_engagement(focal, member, mentorship)

    lead = leads.register(member.user, {**LEAD, "company": MARKERS.company}).lead
    other_lead = leads.register(other.user, {**LEAD, "company": MARKERS.other_company}).lead
    disputed = leads.register(other.user, {**LEAD, "company": MARKERS.company}).lead  # m claims M's company
    realised = _realised_lead(member.user, officer, MARKERS.realised, "120000.00", 12)
    other_realised = _realised_lead(other.user, officer, MARKERS.other_realised, "70000.00", 7)

    applicant = factories.make_member(**AGENT).user
    application = AgentApplication(user_id=applicant.id, status=ApplicationStatus.PENDING, applied_at=utcnow())
    db.session.add(application)
    # The applicant's documents wait for review; M's passport is one an officer accepted.
    applicant_document, *_others = [documents.upload(applicant, kind, f"{kind.value}.pdf", make_pdf([kind.value]))
                                    for kind in DocumentKind]
    document = documents.upload(member.user, DocumentKind.IDENTITY, "passport.pdf", make_pdf(["passport"]))
    documents.review(officer, document.id, accept=True)
    cv_services.upload_cv(member.user, "cv.pdf", make_pdf(["public procurement"]))
    web_token, _plain = create_token(member.user, "web matrix")
    other_token, _plain = create_token(other.user, "other member's token")
    spare = factories.make_user(Role.MEMBER)

    # Field project: M is placed in one at F's institution. Local projects: M is the contact person of an
    # association (with a partner member) whose scored proposal F's institution accepted as a project.
    # Begun before M's fellowship placement (so that it can be started), not yet completed.
    field_project = factories.make_field_project(institution=home, start_date=today() - timedelta(days=75),
                                                 end_date=today() - timedelta(days=35))
    field_placement = placements.create_placement(focal, member, field_project)
    organisation = organisations.register(member.user, "matrix-association@example.org", {
        "full_name": "Shoqata Markeri", "country": "IT", "sectors": ["agritourism"], "regions": ["Gjirokastër"]},
        consent=True)
    partner = factories.make_user(Role.MEMBER)
    organisations.add_member(member.user, organisation.id, partner.email)
    call = factories.make_local_call(institution=home)
    proposal = proposals.submit_proposal(member.user, organisation.id, call.id, "Farm stays.", Decimal("20000"))
    proposals.score(officer, proposal.id, dict.fromkeys(proposals.CRITERIA, 4), Decimal("20000"))
    decisions.decide(officer, organisation.profile_id, call.id, DecisionAction.PROPOSE)
    lifecycles.of(call.kind).on_acceptance(focal, organisation.profile, call, {})
    project = tracking.projects_of([organisation.profile_id])[0]
    milestone = tracking.add_milestone(member.user, project.id, "Guesthouses renovated", date(2027, 6, 30))
    term = curation_services.term_for("matrix curation term")
    db.session.commit()
    job = bulk.start_export(focal, bulk.OPPORTUNITIES, "jsonl")  # runs inline: a finished job with a file
    assert job.status.value == "done", job.message
    db.session.commit()
    ids = SimpleNamespace(
        fellowship=fellowship.id, other_fellowship=other_fellowship.id, draft=draft.id,
        member_user=member.user_id, member_profile=member.id, other_profile=other.id, spare_user=spare.id,
        placement=placement.id, other_placement=other_placement.id, engagement=engagement.id, lead=lead.id,
        other_lead=other_lead.id, disputed=disputed.id, reward=realised.reward.id, other_reward=other_realised.reward.id,
        application=application.id, document=document.id, applicant_document=applicant_document.id, job=job.id, job_file=job.result["files"][0]["name"],
        web_token=web_token.id, other_token=other_token.id, field_placement=field_placement.id,
        organisation=organisation.id, partner_user=partner.id, call=call.id, proposal=proposal.id,
        project=project.id, milestone=milestone.id, term=term.id)
    return users, ids
