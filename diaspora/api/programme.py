"""Read operations on the programme's work: ranked candidates, decisions, placements, engagements, local projects,
leads, rewards.

Each goes through the service the web pages use, so it keeps their access rules.
"""
from __future__ import annotations

from apiflask import Schema
from marshmallow import RAISE, fields, validate

from diaspora.api import bp
from diaspora.api.auth import acting, auth, responses
from diaspora.api.schemas import PageQuery
from diaspora.auth.models import Role
from diaspora.investments import leads, ledger
from diaspora.members.services import profile_of
from diaspora.programme import decisions, engagements, placements, review
from diaspora.projects import tracking

ID = "int(max=2147483647)"


class MatchesQuery(PageQuery):
    eligible_only = fields.Boolean(load_default=False)
    country = fields.String(load_default="", validate=validate.Regexp(r"^([A-Z]{2})?$"))
    chapter = fields.Integer(load_default=None, validate=validate.Range(1, 35))
    min_score = fields.Float(load_default=0.0, validate=validate.Range(0, 100))


class MatchOut(Schema):
    profile_id = fields.Integer(required=True)
    full_name = fields.String(required=True)
    score = fields.Float(required=True)
    eligible = fields.Boolean(required=True)
    reasons = fields.List(fields.String())
    broken_rules = fields.List(fields.String())
    status = fields.String(allow_none=True)
    interested = fields.Boolean()


class MatchesPage(Schema):
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(MatchOut), required=True)


class DecisionOut(Schema):
    id = fields.Integer(required=True)
    profile_id = fields.Integer(required=True)
    opportunity_id = fields.Integer(required=True)
    action = fields.String(required=True)
    reason = fields.String()
    score = fields.Float(allow_none=True)
    created_at = fields.DateTime(required=True)


class Decisions(Schema):
    items = fields.List(fields.Nested(DecisionOut), required=True)


class PlacementOut(Schema):
    id = fields.Integer(required=True)
    profile_id = fields.Integer(required=True)
    opportunity_id = fields.Integer(required=True)
    institution_id = fields.Integer(required=True)
    status = fields.Function(lambda p: p.status.value, metadata={"type": "string"})
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    mentor_name = fields.String()


class PlacementItem(PlacementOut):
    """PlacementOut under its own name (see schemas.ProfileItem)."""


class Placements(Schema):
    items = fields.List(fields.Nested(PlacementItem), required=True)


class EngagementEntryOut(Schema):
    held_on = fields.Date(required=True)
    note = fields.String(required=True)


class EngagementOut(Schema):
    """A mentorship's or twinning's engagement: the log of sessions or joint activities and both sides' feedback."""
    id = fields.Integer(required=True)
    profile_id = fields.Integer(required=True)
    opportunity_id = fields.Integer(required=True)
    institution_id = fields.Integer(required=True)
    kind = fields.Function(lambda e: e.opportunity.kind.value, metadata={"type": "string"})
    status = fields.Function(lambda e: e.status.value, metadata={"type": "string"})
    agreed = fields.Integer(required=True)
    held = fields.Function(lambda e: len(e.entries), metadata={"type": "integer"})
    entries = fields.List(fields.Nested(EngagementEntryOut))
    member_rating = fields.Integer(allow_none=True)
    member_feedback = fields.String()
    institution_rating = fields.Integer(allow_none=True)
    institution_feedback = fields.String()
    completed_at = fields.DateTime(allow_none=True)


class EngagementItem(EngagementOut):
    """EngagementOut under its own name (see schemas.ProfileItem)."""


class Engagements(Schema):
    items = fields.List(fields.Nested(EngagementItem), required=True)


class MilestoneOut(Schema):
    title = fields.String(required=True)
    due_date = fields.Date(required=True)
    done_at = fields.DateTime(allow_none=True)


class ExpenseOut(Schema):
    spent_on = fields.Date(required=True)
    description = fields.String(required=True)
    amount_eur = fields.Float(required=True)


