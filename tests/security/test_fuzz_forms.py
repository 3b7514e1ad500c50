"""Property-based bad input on every form (Hypothesis): no 5xx, and a refused request changes nothing.

Forms are discovered, not listed: for each role the test crawls the pages that role can reach,
collects every POST form with its fields, and throws generated input at each one; a refused request
changes no row and sends no mail. A new form anywhere in the app is covered without touching this
file. The crawl starts in the security world (tests/security/world.py), so every workflow has
something to act on: open fellowships with proposed candidates, placements, a certified agent's
leads, a pending certification, a disputed claim, computed rewards, tokens and unfinished jobs.
Forms of the same route with other ids (one decide form per candidate, one approve form per reward)
are fuzzed once.
"""
from __future__ import annotations

import os
from datetime import timedelta
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa
from flask import current_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diaspora.auth.models import Role
from diaspora.extensions import db
from diaspora.investments import ledger
from diaspora.jobs.models import Job
from diaspora.programme import engagements, field_projects, placements
from diaspora.timeutil import today
from tests import factories

EXAMPLES_PER_FORM = int(os.environ.get("FUZZ_EXAMPLES", "200"))
MAX_PAGES = 150
# Forms whose accepted submission ends the session or the account: fuzzing them would log the crawler out.
SKIP_ACTIONS = ("/auth/logout", "/members/erase", "/language/", "/auth/password")
LOG_TABLES = {"audit_events"}


class FormParser(HTMLParser):
    def __init__(self, methods: tuple[str, ...] = ("post",)):
        super().__init__()
        self.methods = methods
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() in self.methods:
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": {}}
        elif self._form is not None and tag in ("input", "textarea") and a.get("name"):
            kind = a.get("type", "textarea" if tag == "textarea" else "text")
            if kind not in ("submit", "button"):
                self._form["fields"].setdefault(a["name"], {"type": kind, "options": [], "value": a.get("value", "")})
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form["fields"][a["name"]] = {"type": "select", "options": [], "value": ""}
        elif self._form is not None and tag == "option" and self._select:
            self._form["fields"][self._select]["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def discover_forms(client, *starts: str) -> dict[str, dict]:
    """Breadth-first crawl of same-site pages; returns {action path: POST form}."""
    return dict(crawl_forms(client, *starts))


def crawl_forms(client, *starts: str, methods: tuple[str, ...] = ("post",)) -> list[tuple[str, dict]]:
    """Breadth-first crawl of same-site pages; returns (action path, form) of each form sent with one of
    `methods`, once per route and method (forms of the same route with other ids are left out)."""
    seen, queue, forms = set(), deque(starts), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        response.close()  # downloads (CVs, job files) are streamed
        if response.status_code != 200 or "text/html" not in response.content_type:
            continue
        parser = FormParser(methods)
        parser.feed(response.get_data(as_text=True))
        for href in parser.links:
            target = urlsplit(urljoin(path, href))
            if not target.netloc and target.path.startswith("/") and not target.path.startswith("/static"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
        for form in parser.forms:
            action = urlsplit(urljoin(path, form["action"] or path)).path
            if not action.startswith(SKIP_ACTIONS) and not action.startswith("/api/"):
                route = re.sub(r"/\d+", "/<id>", action)
                forms.setdefault((form["method"], route), (action, form))
    return list(forms.values())


nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300),
    st.sampled_from(["", " ", "ë", "ç", "Θεσσαλονίκη", "<script>alert(1)</script>", "' OR 1=1 --", "\x00",
                     "../../etc/passwd", "=HYPERLINK(\"x\")", "9" * 40, "-1", "0", "1e309", "NaN",
                     "2027-02-30", "31/12/2027", "0000-00-00", "a" * 20000, "😀" * 50, "\r\n" * 20]),
)


def field_value(field: dict):
    if field["type"] == "select" and field["options"]:
        return st.one_of(st.sampled_from(field["options"]), nasty_text)
    if field["type"] == "checkbox":
        return st.sampled_from(["", "y", "on", "off", "1", "nope"])
    return nasty_text


