"""Profiles and opportunities: thin operations over the same services as the web pages."""
from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import RAISE
from sqlalchemy import func, or_, select

from diaspora import audit
from diaspora.api import bp
from diaspora.api.auth import acting, auth
from diaspora.api.schemas import (OpportunitiesPage, OpportunitiesQuery, OpportunityIn, OpportunityOut,
                                  OpportunityPatch, ProfileIn, ProfileOut, ProfilesPage, ProfilesQuery)
from diaspora.auth.models import Role, User
from diaspora.bulk.records import opportunity_record, opportunity_values, profile_record, profile_values
from diaspora.errors import NotFound
from diaspora.extensions import db
from diaspora.members import services as members
from diaspora.members.models import MemberProfile
from diaspora.opportunities import services as postings
from diaspora.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus, WorkMode
from diaspora.notifications import fits

STAFF = (Role.OFFICER, Role.ADMIN)
ERRORS = {400: "Malformed request body", 401: "No valid token", 403: "The role may not use this operation", 404: "Not found",
          409: "Changed by someone else meanwhile", 422: "Invalid input"}


def responses(*codes: int) -> dict:
    return {code: ERRORS[code] for code in codes}


def profile_body(profile: MemberProfile) -> dict:
    body = profile_record(profile, with_contact=True)
    body.update(consent=profile.has_consent, version=profile.version)
    return body


def opportunity_body(opportunity: Opportunity) -> dict:
    return {**opportunity_record(opportunity), "version": opportunity.version}


def page_of(query, page: int, per_page: int, body) -> dict:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page))
    return {"page": page, "per_page": per_page, "total": total, "items": [body(row) for row in rows]}


# Profiles ----------------------------------------------------------------------------------------

@bp.get("/profile")
@bp.auth_required(auth)
@bp.output(ProfileOut)
@bp.doc(tags=["Profiles"], summary="My profile", responses=responses(403, 404))
def get_own_profile():
    user = acting(Role.MEMBER)
    profile = members.profile_of(user)
    if profile is None:
        raise NotFound(_("You have no profile."))
    return profile_body(profile)


@bp.put("/profile")
@bp.auth_required(auth)
@bp.input(ProfileIn, arg_name="body")
@bp.output(ProfileOut)
@bp.doc(tags=["Profiles"], summary="Create or replace my profile", responses=responses(400, 403, 409, 422))
def put_own_profile(body: dict):
    user = acting(Role.MEMBER)
    profile = members.save_profile(user, profile_values(body), consent=body["consent"],
                                   expected_version=body.get("version"))
    db.session.commit()
    return profile_body(profile)


@bp.get("/profiles")
@bp.auth_required(auth)
@bp.input(ProfilesQuery, location="query", arg_name="query", unknown=RAISE)
@bp.output(ProfilesPage)
@bp.doc(tags=["Profiles"], summary="Search profiles (officers, admins)", responses=responses(403))
def list_profiles(query: dict):
    user = acting(*STAFF)
    # Only people taking part, as in the review lists and exports: a withdrawn consent ends processing.
    statement = (select(MemberProfile).where(MemberProfile.erased_at.is_(None), MemberProfile.consent_at.is_not(None))
                 .order_by(MemberProfile.id))
    if query.get("country"):
        statement = statement.where(MemberProfile.country == query["country"])
    if query.get("role") == "expert":
        statement = statement.where(MemberProfile.is_expert.is_(True))
    elif query.get("role") == "development_agent":
        statement = statement.where(MemberProfile.is_agent.is_(True))
    if query.get("q"):
        statement = statement.where(MemberProfile.full_name.ilike(f"%{_like(query['q'])}%", escape="\\"))
    if query.get("chapter"):
        # Chapters are a JSON list; filtering in Python keeps this portable between SQLite and PostgreSQL.
        ids = [pid for pid, chapters in db.session.execute(statement.with_only_columns(
            MemberProfile.id, MemberProfile.acquis_chapters)) if query["chapter"] in (chapters or [])]
        statement = statement.where(MemberProfile.id.in_(ids))
    result = page_of(statement, query["page"], query["per_page"], profile_body)
    audit.record("profiles_listed", actor_id=user.id, object_type="api", count=len(result["items"]))
    db.session.commit()
    return result


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@bp.get("/profiles/<int(max=2147483647):profile_id>")
@bp.auth_required(auth)
@bp.output(ProfileOut)
@bp.doc(tags=["Profiles"], summary="One profile (officers, admins, or its member)", responses=responses(404))
def get_profile(profile_id: int):
    user = auth.current_user
    profile = members.get_profile_for(user, profile_id)
    if profile.user_id != user.id:
        audit.record("profile_viewed", actor_id=user.id, object_type="profile", object_id=profile.id,
                     subject_user_id=profile.user_id)
        db.session.commit()
    return profile_body(profile)