class LocalProjectOut(Schema):
    """A diaspora organisation's local project: its approved budget, milestones and expenses."""
    id = fields.Integer(required=True)
    profile_id = fields.Integer(required=True, metadata={"description": "The organisation's profile"})
    organisation = fields.Function(lambda p: p.profile.full_name, metadata={"type": "string"})
    opportunity_id = fields.Integer(required=True, metadata={"description": "The call"})
    institution_id = fields.Integer(required=True)
    status = fields.Function(lambda p: p.status.value, metadata={"type": "string"})
    budget_eur = fields.Float(required=True)
    spent_eur = fields.Float(required=True)
    milestones = fields.List(fields.Nested(MilestoneOut))
    expenses = fields.List(fields.Nested(ExpenseOut))
    completed_at = fields.DateTime(allow_none=True)


class LocalProjectItem(LocalProjectOut):
    """LocalProjectOut under its own name (see schemas.ProfileItem)."""


class LocalProjects(Schema):
    items = fields.List(fields.Nested(LocalProjectItem), required=True)


class LeadOut(Schema):
    id = fields.Integer(required=True)
    company = fields.String(required=True)
    origin_country = fields.String()
    sector = fields.String()
    municipality = fields.String()
    expected_amount_eur = fields.Float()
    expected_jobs = fields.Integer()
    stage = fields.Function(lambda lead: lead.stage.value, metadata={"type": "string"})
    claim = fields.Function(lambda lead: lead.claim.value, metadata={"type": "string"})
    registered_at = fields.DateTime()
    amount_invested_eur = fields.Float(allow_none=True)
    jobs_created = fields.Integer(allow_none=True)


class LeadItem(LeadOut):
    """LeadOut under its own name (see schemas.ProfileItem)."""


class Leads(Schema):
    items = fields.List(fields.Nested(LeadItem), required=True)


class RewardOut(Schema):
    id = fields.Integer(required=True)
    lead_id = fields.Integer(required=True)
    agent_id = fields.Integer(required=True)
    amount_invested_eur = fields.Float()
    jobs_created = fields.Integer()
    share_eur = fields.Float()
    jobs_eur = fields.Float()
    amount_eur = fields.Float(required=True)
    status = fields.Function(lambda reward: reward.status.value, metadata={"type": "string"})
    computed_at = fields.DateTime()


class Rewards(Schema):
    items = fields.List(fields.Nested(RewardOut), required=True)


@bp.get(f"/opportunities/<{ID}:opportunity_id>/matches")
@bp.auth_required(auth)
@bp.input(MatchesQuery, location="query", arg_name="query", unknown=RAISE)
@bp.output(MatchesPage)
@bp.doc(tags=["Matching"], summary="Ranked candidates for an open posting (officers)", responses=responses(403, 404))
def list_matches(opportunity_id: int, query: dict):
    officer = auth.current_user
    decisions.require_officer(officer)
    opportunity = decisions.get_opportunity(opportunity_id)
    filters = review.Filters(country=query["country"], chapter=query["chapter"], min_score=query["min_score"],
                             eligible_only=query["eligible_only"])
    page = review.candidates(opportunity, filters, page=query["page"], per_page=query["per_page"])
    items = [{"profile_id": row.profile.id, "full_name": row.profile.full_name, "score": row.match.score,
              "eligible": row.match.eligible, "reasons": list(row.match.reasons),
              "broken_rules": list(row.match.broken_rules),
              "status": row.status.value if row.status else None, "interested": row.interested}
             for row in page.rows]
    return {"page": page.page, "pages": page.pages, "total": page.total, "items": items}


@bp.get(f"/opportunities/<{ID}:opportunity_id>/decisions")
@bp.auth_required(auth)
@bp.output(Decisions)
@bp.doc(tags=["Matching"], summary="The latest decisions on a posting's candidates (officers)",
        responses=responses(403, 404))
