"""Who may do what: every route × every role × method, with the expected outcome.

Roles, in column order:
  A  anonymous            M  member (owns the member objects)     m  another member
  F  focal point of the institution owning the postings           f  focal point of another institution
  O  program officer      X  administrator
Outcomes: o = allowed (the view ran: 2xx, a redirect elsewhere than the login page, or a
validation answer such as 400/409/413/422); l = sent to the login page; u = 401 (the API without
a valid bearer token); d = 403; h = 404; r = refused either way (403 or 404).

Objects come from tests/security/world.py: M owns the profile, CV, placement, engagement, lead and
reward aimed at; the fellowship, draft, placement and engagement belong to F's institution; the job is F's.

ROUTES maps each web (endpoint, method) to (url builder, "AMmFfOX"), walked with a session
cookie. API_ROUTES does the same for /api/v1, walked with each role's personal bearer token
(anonymous sends none); its builder returns (url, request keyword arguments). The test fails for
any route of the app missing from both, so a new route cannot ship without its row.
"""
from __future__ import annotations

import io

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
    # officers: match review, decisions, placements (M's placement at F's institution), allocation, learning
    ("officers.index", "GET"): (lambda w: "/officers/", "lddddod"),
    ("officers.opportunity", "GET"): (lambda w: f"/officers/opportunities/{w.fellowship}", "lddddod"),
    # The member withdrew consent earlier in the walk (column M): they left matching, so 404 for the officer.
    ("officers.candidate", "GET"): (
        lambda w: f"/officers/opportunities/{w.fellowship}/candidates/{w.member_profile}", "lddddhd"),
    ("officers.decide", "POST"): (
        lambda w: f"/officers/opportunities/{w.fellowship}/candidates/{w.member_profile}/decide", "lddddhd"),
    ("officers.invite", "POST"): (
        lambda w: f"/officers/opportunities/{w.fellowship}/candidates/{w.member_profile}/invite", "lddddhd"),
    ("officers.member", "GET"): (lambda w: f"/officers/members/{w.member_profile}", "lddddod"),
    ("officers.allocation_page", "GET"): (lambda w: "/officers/allocation", "lddddod"),
    ("officers.allocation_apply", "POST"): (lambda w: "/officers/allocation/apply", "lddddod"),
    ("officers.learning_page", "GET"): (lambda w: "/officers/learning", "lddddod"),
    ("officers.retrain", "POST"): (lambda w: "/officers/learning/retrain", "lddddod"),
    ("officers.rebuild_index", "POST"): (lambda w: "/officers/learning/rebuild-index", "lddddoo"),
    ("officers.placements_list", "GET"): (lambda w: "/officers/placements", "lddddod"),
    ("officers.placement", "GET"): (lambda w: f"/officers/placements/{w.placement}", "lddddod"),
    ("officers.placement_status", "POST"): (lambda w: f"/officers/placements/{w.placement}/status", "lddddod"),
    ("officers.placement_report", "POST"): (lambda w: f"/officers/placements/{w.placement}/report", "lddddod"),
    ("officers.placement_evaluation", "POST"): (
        lambda w: f"/officers/placements/{w.placement}/evaluation", "lddddod"),
    # ministries see a candidate only once proposed for their own posting (none is, here)
    ("ministries.candidates", "GET"): (lambda w: "/ministries/candidates", "lddoodd"),
    ("ministries.candidate", "GET"): (lambda w: f"/ministries/candidates/{w.fellowship}/{w.member_profile}", "lddohdd"),
    ("ministries.decide_candidate", "POST"): (
        lambda w: f"/ministries/candidates/{w.fellowship}/{w.member_profile}/decide", "lddohdd"),
    ("ministries.placement", "GET"): (lambda w: f"/ministries/placements/{w.placement}", "lddohdd"),
    # M's engagement in F's mentorship: M, F and officers; the closing feedback is the two sides' only
    ("ministries.engagement", "GET"): (lambda w: f"/ministries/engagements/{w.engagement}", "lddohdd"),
    ("ministries.engagement_log", "POST"): (lambda w: f"/ministries/engagements/{w.engagement}/log", "lddohdd"),
    ("ministries.engagement_feedback", "POST"): (
        lambda w: f"/ministries/engagements/{w.engagement}/feedback", "lddohdd"),
    ("members.my_engagement", "GET"): (lambda w: f"/members/engagements/{w.engagement}", "lohdddd"),
    ("members.my_engagement_log", "POST"): (lambda w: f"/members/engagements/{w.engagement}/log", "lohdddd"),
    ("members.my_engagement_feedback", "POST"): (
        lambda w: f"/members/engagements/{w.engagement}/feedback", "lohdddd"),
    ("officers.engagements_list", "GET"): (lambda w: "/officers/engagements", "lddddod"),
    ("officers.engagement", "GET"): (lambda w: f"/officers/engagements/{w.engagement}", "lddddod"),
    ("officers.engagement_log", "POST"): (lambda w: f"/officers/engagements/{w.engagement}/log", "lddddod"),
    # members' opportunities, interest and placements
    ("members.my_opportunities", "GET"): (lambda w: "/members/opportunities", "loodddd"),
    ("members.state_interest", "POST"): (lambda w: f"/members/opportunities/{w.fellowship}/interest", "loodddd"),
    ("members.my_placement", "GET"): (lambda w: f"/members/placements/{w.placement}", "lohdddd"),
    ("members.my_placement", "POST"): (lambda w: f"/members/placements/{w.placement}", "lohdddd"),
    # field projects: M hands in the deliverable of their own placement, an officer accepts it
    ("members.hand_in_deliverable", "POST"): (
        lambda w: f"/members/placements/{w.field_placement}/deliverable", "lohdddd"),
    ("officers.accept_deliverable", "POST"): (
        lambda w: f"/officers/placements/{w.field_placement}/deliverable/accept", "lddddod"),
    # organisations: M is the contact person of one (m is no member of it); staff read them
    ("organisations.index", "GET"): (lambda w: "/organisations/", "looddoo"),
    ("organisations.register", "GET"): (lambda w: "/organisations/new", "loodddd"),
    ("organisations.register", "POST"): (lambda w: "/organisations/new", "loodddd"),
    ("organisations.show", "GET"): (lambda w: f"/organisations/{w.organisation}", "lohddoo"),
    ("organisations.edit", "GET"): (lambda w: f"/organisations/{w.organisation}/edit", "lohdddd"),
    ("organisations.edit", "POST"): (lambda w: f"/organisations/{w.organisation}/edit", "lohdddd"),
    ("organisations.add_member", "POST"): (lambda w: f"/organisations/{w.organisation}/members", "lohdddd"),
    ("organisations.remove_member", "POST"): (
        lambda w: f"/organisations/{w.organisation}/members/{w.partner_user}/remove", "lohdddd"),
    ("organisations.make_contact", "POST"): (
        lambda w: f"/organisations/{w.organisation}/members/{w.member_user}/contact", "lohdddd"),
    # local projects: calls and proposals (members), scores (officers), M's organisation's project at F's
    ("projects.index", "GET"): (lambda w: "/projects/", "loooood"),
    ("projects.propose", "GET"): (lambda w: f"/projects/calls/{w.call}/propose", "loodddd"),
    ("projects.propose", "POST"): (lambda w: f"/projects/calls/{w.call}/propose", "loodddd"),
    ("projects.score", "GET"): (lambda w: f"/projects/proposals/{w.proposal}/score", "lddddod"),
    ("projects.score", "POST"): (lambda w: f"/projects/proposals/{w.proposal}/score", "lddddod"),
    ("projects.project", "GET"): (lambda w: f"/projects/{w.project}", "lohohod"),
    ("projects.add_milestone", "POST"): (lambda w: f"/projects/{w.project}/milestones", "lohddod"),
    ("projects.milestone_done", "POST"): (
        lambda w: f"/projects/{w.project}/milestones/{w.milestone}/done", "lohddod"),
    ("projects.add_expense", "POST"): (lambda w: f"/projects/{w.project}/expenses", "lohddod"),
    ("projects.complete", "POST"): (lambda w: f"/projects/{w.project}/complete", "lddddod"),
    # Development Agents: their own certification, leads and rewards (M's lead: another agent gets 404)
    ("investments.index", "GET"): (lambda w: "/investments/", "loodddd"),
    ("investments.apply", "POST"): (lambda w: "/investments/apply", "loodddd"),
    ("investments.my_leads", "GET"): (lambda w: "/investments/leads", "loodddd"),
    ("investments.new_lead", "GET"): (lambda w: "/investments/leads/new", "loodddd"),
    ("investments.new_lead", "POST"): (lambda w: "/investments/leads/new", "loodddd"),
    ("investments.lead", "GET"): (lambda w: f"/investments/leads/{w.lead}", "lohddod"),
    ("investments.move_stage", "POST"): (lambda w: f"/investments/leads/{w.lead}/stage", "lohddod"),
    ("investments.my_rewards", "GET"): (lambda w: "/investments/rewards", "loodddd"),
    # certification documents: their applicant uploads them; M's document opens for M and officers only
    ("investments.upload_document", "POST"): (lambda w: "/investments/documents/identity", "loodddd"),
    ("investments.document_file", "GET"): (lambda w: f"/investments/documents/{w.document}/file", "lohddod"),
    # program officers: certification queue, pipeline, claim disputes, reward ledger
    ("investments.queue", "GET"): (lambda w: "/investments/queue", "lddddod"),
    ("investments.certify", "POST"): (lambda w: f"/investments/applications/{w.application}/certify", "lddddod"),
    ("investments.refuse", "POST"): (lambda w: f"/investments/applications/{w.application}/refuse", "lddddod"),
    ("investments.review_document", "POST"): (lambda w: f"/investments/documents/{w.applicant_document}/review",
                                              "lddddod"),
    ("investments.pipeline", "GET"): (lambda w: "/investments/pipeline", "lddddod"),
    ("investments.disputes", "GET"): (lambda w: "/investments/disputes", "lddddod"),
    ("investments.resolve", "POST"): (lambda w: f"/investments/disputes/{w.disputed}/resolve", "lddddod"),
    ("investments.rewards_ledger", "GET"): (lambda w: "/investments/ledger", "lddddod"),
    ("investments.approve_reward", "POST"): (lambda w: f"/investments/rewards/{w.reward}/approve", "lddddod"),
    ("investments.pay_reward", "POST"): (lambda w: f"/investments/rewards/{w.reward}/paid", "lddddod"),
    # reports: officers and administrators (the profiles export: officers only, tested in tests/reports)
    ("reports.dashboard", "GET"): (lambda w: "/reports/", "lddddoo"),
    ("reports.export", "GET"): (lambda w: "/reports/export/investments.csv", "lddddoo"),
    # skills supply against demand: counts only, for government staff (focal points: docs/supply-and-fairness.md)
    ("reports.supply", "GET"): (lambda w: "/reports/supply", "lddddoo"),
    # API tokens (M's), jobs (F's export: its owner and admins), bulk import/export (profiles: staff)
    ("tokens.index", "GET"): (lambda w: "/tokens/", "loooooo"),
    ("tokens.index", "POST"): (lambda w: "/tokens/", "loooooo"),
    ("tokens.revoke", "POST"): (lambda w: f"/tokens/{w.web_token}/revoke", "lohhhhh"),
    ("jobs.index", "GET"): (lambda w: "/jobs/", "loooooo"),
    ("jobs.show", "GET"): (lambda w: f"/jobs/{w.job}", "lhhohho"),
    ("jobs.status", "GET"): (lambda w: f"/jobs/{w.job}/status", "lhhohho"),
    ("jobs.cancel", "POST"): (lambda w: f"/jobs/{w.job}/cancel", "lhhohho"),
    ("jobs.download", "GET"): (lambda w: f"/jobs/{w.job}/files/{w.job_file}", "lhhohho"),
    ("bulk.index", "GET"): (lambda w: "/bulk/", "lddoooo"),
    ("bulk.start_import", "POST"): (lambda w: "/bulk/profiles/import", "lddhhoo"),
    ("bulk.start_export", "POST"): (lambda w: "/bulk/profiles/export", "lddhhoo"),
    # operations: probes for everyone (no session needed); /metrics only with its token or from its allow-list
    ("ops.healthz", "GET"): (lambda w: "/healthz", "ooooooo"),
    ("ops.readyz", "GET"): (lambda w: "/readyz", "ooooooo"),
    ("ops.metrics", "GET"): (lambda w: "/metrics", "ddddddd"),
    # administration
    ("admin.users", "GET"): (lambda w: "/admin/users", "ldddddo"),
    ("admin.users", "POST"): (lambda w: "/admin/users", "ldddddo"),
    ("admin.set_active", "POST"): (lambda w: f"/admin/users/{w.spare_user}/active", "ldddddo"),
    ("admin.institutions", "GET"): (lambda w: "/admin/institutions", "ldddddo"),
    ("admin.institutions", "POST"): (lambda w: "/admin/institutions", "ldddddo"),
    # taxonomy curation: administrators only (the queue names members)
    ("curation.queue", "GET"): (lambda w: "/curation/", "ldddddo"),
    ("curation.term", "GET"): (lambda w: f"/curation/terms/{w.term}", "ldddddo"),
    ("curation.alias", "POST"): (lambda w: f"/curation/terms/{w.term}/alias", "ldddddo"),
    ("curation.concept", "POST"): (lambda w: f"/curation/terms/{w.term}/concept", "ldddddo"),
    ("curation.dismiss", "POST"): (lambda w: f"/curation/terms/{w.term}/dismiss", "ldddddo"),
    ("curation.export", "GET"): (lambda w: "/curation/export.json", "ldddddo"),
    ("curation.import_vocabulary", "POST"): (lambda w: "/curation/import", "ldddddo"),
}


