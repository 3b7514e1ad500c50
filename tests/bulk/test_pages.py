"""The import and export pages start jobs and send the person to the job's progress page."""
from __future__ import annotations

import io

from diaspora.auth.models import Role
from tests.bulk.rosters import jsonl, profile


def test_officer_imports_through_the_page(app, db, client, login, make_user):
    officer = make_user(Role.OFFICER)
    login(officer)
    page = client.get("/bulk/")
    assert page.status_code == 200 and b"import-profiles-file" in page.data
    response = client.post("/bulk/profiles/import", content_type="multipart/form-data", data={
        "import-profiles-file": (io.BytesIO(jsonl([profile(1), profile(2, country="XX")])), "roster.jsonl"),
        "import-profiles-confirm_consent": "y"})
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job_page = client.get(response.headers["Location"])
    assert job_page.status_code == 200 and b"rejected.csv" in job_page.data and b"country" in job_page.data


def test_missing_consent_confirmation_keeps_the_form(app, db, client, login, make_user):
    login(make_user(Role.OFFICER))
    response = client.post("/bulk/profiles/import", content_type="multipart/form-data", data={
        "import-profiles-file": (io.BytesIO(jsonl([profile(1)])), "roster.jsonl")})
    assert response.status_code == 422


def test_ministry_sees_postings_only_and_members_nothing(app, db, client, login, make_user, make_member):
    login(make_user(Role.MINISTRY))
    page = client.get("/bulk/")
    assert b"import-opportunities-file" in page.data and b"import-profiles-file" not in page.data
    assert client.post("/bulk/profiles/export").status_code == 404
    export = client.post("/bulk/opportunities/export", data={"export-opportunities-format": "csv"})
    assert export.status_code == 302
    client.post("/auth/logout")
    login(make_member().user)
    assert client.get("/bulk/").status_code == 403
