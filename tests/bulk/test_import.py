"""Bulk import a programme can trust: row-by-row rejections, duplicates, all-or-nothing, cancellation."""
from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from diaspora.auth.models import Role, User
from diaspora.bulk import importer, services
from diaspora.errors import Forbidden, InvalidInput, ServiceUnavailable
from diaspora.jobs import runner
from diaspora.jobs.models import JobStatus
from diaspora.matches.models import ProfileChange
from diaspora.members.models import MemberProfile
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from tests.bulk.rosters import jsonl, profile


def counts(db) -> tuple[int, int]:
    return (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(MemberProfile.id))))


def run_import(officer, data: bytes, what=services.PROFILES, **options):
    options.setdefault("confirm_consent", True)
    options.setdefault("all_or_nothing", False)
    return services.start_import(officer, what, io.BytesIO(data), **options)


@pytest.fixture
def officer(db, make_user):
    user = make_user(Role.OFFICER)
    db.session.commit()
    return user


def test_valid_rows_become_unverified_accounts_with_traceable_consent(app, db, officer):
    job = run_import(officer, jsonl([profile(1), profile(2)]))
    assert job.status is JobStatus.DONE, job.message
    assert job.result["imported"] == 2 and job.result["rejected"] == 0
    user = db.session.scalar(select(User).where(User.email == "person1@roster.example"))
    assert user.role is Role.MEMBER and user.email_verified_at is None
    assert not user.check_password("") and not user.check_password("!imported")
    assert user.profile.consent_version == f"import:{officer.id}" and user.profile.consent_at is not None
    assert user.profile.languages == {"sq": "C2", "en": "B2"} and user.profile.matchable
    # The matching index learns about the new profiles like about any saved one.
    changed = set(db.session.scalars(select(ProfileChange.profile_id)))
    assert {p.id for p in db.session.scalars(select(MemberProfile))} <= changed


def test_rejected_rows_are_reported_with_line_field_and_message(app, db, officer, client, login):
    rows = [profile(1), profile(2, country="XX"), profile(3, email=""), profile(4, languages={"sq": "Z9"}),
            profile(5, acquis_chapters=[99]), profile(6, unknown_field="ignored")]
    data = jsonl(rows) + b"not json\n" + jsonl([profile(7, roles=[])])
    job = run_import(officer, data)
    assert job.status is JobStatus.DONE
    rejections = {(r["line"], r["field"]) for r in job.result["rejections"]}
    assert {(2, "country"), (3, "email"), (4, "languages"), (5, "acquis_chapters"), (7, "line"),
            (8, "roles")} <= rejections
    assert job.result["imported"] == 2 and job.result["rejected"] == 6  # line 6's extra field is ignored
    login(officer)
    with client.get(f"/jobs/{job.id}/files/rejected.csv") as report:
        assert report.status_code == 200 and report.data.startswith(b"line,field,message\n2,country,")


def test_duplicates_within_the_file_and_against_the_database(app, db, officer, make_member):
    existing = make_member(full_name="Arta Hoxha", date_of_birth=date(1985, 4, 2))
    db.session.commit()
    rows = [
        profile(1),
        profile(2, email="PERSON1@roster.example"),                       # same email as line 1
        profile(3, full_name="person  number1 HOXHA", date_of_birth=profile(1)["date_of_birth"]),  # same person
        profile(4, email=existing.user.email),                              # known email
        profile(5, full_name="Arta Hoxha", date_of_birth="1985-04-02"),     # known name + birth date
    ]
    job = run_import(officer, jsonl(rows))
    result = job.result
    assert result["imported"] == 1 and result["duplicates"] == 4
    by_line = {r["line"]: r for r in result["rejections"]}
    assert "line 1" in by_line[2]["message"] and "line 1" in by_line[3]["message"]
    assert by_line[4]["field"] == "email" and by_line[5]["field"] == "full_name"


def test_all_or_nothing_imports_nothing_when_a_row_is_rejected(app, db, officer):
    before = counts(db)
    job = run_import(officer, jsonl([profile(1), profile(2, country="XX")]), all_or_nothing=True)
    assert job.status is JobStatus.DONE and job.result["imported"] == 0
    assert counts(db) == before


