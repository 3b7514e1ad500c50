"""Request and response bodies of the API; record fields come from the contract shapes in bulk.records."""
from __future__ import annotations

from apiflask import Schema
from apiflask.fields import File
from marshmallow import RAISE, ValidationError, fields, validate, validates_schema

from diaspora.bulk.records import (OpportunityRecord, ProfileRecord, Text, amount, chapter_list, country_list,
                                   language_levels, mentee_type_code, posting_work_mode, sessions_count, word_list)
from diaspora.members.models import ROLE_FLAGS, StudyLevel
from diaspora.opportunities.models import OpportunityKind, OpportunityStatus


def iso_date() -> fields.String:
    """A date the records already hold as an ISO string (YYYY-MM-DD)."""
    return fields.String(metadata={"format": "date"})


class ProfileIn(ProfileRecord):
    """The member's own profile, complete (PUT replaces it). `consent` must be true to keep it."""

    class Meta:
        unknown = RAISE
        exclude = ("id", "email")

    consent = fields.Boolean(required=True, metadata={"description": "Consent to processing; must be true."})
    version = fields.Integer(strict=True, allow_none=True, load_default=None,
                             metadata={"description": "The version you read; a newer one answers 409."})

    @validates_schema
    def _agent_rules(self, data, **kwargs):
        # The profile form asks Development Agents for the Connect Albania eligibility facts.
        if "development_agent" in data.get("roles", []):
            for name in ("date_of_birth", "years_abroad", "highest_education"):
                if data.get(name) in (None, ""):
                    raise ValidationError("Development Agents must answer this.", name)


class Education(Schema):
    degree = fields.String()
    field = fields.String()


class ProfileOut(Schema):
    id = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    full_name = fields.String(required=True)
    email = fields.String()
    phone = fields.String()
    date_of_birth = iso_date()
    country = fields.String(required=True)
    city = fields.String()
    languages = fields.Dict(keys=fields.String(), values=fields.String())
    years_experience = fields.Integer()
    education = fields.List(fields.Nested(Education))
    sectors = fields.List(fields.String())
    acquis_chapters = fields.List(fields.Integer())
    skills = fields.List(fields.String())
    summary = fields.String()
    available_from = iso_date()
    available_to = iso_date()
    work_mode = fields.String()
    network_countries = fields.List(fields.String())
    investment_sectors = fields.List(fields.String())
    employer = fields.String()
    years_abroad = fields.Integer()
    highest_education = fields.String()
    study_level = fields.String()
    consent = fields.Boolean()
    version = fields.Integer()


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 100))


class ProfilesQuery(PageQuery):
    country = fields.String(validate=validate.Regexp(r"^[A-Z]{2}$"))
    role = fields.String(validate=validate.OneOf(list(ROLE_FLAGS)))
    chapter = fields.Integer(validate=validate.Range(1, 35))
    q = fields.String(validate=validate.Length(max=100), metadata={"description": "Part of the name"})


class Page(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)


class ProfileItem(ProfileOut):
    """ProfileOut again under its own name: apispec registers a nested schema before the operation that
    returns it and would otherwise warn about a second registration of ProfileOut."""


class ProfilesPage(Page):
    items = fields.List(fields.Nested(ProfileItem), required=True)


class OpportunityIn(OpportunityRecord):
    class Meta:
        unknown = RAISE
        exclude = ("id", "institution")


class OpportunityPatch(Schema):
    """Only the fields sent change; fields of the other kind answer 422."""

    class Meta:
        unknown = RAISE

    title = Text(validate=validate.Length(min=1, max=200))
    description = Text(validate=validate.Length(max=10000))
    acquis_chapters = chapter_list(min_items=1)
    required_skills = word_list(40)
    preferred_skills = word_list(40)
    languages = language_levels()
    min_years_experience = fields.Integer(strict=True, allow_none=True, validate=validate.Range(0, 50))
    start = fields.Date(allow_none=True)
    end = fields.Date(allow_none=True)
    deadline = fields.Date(allow_none=True)
    work_mode = posting_work_mode()
    positions = fields.Integer(strict=True, validate=validate.Range(1, 100))
    sector = Text(validate=validate.Length(min=1, max=120))
    region = Text(validate=validate.Length(min=1, max=120))
    target_countries = country_list(min_items=1)
    amount_eur = amount()
    supervisor = Text(validate=validate.Length(min=1, max=160))
    deliverable = Text(validate=validate.Length(min=1, max=2000))
    study_levels = fields.List(fields.String(validate=validate.OneOf([level.value for level in StudyLevel])),
                               validate=validate.Length(max=len(StudyLevel)))
    fields_of_study = word_list(20)
    budget_eur = amount()
    sessions = sessions_count()
    mentee_type = mentee_type_code()
    counterpart_field = Text(validate=validate.Length(min=1, max=200))
    counterpart_countries = country_list(min_items=1)
    version = fields.Integer(strict=True, allow_none=True, load_default=None)

    @validates_schema
    def _period(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError("The end is before the start.", "end")


class OpportunityOut(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    title = fields.String(required=True)
    institution = fields.String(required=True)
    description = fields.String()
    acquis_chapters = fields.List(fields.Integer())
    required_skills = fields.List(fields.String())
    preferred_skills = fields.List(fields.String())
    languages = fields.Dict(keys=fields.String(), values=fields.String())
    min_years_experience = fields.Integer()
    start = iso_date()
    end = iso_date()
    deadline = iso_date()
    work_mode = fields.String()
    positions = fields.Integer()
    sector = fields.String()
    region = fields.String()
    target_countries = fields.List(fields.String())
    amount_eur = fields.Float()
    supervisor = fields.String()
    deliverable = fields.String()
    study_levels = fields.List(fields.String())
    fields_of_study = fields.List(fields.String())
    budget_eur = fields.Float()
    sessions = fields.Integer()
    mentee_type = fields.String()
    counterpart_field = fields.String()
    counterpart_countries = fields.List(fields.String())
    version = fields.Integer()


class OpportunitiesQuery(PageQuery):
    kind = fields.String(validate=validate.OneOf([k.value for k in OpportunityKind]))
    status = fields.String(validate=validate.OneOf([s.value for s in OpportunityStatus]),
                           metadata={"description": "Staff and ministries (their own postings) only; "
                                                    "others always see open postings."})


class OpportunityItem(OpportunityOut):
    """OpportunityOut under its own name (see ProfileItem)."""


class OpportunitiesPage(Page):
    items = fields.List(fields.Nested(OpportunityItem), required=True)


class JobOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(
        ["queued", "running", "done", "failed", "cancelled"]))
    status_label = fields.String()
    progress = fields.Integer(required=True)
    message = fields.String()
    finished = fields.Boolean()
    cancel_requested = fields.Boolean()
    created_at = fields.String()
    finished_at = fields.String(allow_none=True)
    result = fields.Dict(allow_none=True)


class ImportForm(Schema):
    file = File(required=True, metadata={"description": "JSON lines (.jsonl) or CSV (.csv), UTF-8"})
    confirm_consent = fields.Boolean(load_default=False, metadata={
        "description": "Profiles: you confirm that every person in the file agreed to the programme "
                       "processing their profile for matching. Required for profile imports."})
    all_or_nothing = fields.Boolean(load_default=False, metadata={
        "description": "Import nothing if any row is rejected."})


class ExportQuery(Schema):
    format = fields.String(load_default="jsonl", validate=validate.OneOf(["jsonl", "csv"]))
