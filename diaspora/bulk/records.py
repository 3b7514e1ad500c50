"""The contract's record shapes (shared/contract/*.schema.json) as marshmallow schemas.

One definition serves three doors: bulk import rows, bulk export rows and the JSON API bodies,
so a value the web form refuses is refused everywhere with the same limits. Fields the contract
does not list are ignored on import (the contract says: never rejected); the API is strict.
"""
from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from functools import cache

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from diaspora import reference
from diaspora.formatting import MENTEE_TYPES
from diaspora.forms import unique_words
from diaspora.members.models import PERSON_ROLE_FLAGS, EducationLevel, MemberProfile, MemberWorkMode, StudyLevel
from diaspora.opportunities import deadlines
from diaspora.opportunities.models import Opportunity, OpportunityKind, WorkMode

CEFR = validate.OneOf(reference.CEFR_LEVELS)
MAX_SKILLS = 80
MAX_LIST = 50


def clean_text(value: str) -> str:
    """Drop control characters (as the web forms do) and surrounding blanks."""
    if value.isprintable():  # the common case, without a look at every character
        return value.strip()
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")).strip()


class Text(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        return clean_text(super()._deserialize(value, attr, data, **kwargs))


# The code lists are fixed for the process's life (CLDR data); computed once, checked per value.
_country_codes = cache(reference.country_codes)
_language_codes = cache(reference.language_codes)


def _country(value: str) -> None:
    if value not in _country_codes():
        raise ValidationError("Not an ISO 3166-1 alpha-2 country code.")


def _language(value: str) -> None:
    if value not in _language_codes():
        raise ValidationError("Not an ISO 639-1 language code.")


def word_list(max_items: int = MAX_LIST, max_length: int = 120, **kwargs) -> fields.List:
    return fields.List(Text(validate=validate.Length(max=max_length)), validate=validate.Length(max=max_items),
                       **kwargs)


def country_list(min_items: int = 0, **kwargs) -> fields.List:
    return fields.List(fields.String(validate=_country), validate=validate.Length(min=min_items, max=250), **kwargs)


def language_levels(**kwargs) -> fields.Dict:
    return fields.Dict(keys=fields.String(validate=_language), values=fields.String(validate=CEFR),
                       validate=validate.Length(max=20), **kwargs)


def chapter_list(min_items: int = 0, **kwargs) -> fields.List:
    return fields.List(fields.Integer(strict=True, validate=validate.Range(1, 35)),
                       validate=validate.Length(min=min_items, max=35), **kwargs)


def posting_work_mode(**kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf([m.value for m in WorkMode]), **kwargs)


MAX_AMOUNT = 10_000_000_000


def _amount_range(value: Decimal | None) -> None:
    if value is not None and not 0 <= value <= MAX_AMOUNT:
        raise ValidationError(f"Must be between 0 and {MAX_AMOUNT}.")


def amount(**kwargs) -> fields.Decimal:
    # A function validator (not validate.Range) keeps Decimal bounds out of the OpenAPI document,
    # which states them as plain numbers instead.
    return fields.Decimal(allow_none=True, places=2, allow_nan=False, validate=_amount_range,
                          metadata={"minimum": 0, "maximum": MAX_AMOUNT}, **kwargs)


def sessions_count(**kwargs) -> fields.Integer:
    """Sessions (mentorship) or joint activities (twinning) agreed."""
    return fields.Integer(strict=True, validate=validate.Range(1, 100), **kwargs)


def mentee_type_code(**kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf(["", *MENTEE_TYPES]), **kwargs)


class EducationItem(Schema):
    class Meta:
        unknown = EXCLUDE

    degree = Text(load_default="", validate=validate.Length(max=120))
    field = Text(load_default="", validate=validate.Length(max=160))


class ProfileRecord(Schema):
    """A profile in the contract's shape, plus the person's email, birth date and phone (extensions)."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(validate=validate.Length(min=1, max=80), metadata={"description": "Stable identifier"})
    email = fields.Email(validate=validate.Length(max=254))
    roles = fields.List(fields.String(validate=validate.OneOf(list(PERSON_ROLE_FLAGS))),
                        required=True, validate=validate.Length(min=1, max=len(PERSON_ROLE_FLAGS)))
    full_name = Text(required=True, validate=validate.Length(min=1, max=160))
    date_of_birth = fields.Date(allow_none=True, load_default=None)
    phone = Text(load_default="", validate=validate.Length(max=40))
    country = fields.String(required=True, validate=_country)
    city = Text(load_default="", validate=validate.Length(max=120))
    languages = language_levels(load_default=dict)
    years_experience = fields.Integer(strict=True, load_default=0, validate=validate.Range(0, 70))
    education = fields.List(fields.Nested(EducationItem), load_default=list, validate=validate.Length(max=10))
    sectors = word_list(load_default=list)
    acquis_chapters = chapter_list(load_default=list)
    skills = word_list(MAX_SKILLS, load_default=list)
    summary = Text(load_default="", validate=validate.Length(max=5000))
    available_from = fields.Date(allow_none=True, load_default=None)
    available_to = fields.Date(allow_none=True, load_default=None)
    work_mode = fields.String(load_default="any", validate=validate.OneOf([m.value for m in MemberWorkMode]))
    network_countries = country_list(load_default=list)
    investment_sectors = word_list(load_default=list)
    employer = Text(load_default="", validate=validate.Length(max=200))
    years_abroad = fields.Integer(strict=True, allow_none=True, load_default=None, validate=validate.Range(0, 100))
    highest_education = fields.String(allow_none=True, load_default=None,
                                      validate=validate.OneOf([e.value for e in EducationLevel]))
    study_level = fields.String(allow_none=True, load_default=None,
                                validate=validate.OneOf([level.value for level in StudyLevel]))

    @validates_schema
    def _periods(self, data, **kwargs):
        start, end = data.get("available_from"), data.get("available_to")
        if start and end and end < start:
            raise ValidationError("The end of availability is before its start.", "available_to")
        born = data.get("date_of_birth")
        if born and not date(1900, 1, 1) <= born <= date.today():
            raise ValidationError("Not a plausible date of birth.", "date_of_birth")


def profile_values(record: dict) -> dict:
    """A loaded record as the whitelisted values of members.services.EDITABLE_FIELDS."""
    level = record.get("highest_education")
    return {
        "full_name": record["full_name"], "phone": record.get("phone", ""),
        **{column: role in record["roles"] for role, column in PERSON_ROLE_FLAGS.items()},
        "country": record["country"], "city": record.get("city", ""), "languages": dict(record["languages"]),
        "years_experience": record["years_experience"],
        "education": [item for item in record["education"] if item["degree"] or item["field"]],
        "sectors": unique_words(record["sectors"]), "acquis_chapters": sorted(set(record["acquis_chapters"])),
        "skills": unique_words(record["skills"]), "summary": record["summary"],
        "available_from": record["available_from"], "available_to": record["available_to"],
        "work_mode": MemberWorkMode(record["work_mode"]),
        "network_countries": list(dict.fromkeys(record["network_countries"])),
        "investment_sectors": unique_words(record["investment_sectors"]), "employer": record.get("employer", ""),
        "date_of_birth": record.get("date_of_birth"), "years_abroad": record.get("years_abroad"),
        "highest_education": EducationLevel(level) if level else None,
        "study_level": StudyLevel(record["study_level"]) if record.get("study_level") else None,
    }


def profile_record(profile: MemberProfile, with_contact: bool) -> dict:
    """A profile as a contract record (JSON-ready); contact details only for programme staff exports."""
    record = {
        "id": str(profile.id), "roles": profile.roles, "full_name": profile.full_name,
        "country": profile.country, "city": profile.city, "languages": dict(profile.languages or {}),
        "years_experience": profile.years_experience, "education": list(profile.education or []),
        "sectors": list(profile.sectors or []), "acquis_chapters": list(profile.acquis_chapters or []),
        "skills": list(profile.skills or []), "summary": profile.summary or "",
        "work_mode": profile.work_mode.value, "network_countries": list(profile.network_countries or []),
        "investment_sectors": list(profile.investment_sectors or []),
    }
    if profile.study_level is not None:
        record["study_level"] = profile.study_level.value
    if profile.employer:
        record["employer"] = profile.employer
    optional = {"available_from": profile.available_from, "available_to": profile.available_to}
    if with_contact:
        record["email"] = profile.user.email
        record["phone"] = profile.phone or ""
        optional.update(date_of_birth=profile.date_of_birth)
        if profile.years_abroad is not None:
            record["years_abroad"] = profile.years_abroad
        if profile.highest_education is not None:
            record["highest_education"] = profile.highest_education.value
    record.update({key: value.isoformat() for key, value in optional.items() if value is not None})
    return record


class OpportunityRecord(Schema):
    """An opportunity in the contract's shape; `institution` names it for programme-wide imports."""

    class Meta:
        unknown = EXCLUDE

    id = fields.String(validate=validate.Length(min=1, max=80))
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in OpportunityKind]))
    title = Text(required=True, validate=validate.Length(min=1, max=200))
    institution = Text(validate=validate.Length(max=200))
    description = Text(load_default="", validate=validate.Length(max=10000))
    acquis_chapters = chapter_list(load_default=list)
    required_skills = word_list(40, load_default=list)
    preferred_skills = word_list(40, load_default=list)
    languages = language_levels(load_default=dict)
    min_years_experience = fields.Integer(strict=True, allow_none=True, load_default=None,
                                          validate=validate.Range(0, 50))
    start = fields.Date(allow_none=True, load_default=None)
    end = fields.Date(allow_none=True, load_default=None)
    deadline = fields.Date(allow_none=True, load_default=None)
    work_mode = posting_work_mode(load_default="remote")
    sector = Text(load_default="", validate=validate.Length(max=120))
    region = Text(load_default="", validate=validate.Length(max=120))
    target_countries = country_list(load_default=list)
    amount_eur = amount(load_default=None)
    positions = fields.Integer(strict=True, load_default=1, validate=validate.Range(1, 100))
    # Field projects
    supervisor = Text(load_default="", validate=validate.Length(max=160))
    deliverable = Text(load_default="", validate=validate.Length(max=2000))
    study_levels = fields.List(fields.String(validate=validate.OneOf([level.value for level in StudyLevel])),
                               load_default=list, validate=validate.Length(max=len(StudyLevel)))
    fields_of_study = word_list(20, load_default=list)
    # Local project calls
    budget_eur = amount(load_default=None)
    sessions = sessions_count(allow_none=True, load_default=None)
    mentee_type = mentee_type_code(load_default="")
    counterpart_field = Text(load_default="", validate=validate.Length(max=200))
    counterpart_countries = country_list(load_default=list)

    @validates_schema
    def _rules(self, data, **kwargs):
        # The same completeness rules as the posting forms: the dates here, the rest each kind's own.
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError("The end is before the start.", "end")
        deadline_problem = deadlines.problem(data.get("deadline"))
        if deadline_problem:
            raise ValidationError(deadline_problem, "deadline")
        if data.get("kind"):
            OpportunityKind(data["kind"]).check_record(data)


def opportunity_values(record: dict) -> dict:
    """A loaded record as the values opportunities.services accepts for its kind."""
    return OpportunityKind(record["kind"]).values_from_record(record)


def opportunity_record(opportunity: Opportunity) -> dict:
    record = {"id": str(opportunity.id), "kind": opportunity.kind.value, "title": opportunity.title,
              "institution": opportunity.institution.name, "description": opportunity.description or "",
              "status": opportunity.status.value, **opportunity.kind.record_of(opportunity)}
    if opportunity.deadline is not None:
        record["deadline"] = opportunity.deadline.isoformat()
    return record