def test_failure_half_way_leaves_the_database_unchanged(app, db, officer, monkeypatch):
    before = counts(db)
    monkeypatch.setattr(importer, "WRITE_CHUNK", 10)
    calls = []

    def fail_on_third_chunk(job_id):
        calls.append(job_id)
        if len(calls) == 3:
            raise OSError("disk full")

    monkeypatch.setattr(importer, "_write_progress", fail_on_third_chunk)
    job = run_import(officer, jsonl(profile(n) for n in range(50)))
    assert job.status is JobStatus.FAILED and len(calls) == 3
    assert counts(db) == before


def test_cancel_during_the_write_phase_leaves_the_database_unchanged(app, db, officer, monkeypatch):
    before = counts(db)
    monkeypatch.setattr(importer, "WRITE_CHUNK", 10)
    chunks = []

    def cancel_after_two_chunks(job_id):
        # The flag as the worker reads it once the person pressed Cancel. (Writing it for real from this
        # thread would wait on SQLite's single writer, which is this very import.)
        chunks.append(job_id)
        return len(chunks) == 3

    monkeypatch.setattr(importer, "cancel_requested", cancel_after_two_chunks)
    job = run_import(officer, jsonl(profile(n) for n in range(50)))
    assert job.status is JobStatus.CANCELLED
    assert counts(db) == before


def test_cancel_during_the_check_phase(app, db, officer, monkeypatch):
    monkeypatch.setattr(importer, "CHECK_CHUNK", 5)
    real_report = importer.report

    def cancel_midway(job_id, percent, message=""):
        if percent > 30:
            runner.request_cancel(job_id)
        real_report(job_id, percent, message)

    monkeypatch.setattr(importer, "report", cancel_midway)
    before = counts(db)
    job = run_import(officer, jsonl(profile(n) for n in range(40)))
    assert job.status is JobStatus.CANCELLED and counts(db) == before


def test_only_staff_import_profiles_and_consent_must_be_confirmed(app, db, officer, make_user):
    ministry = make_user(Role.MINISTRY)
    db.session.commit()
    with pytest.raises(Forbidden):
        run_import(ministry, jsonl([profile(1)]))
    with pytest.raises(InvalidInput):
        run_import(officer, jsonl([profile(1)]), confirm_consent=False)


def test_csv_rows_use_semicolons_and_language_pairs(app, db, officer):
    data = ("email,roles,full_name,country,languages,skills,acquis_chapters,years_experience,education\n"
            "a@example.org,expert;development_agent,Ana Kola,IT,sq:C2;en:B2,statistics;EU law,5;18,7,MSc|Economics\n"
            "b@example.org,expert,Besa Dema,DE,sq:C1,'=HYPERLINK(1),3,x,\n").encode()
    job = run_import(officer, data)
    assert job.result["imported"] == 1
    assert job.result["rejections"] == [{"line": 3, "field": "years_experience", "message": "Not a valid integer."}]
    imported = db.session.scalar(select(MemberProfile).where(MemberProfile.full_name == "Ana Kola"))
    assert imported.is_agent and imported.languages == {"sq": "C2", "en": "B2"}
    assert imported.acquis_chapters == [5, 18] and imported.education == [{"degree": "MSc", "field": "Economics"}]


def test_ministry_imports_only_its_own_postings(app, db, make_user, make_institution):
    ministry = make_user(Role.MINISTRY)
    other = make_institution()
    db.session.commit()
    rows = [
        {"id": "o1", "kind": "fellowship", "title": "Statistics", "description": "d", "acquis_chapters": [18]},
        {"id": "o2", "kind": "fellowship", "title": "Audit", "acquis_chapters": [32], "institution": other.name},
        {"id": "o3", "kind": "investment_lead", "title": "Hotel", "sector": "tourism", "region": "Vlorë",
         "target_countries": ["IT"], "amount_eur": 250000},
        {"id": "o4", "kind": "fellowship", "title": "statistics", "acquis_chapters": [18]},
    ]
    job = run_import(ministry, jsonl(rows), what=services.OPPORTUNITIES)
    assert job.result["imported"] == 2, job.result
    fields = {r["line"]: r["field"] for r in job.result["rejections"]}
    assert fields == {2: "institution", 4: "title"}
    postings = list(db.session.scalars(select(Opportunity)))
    assert {p.institution_id for p in postings} == {ministry.institution_id}
    assert {p.status for p in postings} == {OpportunityStatus.DRAFT}


