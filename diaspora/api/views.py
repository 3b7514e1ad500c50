"""Profiles and opportunities: thin operations over the same services as the web pages."""
from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import RAISE

from diaspora import audit
from diaspora.api import bp
from diaspora.api.auth import acting, auth, responses
from diaspora.api.schemas import (OpportunitiesPage, OpportunitiesQuery, OpportunityIn, OpportunityOut,
                                  OpportunityPatch, ProfileIn, ProfileOut, ProfilesPage, ProfilesQuery)
from diaspora.auth.models import Role
from diaspora.bulk.records import opportunity_record, opportunity_values, profile_record, profile_values
from diaspora.errors import NotFound
from diaspora.extensions import db
from diaspora.members import services as members
from diaspora.members.models import MemberProfile
from diaspora.opportunities import services as postings
from diaspora.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus, WorkMode
from diaspora.notifications import fits
from diaspora.paging import api_page

STAFF = (Role.OFFICER, Role.ADMIN)


def profile_body(profile: MemberProfile) -> dict:
    body = profile_record(profile, with_contact=True)
    body.update(consent=profile.has_consent, version=profile.version)
    return body


def opportunity_body(opportunity: Opportunity) -> dict:
    return {**opportunity_record(opportunity), "version": opportunity.version}


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
    statement = members.search(country=query.get("country"), role=query.get("role"), name=query.get("q"),
                               chapter=query.get("chapter"))
    result = api_page(statement, query["page"], query["per_page"], profile_body)
    audit.record("profiles_listed", actor_id=user.id, object_type="api", count=len(result["items"]))
    db.session.commit()
    return result


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

@bp.get("/opportunities")
@bp.auth_required(auth)
@bp.input(OpportunitiesQuery, location="query", arg_name="query", unknown=RAISE)
@bp.output(OpportunitiesPage)
@bp.doc(tags=["Opportunities"], summary="Postings you may see")
def list_opportunities(query: dict):
    statement = postings.visible_to(auth.current_user, kind=OpportunityKind(query["kind"]) if query.get("kind") else None,
                                    status=OpportunityStatus(query["status"]) if query.get("status") else None)
    return api_page(statement, query["page"], query["per_page"], opportunity_body)


@bp.get("/opportunities/<int(max=2147483647):opportunity_id>")
@bp.auth_required(auth)
@bp.output(OpportunityOut)
@bp.doc(tags=["Opportunities"], summary="One posting", responses=responses(404))
def get_opportunity(opportunity_id: int):
    return opportunity_body(postings.get_visible(auth.current_user, opportunity_id))


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
    for name in ("target_countries", "counterpart_countries"):
        if name in values:
            values[name] = list(dict.fromkeys(values[name]))
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
