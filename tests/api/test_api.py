"""The JSON API keeps the web pages' role and ownership rules and answers errors as JSON."""
from __future__ import annotations

import io

from diaspora.auth.models import Role
from diaspora.opportunities.models import OpportunityStatus
from tests.bulk.rosters import jsonl, profile

PROFILE = {
    "roles": ["expert"], "full_name": "Arta Hoxha", "country": "IT", "city": "Milano",
    "languages": {"sq": "C2", "en": "B2"}, "years_experience": 8, "skills": ["public procurement"],
    "acquis_chapters": [5], "consent": True,
}
FELLOWSHIP = {"kind": "fellowship", "title": "Statistics expert", "description": "Help INSTAT.",
              "acquis_chapters": [18], "languages": {"sq": "B2"}, "start": "2027-03-01", "end": "2027-12-31"}


def test_spec_and_docs_are_served_without_cdn(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200 and spec.json["openapi"].startswith("3.")
    assert "/api/v1/profile" in spec.json["paths"] and "BearerAuth" in spec.json["components"]["securitySchemes"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"/static/vendor/swagger-ui-5.17.14/swagger-ui-bundle.js" in docs.data
    assert b"<script>" not in docs.data and b"cdn" not in docs.data.lower()


def test_member_creates_reads_and_updates_own_profile(app, client, make_user, bearer):
    member = make_user(Role.MEMBER)
    headers = bearer(member)
    assert client.get("/api/v1/profile", headers=headers).status_code == 404
    created = client.put("/api/v1/profile", headers=headers, json=PROFILE)
    assert created.status_code == 200, created.json
    body = created.json
    assert body["full_name"] == "Arta Hoxha" and body["consent"] is True and body["email"] == member.email
    changed = client.put("/api/v1/profile", headers=headers, json={**PROFILE, "city": "Torino",
                                                                   "version": body["version"]})
    assert changed.status_code == 200 and changed.json["city"] == "Torino"
    stale = client.put("/api/v1/profile", headers=headers, json={**PROFILE, "version": body["version"]})
    assert stale.status_code == 409 and stale.json["status"] == 409


def test_profile_validation_errors_are_json_422(app, client, make_user, bearer):
    headers = bearer(make_user(Role.MEMBER))
    for body in ({**PROFILE, "country": "XX"}, {**PROFILE, "consent": False}, {**PROFILE, "role": "admin"},
                 {**PROFILE, "roles": ["development_agent"]}, {**PROFILE, "years_experience": -1}):
        response = client.put("/api/v1/profile", headers=headers, json=body)
        assert response.status_code == 422, (body, response.json)
        assert response.is_json and response.json["status"] == 422
    assert client.put("/api/v1/profile", headers=headers, data="{", content_type="application/json").is_json


def test_wrong_role_gets_403(app, client, make_user, make_member, bearer):
    member_headers = bearer(make_member().user)
    ministry_headers = bearer(make_user(Role.MINISTRY))
    assert client.get("/api/v1/profiles", headers=member_headers).status_code == 403
    assert client.get("/api/v1/profile", headers=ministry_headers).status_code == 403
    assert client.post("/api/v1/opportunities", headers=member_headers, json=FELLOWSHIP).status_code == 403
    response = client.post("/api/v1/profiles/import", headers=ministry_headers,
                           data={"file": (io.BytesIO(jsonl([profile(1)])), "p.jsonl"), "confirm_consent": "true"})
    assert response.status_code == 403 and response.json["status"] == 403


def test_other_members_profile_is_404_officers_see_it(app, client, make_user, make_member, bearer):
    mine, other = make_member(), make_member(full_name="Besa Dema")
    assert client.get(f"/api/v1/profiles/{mine.id}", headers=bearer(mine.user)).status_code == 200
    assert client.get(f"/api/v1/profiles/{other.id}", headers=bearer(mine.user)).status_code == 404
    assert client.get(f"/api/v1/profiles/{other.id}", headers=bearer(make_user(Role.MINISTRY))).status_code == 404
    officer = bearer(make_user(Role.OFFICER))
    assert client.get(f"/api/v1/profiles/{other.id}", headers=officer).json["full_name"] == "Besa Dema"


def test_officers_list_profiles_with_filters_and_pages(app, client, make_user, make_member, bearer):
    for n in range(5):
        make_member(full_name=f"Expert {n}", country="DE" if n % 2 else "IT", acquis_chapters=[n + 1])
    headers = bearer(make_user(Role.OFFICER))
    page = client.get("/api/v1/profiles?per_page=2&page=2", headers=headers).json
    assert page["total"] == 5 and len(page["items"]) == 2 and page["page"] == 2
    assert client.get("/api/v1/profiles?country=DE", headers=headers).json["total"] == 2
    assert client.get("/api/v1/profiles?chapter=3", headers=headers).json["items"][0]["full_name"] == "Expert 2"
    assert client.get("/api/v1/profiles?q=expert%203", headers=headers).json["total"] == 1
    assert client.get("/api/v1/profiles?per_page=1000", headers=headers).status_code == 422


def test_ministry_posts_edits_opens_and_closes_own_postings(app, client, make_user, bearer):
    headers = bearer(make_user(Role.MINISTRY))
    created = client.post("/api/v1/opportunities", headers=headers, json=FELLOWSHIP)
    assert created.status_code == 201 and created.json["status"] == "draft"
    oid = created.json["id"]
    patched = client.patch(f"/api/v1/opportunities/{oid}", headers=headers,
                           json={"title": "Senior statistics expert", "version": created.json["version"]})
    assert patched.status_code == 200 and patched.json["title"] == "Senior statistics expert"
    assert client.patch(f"/api/v1/opportunities/{oid}", headers=headers, json={"sector": "x"}).status_code == 422
    assert client.post(f"/api/v1/opportunities/{oid}/open", headers=headers).json["status"] == "open"
    assert client.post(f"/api/v1/opportunities/{oid}/close", headers=headers).json["status"] == "closed"


def test_the_api_refuses_a_past_deadline(client, make_user, bearer):
    body = {"kind": "fellowship", "title": "Statistics", "acquis_chapters": [18], "deadline": "1900-01-01"}
    response = client.post("/api/v1/opportunities", headers=bearer(make_user(Role.MINISTRY)), json=body)
    assert response.status_code == 422 and "deadline" in response.get_data(as_text=True)


def test_ministry_cannot_touch_another_institutions_posting(app, client, make_user, make_fellowship, bearer):
    theirs = make_fellowship(status=OpportunityStatus.DRAFT)
    headers = bearer(make_user(Role.MINISTRY))
    assert client.get(f"/api/v1/opportunities/{theirs.id}", headers=headers).status_code == 404
    assert client.patch(f"/api/v1/opportunities/{theirs.id}", headers=headers,
                        json={"title": "Hijacked"}).status_code == 404
    assert client.post(f"/api/v1/opportunities/{theirs.id}/open", headers=headers).status_code == 404


def test_everyone_reads_open_postings_only(app, client, make_member, make_fellowship, make_user, bearer):
    open_one = make_fellowship()
    draft = make_fellowship(status=OpportunityStatus.DRAFT)
    headers = bearer(make_member().user)
    listing = client.get("/api/v1/opportunities", headers=headers).json
    assert [item["id"] for item in listing["items"]] == [str(open_one.id)]
    assert client.get(f"/api/v1/opportunities/{draft.id}", headers=headers).status_code == 404
    staff = bearer(make_user(Role.OFFICER))
    assert client.get("/api/v1/opportunities?status=draft", headers=staff).json["total"] == 1


def test_import_and_export_through_the_api(app, client, make_user, bearer):
    officer = make_user(Role.OFFICER)
    headers = bearer(officer)
    started = client.post("/api/v1/profiles/import", headers=headers, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(jsonl([profile(1), profile(2, country="XX")])), "p.jsonl"),
                                "confirm_consent": "true"})
    assert started.status_code == 202, started.json
    job = client.get(f"/api/v1/jobs/{started.json['id']}", headers=headers).json
    assert job["status"] == "done" and job["result"]["imported"] == 1 and job["result"]["rejected"] == 1
    with client.get(f"/api/v1/jobs/{job['id']}/files/rejected.csv", headers=headers) as report:
        assert report.status_code == 200 and b"country" in report.data
    exported = client.post("/api/v1/profiles/export?format=csv", headers=headers)
    assert exported.status_code == 202
    name = exported.json["result"]["files"][0]["name"]
    with client.get(f"/api/v1/jobs/{exported.json['id']}/files/{name}", headers=headers) as download:
        assert download.data.startswith(b"id,email,roles")
    other = bearer(make_user(Role.OFFICER))
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=other).status_code == 404
    missing_consent = client.post("/api/v1/profiles/import", headers=headers, content_type="multipart/form-data",
                                  data={"file": (io.BytesIO(jsonl([profile(3)])), "p.jsonl")})
    assert missing_consent.status_code == 422