def list_decisions(opportunity_id: int):
    decisions.require_officer(auth.current_user)
    opportunity = decisions.get_opportunity(opportunity_id)
    return {"items": [{"id": d.id, "profile_id": d.profile_id, "opportunity_id": d.opportunity_id,
                       "action": d.action.value, "reason": d.reason, "score": d.score, "created_at": d.created_at}
                      for d in review.decision_trail(opportunity.id)]}


@bp.get("/placements")
@bp.auth_required(auth)
@bp.output(Placements)
@bp.doc(tags=["Placements"], summary="Placements: all (officers), your institution's, or your own",
        responses=responses(403))
def list_placements():
    user = acting(Role.OFFICER, Role.MINISTRY, Role.MEMBER)
    if user.role is Role.OFFICER:
        rows = placements.list_placements()
    elif user.role is Role.MINISTRY:
        rows = placements.placements_of_institution(user.institution_id) if user.institution_id else []
    else:
        profile = profile_of(user)
        rows = placements.placements_of_profile(profile.id) if profile else []
    return {"items": rows}


@bp.get(f"/placements/<{ID}:placement_id>")
@bp.auth_required(auth)
@bp.output(PlacementOut)
@bp.doc(tags=["Placements"], summary="One placement you may see", responses=responses(404))
def get_placement(placement_id: int):
    return placements.get_placement_for(auth.current_user, placement_id)


@bp.get("/engagements")
@bp.auth_required(auth)
@bp.output(Engagements)
@bp.doc(tags=["Engagements"], summary="Mentorships' and twinnings' engagements: all (officers), your institution's, "
                                      "or your own", responses=responses(403))
def list_engagements():
    return {"items": engagements.visible_to(acting(Role.OFFICER, Role.MINISTRY, Role.MEMBER))}


@bp.get(f"/engagements/<{ID}:engagement_id>")
@bp.auth_required(auth)
@bp.output(EngagementOut)
@bp.doc(tags=["Engagements"], summary="One engagement you may see", responses=responses(404))
def get_engagement(engagement_id: int):
    return engagements.get_engagement_for(auth.current_user, engagement_id)


@bp.get("/local-projects")
@bp.auth_required(auth)
@bp.output(LocalProjects)
@bp.doc(tags=["Local projects"], summary="Diaspora organisations' local projects: all (officers), your "
                                         "institution's, or your organisations'", responses=responses(403))
def list_local_projects():
    return {"items": tracking.visible_to(acting(Role.OFFICER, Role.MINISTRY, Role.MEMBER))}


@bp.get(f"/local-projects/<{ID}:project_id>")
@bp.auth_required(auth)
@bp.output(LocalProjectOut)
@bp.doc(tags=["Local projects"], summary="One local project you may see", responses=responses(404))
def get_local_project(project_id: int):
    return tracking.get_project_for(auth.current_user, project_id)


@bp.get("/leads")
@bp.auth_required(auth)
@bp.output(Leads)
@bp.doc(tags=["Investments"], summary="Investment leads: your own (agents) or all (officers)",
        responses=responses(403))
def list_leads():
    user = acting(Role.OFFICER, Role.MEMBER)
    return {"items": leads.all_leads(user) if user.role is Role.OFFICER else leads.leads_of(user)}


@bp.get(f"/leads/<{ID}:lead_id>")
@bp.auth_required(auth)
@bp.output(LeadOut)
@bp.doc(tags=["Investments"], summary="One lead you may see", responses=responses(404))
def get_lead(lead_id: int):
    return leads.get_lead_for(auth.current_user, lead_id)


@bp.get("/rewards")
@bp.auth_required(auth)
@bp.output(Rewards)
@bp.doc(tags=["Investments"], summary="Rewards: your own (agents) or the ledger (officers)",
        responses=responses(403))
def list_rewards():
    user = acting(Role.OFFICER, Role.MEMBER)
    return {"items": ledger.ledger(user) if user.role is Role.OFFICER else ledger.rewards_of(user)}
