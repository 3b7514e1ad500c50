"""Lists, searches and exports return no row the caller may not see (ASVS V8 object and row level).

The world plants two of everything (members, agents, institutions); each test looks for the other
party's unique markers in pages, API lists and the content of exported files, and finds none.
"""
from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from diaspora import privacy
from diaspora.extensions import db
from diaspora.members import services as members
from diaspora.members.models import MemberProfile
from diaspora.tokens.services import create_token
from tests import factories
from tests.factories import PASSWORD
from tests.security.world import AGENT, MARKERS


def session_client(app, user):
    client = app.test_client()
    assert client.post("/auth/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def text_of(client, url: str, method: str = "GET") -> str:
    response = client.open(url, method=method)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def api(app, user):
    headers = {"Authorization": f"Bearer {create_token(user, 'rows')[1]}"}
    db.session.commit()
    client = app.test_client()
    return lambda url: client.get(url, headers=headers)


def test_member_pages_show_only_their_own_rows(app, world):
    users, w = world
    client = session_client(app, users["M"])
    others = (MARKERS.other, MARKERS.other_company, MARKERS.other_realised, "other member&#39;s token",
              "other member's token")
    pages = {url: text_of(client, url) for url in ("/members/", "/members/profile", "/members/opportunities",
                                                   "/investments/", "/investments/leads", "/investments/rewards",
                                                   "/notifications/", "/tokens/", "/jobs/")}
    pages["my data"] = text_of(client, "/members/data", "POST")
    for url, page in pages.items():
        leaked = [marker for marker in others if marker in page]
        assert leaked == [], f"{url} shows {leaked}"
    assert MARKERS.company in pages["/investments/leads"] and MARKERS.realised in pages["/investments/rewards"]
    assert f"/members/placements/{w.placement}" in pages["/members/opportunities"]
    assert f"/members/placements/{w.other_placement}" not in pages["/members/opportunities"]
    assert f"/jobs/{w.job}" not in pages["/jobs/"]
    data = json.loads(pages["my data"])
    assert MARKERS.realised in json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("own, other", [("F", "f"), ("f", "F")])
def test_focal_point_sees_only_candidates_and_placements_of_their_institution(app, world, own, other):
    users, w = world
    rows = {"F": (MARKERS.member, w.placement), "f": (MARKERS.other, w.other_placement)}
    mine, theirs = rows[own], rows[other]
    client = session_client(app, users[own])
    page = text_of(client, "/ministries/candidates")
    assert mine[0] in page and theirs[0] not in page
    assert f"/ministries/placements/{mine[1]}" in page and f"/ministries/placements/{theirs[1]}" not in page
    assert (MARKERS.draft in text_of(client, "/ministries/")) is (own == "f")  # f's own draft


def test_api_lists_hold_only_the_callers_rows(app, world):
    users, w = world
    as_member, as_other = api(app, users["M"]), api(app, users["m"])
    as_focal, as_other_focal = api(app, users["F"]), api(app, users["f"])
    ids = lambda response: {item["id"] for item in response.json["items"]}  # noqa: E731
    assert ids(as_member("/api/v1/placements")) == {w.placement, w.field_placement}
    assert ids(as_other("/api/v1/placements")) == {w.other_placement}
    assert ids(as_focal("/api/v1/placements")) == {w.placement, w.field_placement}
    assert ids(as_other_focal("/api/v1/placements")) == {w.other_placement}
    member_leads = as_member("/api/v1/leads").json["items"]
    assert member_leads and {lead["company"] for lead in member_leads} == {MARKERS.company, MARKERS.realised}
    assert ids(as_member("/api/v1/rewards")) == {w.reward} and ids(as_other("/api/v1/rewards")) == {w.other_reward}
    for client, may_see_draft in ((as_member, False), (as_focal, False), (as_other_focal, True)):
        titles = {o["title"] for o in client("/api/v1/opportunities?per_page=100").json["items"]}
        assert (MARKERS.draft in titles) is may_see_draft
    for client in (as_member, as_other_focal):
        assert client(f"/api/v1/jobs/{w.job}").status_code == 404
        assert client(f"/api/v1/jobs/{w.job}/files/{w.job_file}").status_code == 404


def test_ministry_export_file_holds_only_its_own_postings(app, world):
    users, w = world
    client = session_client(app, users["F"])
    response = client.get(f"/jobs/{w.job}/files/{w.job_file}")
    content = response.get_data(as_text=True)
    response.close()
    titles = {json.loads(line)["title"] for line in content.splitlines()}
    assert MARKERS.posting in titles and MARKERS.other_posting not in titles and MARKERS.draft not in titles


def _csv_text(response) -> str:
    assert response.status_code == 200
    return "\n".join(",".join(row) for row in csv.reader(io.StringIO(response.get_data(as_text=True))))


def _xlsx_text(response) -> str:
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    return "\n".join(",".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True))


def test_people_who_left_matching_appear_in_no_review_list_or_export(app, world):
    """A member who withdrew consent, and an erased one, are in no officer list, API search or export."""
    users, w = world
    withdrawn = factories.make_member(full_name="Zana Tërhequr", **AGENT)
    erased = factories.make_member(full_name="Erjon Fshirë", **AGENT)
    members.withdraw_consent(withdrawn.user)
    privacy.erase_user(erased.user, actor=erased.user)
    db.session.commit()
    gone = {withdrawn.id, erased.id}
    officer = session_client(app, users["O"])
    review = text_of(officer, f"/officers/opportunities/{w.fellowship}")
    assert MARKERS.member in review and "Zana" not in review
    as_officer = api(app, users["O"])
    matches = as_officer(f"/api/v1/opportunities/{w.fellowship}/matches?per_page=100").json["items"]
    assert matches and not {m["profile_id"] for m in matches} & gone
    listed = as_officer("/api/v1/profiles?per_page=100").json["items"]
    assert listed and not {int(p["id"]) for p in listed} & gone
    for fmt, read in (("csv", _csv_text), ("xlsx", _xlsx_text)):
        exported = read(officer.get(f"/reports/export/profiles.{fmt}"))
        assert MARKERS.member in exported and "Zana" not in exported and "Erjon" not in exported
        assert f"\n{erased.id}," not in exported
    job = api_export_profiles(app, users["O"])
    assert MARKERS.member in job and "Zana" not in job
    assert db.session.get(MemberProfile, withdrawn.id).full_name == "Zana Tërhequr"  # kept, only not processed


def api_export_profiles(app, officer) -> str:
    headers = {"Authorization": f"Bearer {create_token(officer, 'export')[1]}"}
    db.session.commit()
    client = app.test_client()
    job = client.post("/api/v1/profiles/export", headers=headers).json
    assert job["status"] == "done", job
    name = job["result"]["files"][0]["name"]
    response = client.get(f"/api/v1/jobs/{job['id']}/files/{name}", headers=headers)
    content = response.get_data(as_text=True)
    response.close()
    return content


def test_report_exports_are_staff_only_and_profiles_officers_only(app, world):
    users, _w = world
    admin = session_client(app, users["X"])
    for fmt in ("csv", "xlsx"):
        assert admin.get(f"/reports/export/profiles.{fmt}").status_code == 403
        assert MARKERS.realised in (_csv_text if fmt == "csv" else _xlsx_text)(
            admin.get(f"/reports/export/rewards.{fmt}"))
    for role in "MmFf":
        client = session_client(app, users[role])
        for dataset in ("placements", "engagements", "investments", "rewards", "profiles"):
            assert client.get(f"/reports/export/{dataset}.csv").status_code == 403
