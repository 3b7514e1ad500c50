"""Programme reads through the API keep the services' access rules."""
from __future__ import annotations

from diaspora.auth.models import Role
from diaspora.opportunities.models import OpportunityStatus


def test_officers_see_ranked_candidates_others_do_not(app, client, make_user, make_member, make_fellowship, bearer):
    fellowship = make_fellowship()
    member = make_member()
    officer = bearer(make_user(Role.OFFICER))
    page = client.get(f"/api/v1/opportunities/{fellowship.id}/matches", headers=officer)
    assert page.status_code == 200, page.json
    assert page.json["total"] == 1 and page.json["items"][0]["profile_id"] == member.id
    assert 0 <= page.json["items"][0]["score"] <= 100
    assert client.get(f"/api/v1/opportunities/{fellowship.id}/decisions", headers=officer).json == {"items": []}
    for role in (Role.MINISTRY, Role.ADMIN):
        assert client.get(f"/api/v1/opportunities/{fellowship.id}/matches",
                          headers=bearer(make_user(role))).status_code == 403
    assert client.get(f"/api/v1/opportunities/{fellowship.id}/matches",
                      headers=bearer(member.user)).status_code == 403
    draft = make_fellowship(status=OpportunityStatus.DRAFT)
    assert client.get(f"/api/v1/opportunities/{draft.id}/matches", headers=officer).status_code == 404


def test_placements_leads_and_rewards_by_role(app, client, make_user, make_member, bearer):
    member = bearer(make_member().user)
    officer = bearer(make_user(Role.OFFICER))
    ministry = bearer(make_user(Role.MINISTRY))
    for headers in (member, officer, ministry):
        assert client.get("/api/v1/placements", headers=headers).json == {"items": []}
    assert client.get("/api/v1/placements", headers=bearer(make_user(Role.ADMIN))).status_code == 403
    assert client.get("/api/v1/placements/1", headers=member).status_code == 404
    for path in ("/api/v1/leads", "/api/v1/rewards"):
        assert client.get(path, headers=member).json == {"items": []}
        assert client.get(path, headers=officer).status_code == 200
        assert client.get(path, headers=ministry).status_code == 403
    assert client.get("/api/v1/leads/1", headers=member).status_code == 404
