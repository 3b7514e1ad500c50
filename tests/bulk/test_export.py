"""Exports in the contract's shape, as JSON lines and CSV, round-trip through the import."""
from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import delete, func, select

from diaspora.auth.models import Role, User
from diaspora.bulk import services
from diaspora.jobs.models import JobStatus
from diaspora.jobs.runner import file_key
from diaspora.storage import storage
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.bulk.records import ProfileRecord

FIELDS_COMPARED = ("roles", "full_name", "date_of_birth", "country", "city", "languages", "years_experience",
                   "education", "sectors", "acquis_chapters", "skills", "summary", "work_mode", "network_countries",
                   "investment_sectors", "email")


def export(user, what, fmt) -> str:
    job = services.start_export(user, what, fmt)
    assert job.status is JobStatus.DONE, job.message
    return storage().read(file_key(job.id, job.result["files"][0]["name"])).decode("utf-8")


def without_ids(text: str, fmt: str) -> list[dict]:
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
    else:
        records = list(csv.DictReader(io.StringIO(text)))
    return sorted(({k: v for k, v in r.items() if k != "id"} for r in records), key=lambda r: r["email"])


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_profiles_round_trip(app, db, make_user, make_member, fmt):
    officer = make_user(Role.OFFICER)
    make_member(full_name="Arta Hoxha", skills=["public procurement", "=cmd|' /C calc'!A0"], summary="Line one;two")
    make_member(full_name="Besnik Çela", is_agent=True, languages={"sq": "C2", "el": "B1"}, education=[],
                network_countries=["GR", "IT"], investment_sectors=["tourism"], available_from=None)
    make_member(full_name="Withdrawn", consent_at=None)  # not exported: no consent
    db.session.commit()
    first = export(officer, services.PROFILES, fmt)
    assert "Withdrawn" not in first
    if fmt == "csv":
        assert "'=cmd" in first  # a spreadsheet will not run it as a formula
    db.session.execute(delete(MemberProfile))
    db.session.execute(delete(User).where(User.role == Role.MEMBER))
    db.session.commit()
    job = services.start_import(officer, services.PROFILES, io.BytesIO(first.encode()), True, True)
    assert job.result["imported"] == 2 and job.result["rejected"] == 0, job.result
    assert without_ids(export(officer, services.PROFILES, fmt), fmt) == without_ids(first, fmt)


def test_jsonl_export_matches_the_contract_schema(app, db, make_user, make_member):
    officer = make_user(Role.OFFICER)
    make_member()
    db.session.commit()
    for line in export(officer, services.PROFILES, "jsonl").splitlines():
        record = json.loads(line)
        assert set(record) >= {"id", "roles", "full_name", "country", "languages", "skills"}
        assert ProfileRecord().validate(record) == {}


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_opportunities_round_trip_for_a_ministry(app, db, make_user, make_fellowship, make_lead, fmt):
    ministry = make_user(Role.MINISTRY)
    make_fellowship(institution=ministry.institution)
    make_lead(institution=ministry.institution)
    make_fellowship(title="Someone else's")
    db.session.commit()
    first = export(ministry, services.OPPORTUNITIES, fmt)
    assert "Someone else" not in first
    db.session.execute(delete(Opportunity))
    db.session.commit()
    job = services.start_import(ministry, services.OPPORTUNITIES, io.BytesIO(first.encode()), False, True)
    assert job.result["imported"] == 2, job.result
    assert db.session.scalar(select(func.count(Opportunity.id))) == 2
    strip = lambda rows: [{k: v for k, v in r.items() if k not in ("id", "status")} for r in rows]  # noqa: E731
    second = export(ministry, services.OPPORTUNITIES, fmt)
    assert sorted(map(str, strip(without_title_order(second, fmt)))) == sorted(
        map(str, strip(without_title_order(first, fmt))))


def without_title_order(text: str, fmt: str) -> list[dict]:
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return list(csv.DictReader(io.StringIO(text)))


def test_export_is_audited_and_staff_only(app, db, make_user, make_member):
    from diaspora.audit import AuditEvent
    from diaspora.errors import Forbidden
    officer, member = make_user(Role.OFFICER), make_member()
    db.session.commit()
    export(officer, services.PROFILES, "jsonl")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "profiles_exported")).details["count"] == 1
    with pytest.raises(Forbidden):
        services.start_export(member.user, services.PROFILES, "jsonl")
