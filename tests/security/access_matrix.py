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
    # administration
    ("admin.users", "GET"): (lambda w: "/admin/users", "ldddddo"),
    ("admin.users", "POST"): (lambda w: "/admin/users", "ldddddo"),
    ("admin.set_active", "POST"): (lambda w: f"/admin/users/{w.spare_user}/active", "ldddddo"),
    ("admin.institutions", "GET"): (lambda w: "/admin/institutions", "ldddddo"),
    ("admin.institutions", "POST"): (lambda w: "/admin/institutions", "ldddddo"),
}

# Requests after which the client must log in again (they end the session).
ENDS_SESSION = {("auth.logout", "POST")}