def test_staff_import_postings_for_named_institutions(app, db, officer, make_institution):
    institution = make_institution(acronym="INSTAT")
    db.session.commit()
    rows = [{"kind": "fellowship", "title": "Census", "acquis_chapters": [18], "institution": "instat"},
            {"kind": "fellowship", "title": "Census 2", "acquis_chapters": [18], "institution": "Nowhere"}]
    job = run_import(officer, jsonl(rows), what=services.OPPORTUNITIES)
    assert job.result["imported"] == 1 and job.result["rejections"][0]["field"] == "institution"
    assert db.session.scalar(select(Opportunity.institution_id)) == institution.id


@pytest.mark.slow
def test_ten_thousand_rows_import_with_progress(app, db, officer, monkeypatch, capsys):
    rows = [profile(n) for n in range(10_000)]
    for n in range(0, 10_000, 500):
        rows[n] = profile(n, country="ZZ")                       # 20 invalid rows
    for n in range(2, 10_000, 1000):
        rows[n] = profile(n, email=rows[n - 1]["email"])         # 10 duplicate emails
    progress = []
    real_report = importer.report

    def spy(job_id, percent, message=""):
        progress.append(int(percent))
        real_report(job_id, percent, message)

    monkeypatch.setattr(importer, "report", spy)
    job = run_import(officer, jsonl(rows))
    result = job.result
    assert job.status is JobStatus.DONE
    assert result["rows"] == 10_000 and result["rejected"] == 30 and result["duplicates"] == 10
    assert result["imported"] == 9_970 and counts(db)[1] == 9_970
    assert progress == sorted(progress) and len(progress) >= 20
    with capsys.disabled():
        print(f"\n10,000-row profile import: {result['seconds']} s, {result['rows_per_second']} rows/s, "
              f"{result['rejected']} rejected ({result['duplicates']} duplicates)")


def test_a_staged_file_goes_when_its_job_is_not_recorded_and_stays_for_the_worker_when_it_is(app, db, officer,
                                                                                             monkeypatch):
    staged = app.config["UPLOAD_DIR"] / "imports"

    def unreachable(*args, **kwargs):
        raise ServiceUnavailable("queue down")

    monkeypatch.setattr(services, "submit", unreachable)
    with pytest.raises(ServiceUnavailable):
        run_import(officer, jsonl([profile(1)]))
    db.session.rollback()  # what the error handler does
    assert not staged.exists() or list(staged.iterdir()) == []
    monkeypatch.setattr(services, "submit", lambda *args, **kwargs: None)  # queued for a worker elsewhere
    run_import(officer, jsonl([profile(1)]))
    db.session.commit()  # what the view does
    assert len(list(staged.iterdir())) == 1
def test_mentorships_and_twinnings_import_with_their_kinds_rules(app, db, make_user):
    ministry = make_user(Role.MINISTRY)
    db.session.commit()
    rows = [
        {"kind": "mentorship", "title": "Mentors for AKSHI", "mentee_type": "civil_servant", "sessions": 8,
         "required_skills": ["service design"], "languages": {"sq": "B2"}},
        {"kind": "twinning", "title": "INSTAT-ISTAT", "counterpart_field": "official statistics",
         "counterpart_countries": ["IT", "IT"], "sessions": 4, "acquis_chapters": [18]},
        {"kind": "mentorship", "title": "No sessions", "mentee_type": "startup"},
        {"kind": "mentorship", "title": "Pupils", "mentee_type": "pupil", "sessions": 3},
        {"kind": "twinning", "title": "Nowhere", "counterpart_field": "statistics", "sessions": 2},
    ]
    job = run_import(ministry, jsonl(rows), what=services.OPPORTUNITIES)
    assert job.result["imported"] == 2, job.result
    assert {r["line"]: r["field"] for r in job.result["rejections"]} == {
        3: "sessions", 4: "mentee_type", 5: "counterpart_countries"}
    postings = {p.title: p for p in db.session.scalars(select(Opportunity))}
    assert postings["Mentors for AKSHI"].sessions == 8 and postings["Mentors for AKSHI"].mentee_type == "civil_servant"
    assert postings["INSTAT-ISTAT"].counterpart_countries == ["IT"] and postings["INSTAT-ISTAT"].sessions == 4


def test_mentors_import_with_their_employer(app, db, officer):
    job = run_import(officer, jsonl([profile(1, roles=["mentor"], employer="Comune di Bologna"),
                                     profile(2, roles=["mentor", "volunteer"])]))
    assert job.result["imported"] == 1 and job.result["rejections"][0]["field"].startswith("roles")
    mentor = db.session.scalar(select(MemberProfile))
    assert mentor.roles == ["mentor"] and mentor.employer == "Comune di Bologna"