# Opportunities -----------------------------------------------------------------------------------

def _visible(user: User):
    """Open postings for everyone; a focal point also sees its own drafts; staff see all."""
    if user.role in STAFF:
        return True
    if user.role is Role.MINISTRY and user.institution_id is not None:
        return or_(Opportunity.status == OpportunityStatus.OPEN, Opportunity.institution_id == user.institution_id)
    return Opportunity.status == OpportunityStatus.OPEN


@bp.get("/opportunities")
@bp.auth_required(auth)
@bp.input(OpportunitiesQuery, location="query", arg_name="query", unknown=RAISE)
@bp.output(OpportunitiesPage)
@bp.doc(tags=["Opportunities"], summary="Postings you may see")
def list_opportunities(query: dict):
    user = auth.current_user
    statement = select(Opportunity).where(_visible(user)).order_by(Opportunity.id)
    if query.get("kind"):
        statement = statement.where(Opportunity.kind == OpportunityKind(query["kind"]))
    if query.get("status"):
        statement = statement.where(Opportunity.status == OpportunityStatus(query["status"]))
    return page_of(statement, query["page"], query["per_page"], opportunity_body)


@bp.get("/opportunities/<int(max=2147483647):opportunity_id>")
@bp.auth_required(auth)
@bp.output(OpportunityOut)
@bp.doc(tags=["Opportunities"], summary="One posting", responses=responses(404))
def get_opportunity(opportunity_id: int):
    opportunity = db.session.scalar(select(Opportunity).where(Opportunity.id == opportunity_id,
                                                              _visible(auth.current_user)))
    if opportunity is None:
        raise NotFound(_("This opportunity does not exist."))
    return opportunity_body(opportunity)


@bp.post("/opportunities")
@bp.auth_required(auth)
@bp.input(OpportunityIn, arg_name="body")
@bp.output(OpportunityOut, status_code=201)
@bp.doc(tags=["Opportunities"], summary="Post a draft (ministry focal points)", responses=responses(400, 403, 422))
def create_opportunity(body: dict):
    user = acting(Role.MINISTRY)
    opportunity = postings.create(user, OpportunityKind(body["kind"]), opportunity_values(body))
    db.session.commit()
    return opportunity_body(opportunity)


# Contract field names -> model columns, for partial updates.
PATCH_COLUMNS = {"start": "start_date", "end": "end_date"}


@bp.patch("/opportunities/<int(max=2147483647):opportunity_id>")
@bp.auth_required(auth)
@bp.input(OpportunityPatch, arg_name="body")
@bp.output(OpportunityOut)
@bp.doc(tags=["Opportunities"], summary="Change your institution's posting",
        responses=responses(400, 403, 404, 409, 422))
def update_opportunity(opportunity_id: int, body: dict):
    user = acting(Role.MINISTRY)
    expected = body.pop("version", None)
    values = {PATCH_COLUMNS.get(key, key): value for key, value in body.items()}
    if "acquis_chapters" in values:
        values["acquis_chapters"] = sorted(set(values["acquis_chapters"]))
    if "target_countries" in values:
        values["target_countries"] = list(dict.fromkeys(values["target_countries"]))
    if "work_mode" in values:
        values["work_mode"] = WorkMode(values["work_mode"])
    opportunity = postings.update(user, opportunity_id, values, expected_version=expected)
    db.session.commit()
    return opportunity_body(opportunity)


@bp.post("/opportunities/<int(max=2147483647):opportunity_id>/open")
@bp.auth_required(auth)
@bp.output(OpportunityOut)
@bp.doc(tags=["Opportunities"], summary="Open your posting to candidates", responses=responses(403, 404))
def open_opportunity(opportunity_id: int):
    user = acting(Role.MINISTRY)
    opportunity, first_opening = postings.open_posting(user, opportunity_id)
    db.session.commit()
    if first_opening:
        fits.announce(user, opportunity)
    return opportunity_body(opportunity)


@bp.post("/opportunities/<int(max=2147483647):opportunity_id>/close")
@bp.auth_required(auth)
@bp.output(OpportunityOut)
@bp.doc(tags=["Opportunities"], summary="Close your posting", responses=responses(403, 404))
def close_opportunity(opportunity_id: int):
    opportunity = postings.close_posting(acting(Role.MINISTRY), opportunity_id)
    db.session.commit()
    return opportunity_body(opportunity)