# Valid bodies, so that the role check (not body validation) decides. The profile's stale version makes
# its owner's replace answer 409: the walk changes nobody's profile.
PROFILE = {"roles": ["expert"], "full_name": "Matrix Walker", "country": "IT", "languages": {"sq": "C2"},
           "years_experience": 8, "skills": ["public procurement"], "acquis_chapters": [5], "consent": True,
           "version": 0}
FELLOWSHIP = {"kind": "fellowship", "title": "Statistics expert", "description": "Help INSTAT.",
              "acquis_chapters": [18], "languages": {"sq": "B2"}, "start": "2027-03-01", "end": "2027-12-31"}


def _json(url: str, body: dict | None = None):
    return url, {"json": body or {}}


def _upload(url: str):
    # A well-formed upload, so that the role check (not the body validation) decides: staff then get 422
    # for the missing consent confirmation, everyone else 403.
    return url, {"data": {"file": (io.BytesIO(b'{"full_name": "x"}\n'), "roster.jsonl")},
                 "content_type": "multipart/form-data"}


API_ROUTES: dict[tuple[str, str], tuple] = {
    ("openapi.spec", "GET"): (lambda w: ("/api/v1/openapi.json", {}), "ooooooo"),
    ("api.docs", "GET"): (lambda w: ("/api/v1/docs", {}), "ooooooo"),
    # the member's own profile
    ("api.get_own_profile", "GET"): (lambda w: ("/api/v1/profile", {}), "uoodddd"),
    ("api.put_own_profile", "PUT"): (lambda w: _json("/api/v1/profile", PROFILE), "uoodddd"),
    # profiles: staff search everyone; a member reads their own; ministries never
    ("api.list_profiles", "GET"): (lambda w: ("/api/v1/profiles", {}), "uddddoo"),
    ("api.get_profile", "GET"): (lambda w: (f"/api/v1/profiles/{w.member_profile}", {}), "uohhhoo"),
    # postings: open ones for everyone; F's draft and changes for F only
    ("api.list_opportunities", "GET"): (lambda w: ("/api/v1/opportunities", {}), "uoooooo"),
    ("api.create_opportunity", "POST"): (lambda w: _json("/api/v1/opportunities", FELLOWSHIP), "uddoodd"),
    ("api.get_opportunity", "GET"): (lambda w: (f"/api/v1/opportunities/{w.fellowship}", {}), "uoooooo"),
    ("api.update_opportunity", "PATCH"): (lambda w: _json(f"/api/v1/opportunities/{w.fellowship}"), "uddohdd"),
    ("api.open_opportunity", "POST"): (lambda w: (f"/api/v1/opportunities/{w.draft}/open", {}), "uddohdd"),
    ("api.close_opportunity", "POST"): (lambda w: (f"/api/v1/opportunities/{w.draft}/close", {}), "uddohdd"),
    # F's job: its owner and admins
    ("api.get_job", "GET"): (lambda w: (f"/api/v1/jobs/{w.job}", {}), "uhhohho"),
    ("api.cancel_job", "POST"): (lambda w: (f"/api/v1/jobs/{w.job}/cancel", {}), "uhhohho"),
    ("api.get_job_file", "GET"): (lambda w: (f"/api/v1/jobs/{w.job}/files/{w.job_file}", {}), "uhhohho"),
    # bulk profiles: staff only
    ("api.import_records", "POST"): (lambda w: _upload("/api/v1/profiles/import"), "uddddoo"),
    ("api.export_records", "POST"): (lambda w: ("/api/v1/profiles/export", {}), "uddddoo"),
    # match review: officers only
    ("api.list_matches", "GET"): (lambda w: (f"/api/v1/opportunities/{w.fellowship}/matches", {}), "uddddod"),
    ("api.list_decisions", "GET"): (lambda w: (f"/api/v1/opportunities/{w.fellowship}/decisions", {}), "uddddod"),
    # M's placement at F's institution: M, F and officers
    ("api.list_placements", "GET"): (lambda w: ("/api/v1/placements", {}), "uoooood"),
    ("api.get_placement", "GET"): (lambda w: (f"/api/v1/placements/{w.placement}", {}), "uohohoh"),
    # M's engagement in F's mentorship: M, F and officers
    ("api.list_engagements", "GET"): (lambda w: ("/api/v1/engagements", {}), "uoooood"),
    ("api.get_engagement", "GET"): (lambda w: (f"/api/v1/engagements/{w.engagement}", {}), "uohohoh"),
    # M's organisation's local project at F's institution: its members, F and officers
    ("api.list_local_projects", "GET"): (lambda w: ("/api/v1/local-projects", {}), "uoooood"),
    ("api.get_local_project", "GET"): (lambda w: (f"/api/v1/local-projects/{w.project}", {}), "uohohoh"),
    # M's lead and rewards: the agent and officers
    ("api.list_leads", "GET"): (lambda w: ("/api/v1/leads", {}), "uooddod"),
    ("api.get_lead", "GET"): (lambda w: (f"/api/v1/leads/{w.lead}", {}), "uohhhoh"),
    ("api.list_rewards", "GET"): (lambda w: ("/api/v1/rewards", {}), "uooddod"),
}

# Requests after which the client must log in again (they end the session).
ENDS_SESSION = {("auth.logout", "POST")}
