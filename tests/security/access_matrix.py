"""Who may do what: every route × every role × method, with the expected outcome.

Roles, in column order:
  A  anonymous            M  member (owns the member objects)     m  another member
  F  focal point of the institution owning the postings           f  focal point of another institution
  O  program officer      X  administrator
Outcomes: o = allowed (the view ran: 2xx, a redirect elsewhere than the login page, or a
validation answer such as 400/409/422); l = sent to the login page; d = 403; h = 404;
r = refused either way (403 or 404).

Each entry maps (endpoint, method) to (url builder, "AMmFfOX"). The test fails for any route
of the app missing here, so a new route cannot ship without its row.
"""
from __future__ import annotations

ROLES = "AMmFfOX"

ROUTES: dict[tuple[str, str], tuple] = {
    # public pages
    ("main.index", "GET"): (lambda w: "/", "ooooooo"),
    ("main.opportunities", "GET"): (lambda w: "/opportunities", "ooooooo"),
    ("main.opportunity", "GET"): (lambda w: f"/opportunities/{w.fellowship}", "ooooooo"),
    ("main.privacy", "GET"): (lambda w: "/privacy", "ooooooo"),
    ("main.set_language", "POST"): (lambda w: "/language/en", "ooooooo"),
    # accounts
    ("auth.register", "GET"): (lambda w: "/auth/register", "ooooooo"),
    ("auth.register", "POST"): (lambda w: "/auth/register", "ooooooo"),
    ("auth.login", "GET"): (lambda w: "/auth/login", "ooooooo"),
    ("auth.login", "POST"): (lambda w: "/auth/login", "ooooooo"),
    ("auth.logout", "POST"): (lambda w: "/auth/logout", "loooooo"),
    ("auth.change_password", "GET"): (lambda w: "/auth/password", "loooooo"),
    ("auth.change_password", "POST"): (lambda w: "/auth/password", "loooooo"),
    ("auth.request_reset", "GET"): (lambda w: "/auth/reset", "ooooooo"),
    ("auth.request_reset", "POST"): (lambda w: "/auth/reset", "ooooooo"),
    ("auth.reset", "GET"): (lambda w: "/auth/reset/not-a-token", "ooooooo"),
    ("auth.reset", "POST"): (lambda w: "/auth/reset/not-a-token", "ooooooo"),
    ("auth.verify", "GET"): (lambda w: "/auth/verify/not-a-token", "ooooooo"),
    # An invalid link sends everyone to the login page to ask for a new one.
    ("auth.verify", "POST"): (lambda w: "/auth/verify/not-a-token", "lllllll"),
    ("auth.resend_verification", "POST"): (lambda w: "/auth/verify/resend", "loooooo"),
    # members' own pages
    ("members.dashboard", "GET"): (lambda w: "/members/", "loodddd"),
    ("members.profile", "GET"): (lambda w: "/members/profile", "loodddd"),
    ("members.edit_profile", "GET"): (lambda w: "/members/profile/edit", "loodddd"),
    ("members.edit_profile", "POST"): (lambda w: "/members/profile/edit", "loodddd"),
    ("members.privacy_page", "GET"): (lambda w: "/members/privacy", "loodddd"),
    ("members.withdraw_consent", "POST"): (lambda w: "/members/consent/withdraw", "loodddd"),
    ("members.download_data", "POST"): (lambda w: "/members/data", "loodddd"),
    ("members.erase", "POST"): (lambda w: "/members/erase", "loodddd"),
    # CVs: the member, officers and admins only
    ("cv.index", "GET"): (lambda w: "/cv/", "loodddd"),
    ("cv.upload", "POST"): (lambda w: "/cv/upload", "loodddd"),
    ("cv.suggestions", "POST"): (lambda w: "/cv/suggestions", "lohdddd"),
    ("cv.download", "GET"): (lambda w: f"/cv/{w.member_user}/file", "lohhhoo"),
    # ministries: their own institution's postings only
    ("ministries.index", "GET"): (lambda w: "/ministries/", "lddoodd"),
    ("ministries.new", "GET"): (lambda w: "/ministries/new/fellowship", "lddoodd"),
    ("ministries.new", "POST"): (lambda w: "/ministries/new/fellowship", "lddoodd"),
    ("ministries.show", "GET"): (lambda w: f"/ministries/{w.fellowship}", "lddohdd"),
    ("ministries.edit", "GET"): (lambda w: f"/ministries/{w.fellowship}/edit", "lddohdd"),
    ("ministries.edit", "POST"): (lambda w: f"/ministries/{w.fellowship}/edit", "lddohdd"),
    ("ministries.open_posting", "POST"): (lambda w: f"/ministries/{w.fellowship}/open", "lddohdd"),
    ("ministries.close_posting", "POST"): (lambda w: f"/ministries/{w.draft}/close", "lddohdd"),
    # notifications: everyone logged in, their own only
    ("notifications.index", "GET"): (lambda w: "/notifications/", "loooooo"),
    ("notifications.mark_read", "POST"): (lambda w: "/notifications/read", "loooooo"),
    ("notifications.preferences", "POST"): (lambda w: "/notifications/preferences", "loooooo"),
    # officers: match review, decisions, placements, allocation, learning (placement 999999 does not exist)
    ("officers.index", "GET"): (lambda w: "/officers/", "lddddod"),
    ("officers.opportunity", "GET"): (lambda w: f"/officers/opportunities/{w.fellowship}", "lddddod"),
    # The member withdrew consent earlier in the walk (column M): they left matching, so 404 for the officer.
    ("officers.candidate", "GET"): (
        lambda w: f"/officers/opportunities/{w.fellowship}/candidates/{w.member_profile}", "lddddhd"),
    ("officers.decide", "POST"): (
        lambda w: f"/officers/opportunities/{w.fellowship}/candidates/{w.member_profile}/decide", "lddddhd"),
    ("officers.member", "GET"): (lambda w: f"/officers/members/{w.member_profile}", "lddddod"),
    ("officers.allocation_page", "GET"): (lambda w: "/officers/allocation", "lddddod"),
    ("officers.allocation_apply", "POST"): (lambda w: "/officers/allocation/apply", "lddddod"),
    ("officers.learning_page", "GET"): (lambda w: "/officers/learning", "lddddod"),
    ("officers.retrain", "POST"): (lambda w: "/officers/learning/retrain", "lddddod"),
    ("officers.placements_list", "GET"): (lambda w: "/officers/placements", "lddddod"),
    ("officers.placement", "GET"): (lambda w: "/officers/placements/999999", "lddddhd"),
    ("officers.placement_status", "POST"): (lambda w: "/officers/placements/999999/status", "lddddhd"),
    ("officers.placement_report", "POST"): (lambda w: "/officers/placements/999999/report", "lddddhd"),
    ("officers.placement_evaluation", "POST"): (lambda w: "/officers/placements/999999/evaluation", "lddddhd"),
    # ministries see a candidate only once proposed for their own posting (none is, here)
    ("ministries.candidates", "GET"): (lambda w: "/ministries/candidates", "lddoodd"),
    ("ministries.candidate", "GET"): (lambda w: f"/ministries/candidates/{w.fellowship}/{w.member_profile}", "lddhhdd"),
    ("ministries.decide_candidate", "POST"): (
        lambda w: f"/ministries/candidates/{w.fellowship}/{w.member_profile}/decide", "lddhhdd"),
    ("ministries.placement", "GET"): (lambda w: "/ministries/placements/999999", "lddhhdd"),
    # members' opportunities, interest and placements
    ("members.my_opportunities", "GET"): (lambda w: "/members/opportunities", "loodddd"),
    ("members.state_interest", "POST"): (lambda w: f"/members/opportunities/{w.fellowship}/interest", "loodddd"),
    ("members.my_placement", "GET"): (lambda w: "/members/placements/999999", "lhhdddd"),
    ("members.my_placement", "POST"): (lambda w: "/members/placements/999999", "lhhdddd"),
    # Development Agents: their own certification, leads and rewards (another agent's lead answers 404)
    ("investments.index", "GET"): (lambda w: "/investments/", "loodddd"),
    ("investments.apply", "POST"): (lambda w: "/investments/apply", "loodddd"),
    ("investments.my_leads", "GET"): (lambda w: "/investments/leads", "loodddd"),
    ("investments.new_lead", "GET"): (lambda w: "/investments/leads/new", "loodddd"),
    ("investments.new_lead", "POST"): (lambda w: "/investments/leads/new", "loodddd"),
    ("investments.lead", "GET"): (lambda w: "/investments/leads/999999", "lhhddhd"),
    ("investments.move_stage", "POST"): (lambda w: "/investments/leads/999999/stage", "lhhddhd"),
    ("investments.my_rewards", "GET"): (lambda w: "/investments/rewards", "loodddd"),
    # program officers: certification queue, pipeline, claim disputes, reward ledger
    ("investments.queue", "GET"): (lambda w: "/investments/queue", "lddddod"),
    ("investments.certify", "POST"): (lambda w: "/investments/applications/999999/certify", "lddddhd"),
    ("investments.refuse", "POST"): (lambda w: "/investments/applications/999999/refuse", "lddddod"),
    ("investments.pipeline", "GET"): (lambda w: "/investments/pipeline", "lddddod"),
    ("investments.disputes", "GET"): (lambda w: "/investments/disputes", "lddddod"),
    ("investments.resolve", "POST"): (lambda w: "/investments/disputes/999999/resolve", "lddddod"),
    ("investments.rewards_ledger", "GET"): (lambda w: "/investments/ledger", "lddddod"),
    ("investments.approve_reward", "POST"): (lambda w: "/investments/rewards/999999/approve", "lddddhd"),
    ("investments.pay_reward", "POST"): (lambda w: "/investments/rewards/999999/paid", "lddddhd"),
    # reports: officers and administrators (the profiles export: officers only, tested in tests/reports)
    ("reports.dashboard", "GET"): (lambda w: "/reports/", "lddddoo"),
    ("reports.export", "GET"): (lambda w: "/reports/export/investments.csv", "lddddoo"),
    # API tokens, jobs (job 999999 does not exist), bulk import/export (profiles: officers and admins)
    ("tokens.index", "GET"): (lambda w: "/tokens/", "loooooo"),
    ("tokens.index", "POST"): (lambda w: "/tokens/", "loooooo"),
    ("tokens.revoke", "POST"): (lambda w: "/tokens/999999/revoke", "lhhhhhh"),
    ("jobs.index", "GET"): (lambda w: "/jobs/", "loooooo"),
    ("jobs.show", "GET"): (lambda w: "/jobs/999999", "lhhhhhh"),
    ("jobs.status", "GET"): (lambda w: "/jobs/999999/status", "lhhhhhh"),
    ("jobs.cancel", "POST"): (lambda w: "/jobs/999999/cancel", "lhhhhhh"),
    ("jobs.download", "GET"): (lambda w: "/jobs/999999/files/rejected.csv", "lhhhhhh"),
    ("bulk.index", "GET"): (lambda w: "/bulk/", "lddoooo"),
    ("bulk.start_import", "POST"): (lambda w: "/bulk/profiles/import", "lddhhoo"),
    ("bulk.start_export", "POST"): (lambda w: "/bulk/profiles/export", "lddhhoo"),
    # JSON API: a session cookie never authenticates it, so every role gets 401 ("o"); tokens: tests/api.
    ("openapi.spec", "GET"): (lambda w: "/api/v1/openapi.json", "ooooooo"),
    ("api.docs", "GET"): (lambda w: "/api/v1/docs", "ooooooo"),
    ("api.get_own_profile", "GET"): (lambda w: "/api/v1/profile", "ooooooo"),
    ("api.put_own_profile", "PUT"): (lambda w: "/api/v1/profile", "ooooooo"),
    ("api.list_profiles", "GET"): (lambda w: "/api/v1/profiles", "ooooooo"),
    ("api.get_profile", "GET"): (lambda w: f"/api/v1/profiles/{w.member_profile}", "ooooooo"),
    ("api.list_opportunities", "GET"): (lambda w: "/api/v1/opportunities", "ooooooo"),
    ("api.create_opportunity", "POST"): (lambda w: "/api/v1/opportunities", "ooooooo"),
    ("api.get_opportunity", "GET"): (lambda w: f"/api/v1/opportunities/{w.fellowship}", "ooooooo"),
    ("api.update_opportunity", "PATCH"): (lambda w: f"/api/v1/opportunities/{w.fellowship}", "ooooooo"),
    ("api.open_opportunity", "POST"): (lambda w: f"/api/v1/opportunities/{w.draft}/open", "ooooooo"),
    ("api.close_opportunity", "POST"): (lambda w: f"/api/v1/opportunities/{w.draft}/close", "ooooooo"),
    ("api.get_job", "GET"): (lambda w: "/api/v1/jobs/999999", "ooooooo"),
    ("api.cancel_job", "POST"): (lambda w: "/api/v1/jobs/999999/cancel", "ooooooo"),
    ("api.get_job_file", "GET"): (lambda w: "/api/v1/jobs/999999/files/rejected.csv", "ooooooo"),
    ("api.import_records", "POST"): (lambda w: "/api/v1/profiles/import", "ooooooo"),
    ("api.export_records", "POST"): (lambda w: "/api/v1/profiles/export", "ooooooo"),
    ("api.list_matches", "GET"): (lambda w: f"/api/v1/opportunities/{w.fellowship}/matches", "ooooooo"),
    ("api.list_decisions", "GET"): (lambda w: f"/api/v1/opportunities/{w.fellowship}/decisions", "ooooooo"),
    ("api.list_placements", "GET"): (lambda w: "/api/v1/placements", "ooooooo"),
    ("api.get_placement", "GET"): (lambda w: "/api/v1/placements/999999", "ooooooo"),
    ("api.list_leads", "GET"): (lambda w: "/api/v1/leads", "ooooooo"),
    ("api.get_lead", "GET"): (lambda w: "/api/v1/leads/999999", "ooooooo"),
    ("api.list_rewards", "GET"): (lambda w: "/api/v1/rewards", "ooooooo"),
    # administration
    ("admin.users", "GET"): (lambda w: "/admin/users", "ldddddo"),
    ("admin.users", "POST"): (lambda w: "/admin/users", "ldddddo"),
    ("admin.set_active", "POST"): (lambda w: f"/admin/users/{w.spare_user}/active", "ldddddo"),
    ("admin.institutions", "GET"): (lambda w: "/admin/institutions", "ldddddo"),
    ("admin.institutions", "POST"): (lambda w: "/admin/institutions", "ldddddo"),
}

# Requests after which the client must log in again (they end the session).
ENDS_SESSION = {("auth.logout", "POST")}