def submissions(form: dict):
    fields = {name: f for name, f in form["fields"].items() if name != "csrf_token"}
    return st.fixed_dictionaries({}, optional={name: field_value(f) for name, f in fields.items()})


def row_counts() -> tuple[int, ...]:
    """Every table's row count in one query (this runs before each of thousands of requests), and the number
    of mails sent."""
    tables = [t for t in db.metadata.sorted_tables if t.name not in LOG_TABLES]
    outbox = current_app.config["MAIL_OUTBOX_DIR"]
    return (*db.session.execute(sa.select(*[sa.select(sa.func.count()).select_from(t).scalar_subquery()
                                            for t in tables])).one(),
            sum(1 for _mail in outbox.glob("*.eml")) if outbox.exists() else 0)


def _prepare(letter: str, world, make_lead, login) -> None:
    users, ids = world
    user = users[letter]
    if user is None:
        return
    if user.role is Role.MINISTRY:
        make_lead(institution=user.institution)
    if user.role is Role.OFFICER:
        # Placements and rewards further along, so that report, evaluation and payment forms show.
        placements.change_status(user, ids.placement, "start")
        ended = placements.change_status(user, ids.other_placement, "start")
        ended.end_date = today() - timedelta(days=1)  # ended yesterday, every month reported: it can be completed
        for month in placements.missing_report_months(ended, today()):
            placements.add_report(user, ended.id, month, "Done.", [])
        placements.change_status(user, ids.other_placement, "complete")
        ledger.approve(factories.make_user(Role.OFFICER), ids.other_reward)  # four eyes: this officer pays it
        # A field project's deliverable handed in, so that the acceptance form shows.
        placements.change_status(user, ids.field_placement, "start")
        field_projects.submit_deliverable(users["M"], ids.field_placement, "Finds catalogue")
    if user.role is Role.MEMBER:
        placements.change_status(users["O"], ids.placement, "start")
        placements.change_status(users["O"], ids.field_placement, "start")
    if user.role in (Role.MEMBER, Role.MINISTRY):
        # Every agreed session of M's engagement held, so that the closing feedback form shows too.
        for _session in range(2):
            engagements.add_entry(users["O"], ids.engagement, today(), "Session held")
    # An unfinished job, so that its page offers the cancel form.
    db.session.add(Job(kind="export_profiles", func="tests.jobs.tasks.refuse", args=[], created_by_id=user.id))
    login(user)


@pytest.mark.slow
@pytest.mark.parametrize("letter", ["A", "M", "F", "O", "X"],
                         ids=["anonymous", "member", "ministry", "officer", "admin"])
def test_forms_survive_generated_bad_input(client, world, make_lead, login, letter):
    _prepare(letter, world, make_lead, login)
    forms = discover_forms(client, "/", "/jobs/")
    assert forms, "the crawler found no form"
    report = {}
    for action, form in sorted(forms.items()):
        server_errors = []
        # The counts after a refused request are the counts before the next one: counted once, not twice.
        known = {"counts": None}

        @settings(max_examples=EXAMPLES_PER_FORM, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(data=submissions(form))
        def throw(data):
            before = known["counts"] or row_counts()
            known["counts"] = None
            response = client.post(action, data=data)
            if response.status_code >= 500:
                server_errors.append((response.status_code, data))
            elif response.status_code >= 400:
                after = row_counts()
                assert after == before, f"{action} refused {data!r} but changed rows or sent mail"
                known["counts"] = after

        throw()
        assert server_errors == [], f"{action}: {server_errors[:3]}"
        report[action] = EXAMPLES_PER_FORM
    print(f"\nrole {letter}: {len(report)} forms x {EXAMPLES_PER_FORM} inputs = {sum(report.values())}, "
          f"0 server errors: {', '.join(sorted(report))}")
