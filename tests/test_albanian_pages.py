"""Albanian pages speak Albanian: every form's errors, every error page, mail subjects, explanations,
the dashboard and the exports.

A page fails when a piece of its text (an element's own text, a label, a placeholder, an aria-label) is an
English sentence that Ura or its libraries can produce: one of WTForms' built-in messages (read from the
installed WTForms' own catalogue template, so a new WTForms message is covered too), one of Werkzeug's HTTP
error names or descriptions, or one of Ura's own strings whose Albanian differs. Forms are found by crawling
every page each role reaches (as the form fuzzer does) and are sent twice: empty, and with a value of the
wrong type in every field.
"""
from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlalchemy as sa
import wtforms
from babel.messages.pofile import read_po
from flask import abort
from flask_babel import force_locale, gettext
from matching.model import Reason
from werkzeug.exceptions import default_exceptions
from werkzeug.http import HTTP_STATUS_CODES

from diaspora.auth import services as auth_services
from diaspora.auth.models import Role, User
from diaspora.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceUnavailable
from diaspora.extensions import db
from diaspora.forms import WTFORMS_PLURALS, WTFORMS_TEXTS
from diaspora.matches.reasons import word
from diaspora.institutions.models import Institution
from diaspora.programme.models import Placement
from tests.factories import PASSWORD
from tests.security.test_fuzz_forms import crawl_forms
from tests.security.world import build_world

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "diaspora" / "translations" / "sq" / "LC_MESSAGES" / "messages.po"
WTFORMS_POT = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"
# Forms whose accepted submission would log the crawler out or end the account.
SKIP_ACTIONS = ("/auth/logout", "/members/erase", "/language/")
# What each kind of input receives as its wrong-typed value.
WRONG = {"date": "31.02.20x7", "month": "2027/13", "email": "not an address", "number": "twelve",
         "checkbox": "maybe", "select": "no-such-choice", "password": "x", "hidden": "not-a-number",
         "file": "", "url": "not a url"}
WRONG_TEXT = "x" * 20_001  # longer than any text field allows


def _forms(text) -> tuple[str, ...]:
    return text if isinstance(text, tuple) else (text,)


def _pattern(message: str) -> re.Pattern:
    """A message with its placeholders (%(min)d, %s...) standing for any text."""
    parts = re.split(r"%(?:\(\w+\))?[sdr]", message)
    return re.compile(".+?".join(re.escape(part) for part in parts) + r"\Z", re.S)


def _english() -> tuple[list[re.Pattern], set[str]]:
    """(patterns of library messages, Ura's own English strings that have a different Albanian form)."""
    with WTFORMS_POT.open("rb") as handle:
        patterns = [_pattern(form) for m in read_po(handle) if m.id for form in _forms(m.id)]
    for code, exception in default_exceptions.items():
        patterns += [_pattern(text) for text in (HTTP_STATUS_CODES[code],
                                                 " ".join((exception.description or "").split())) if text]
    with CATALOGUE.open("rb") as handle:
        own = {" ".join(form.split()) for m in read_po(handle) if m.id and m.string
               for form, translated in zip(_forms(m.id), _forms(m.string)) if form != translated}
    return patterns, own


PATTERNS, OWN = _english()


class PageText(HTMLParser):
    """The text pieces of a page a reader sees or hears, outside <script>/<style> and parts marked lang="en"."""

    ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.pieces: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, inside English or code)

    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        skip = self._skipping() or tag in ("script", "style") or (a.get("lang") or "sq") != "sq"
        if not skip:
            self.pieces += [a[name] for name in self.ATTRIBUTES if a.get(name)]
        if tag not in self.VOID:
            self._stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.pieces.append(data)


def english_in(html: str) -> list[str]:
    parser = PageText()
    parser.feed(html)
    found = []
    for piece in parser.pieces:
        text = " ".join(piece.split())
        if text in OWN or any(p.match(text) for p in PATTERNS):
            found.append(text)
    return found


def _albanian(users: dict) -> None:
    for user in users.values():
        if user is not None:
            user.locale = "sq"
    db.session.commit()


def _submissions(form: dict) -> list[dict]:
    fields = {name: f for name, f in form["fields"].items() if name != "csrf_token"}
    empty = {name: "" for name in fields}
    wrong = {name: WRONG.get(f["type"], WRONG_TEXT) for name, f in fields.items()}
    return [empty, wrong]


@pytest.mark.parametrize("letter", ["A", "M", "F", "O", "X"],
                         ids=["anonymous", "member", "ministry", "officer", "admin"])
def test_every_form_answers_bad_input_in_albanian(app, client, letter):
    users, _ids = build_world()
    _albanian(users)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sq"
    if users[letter] is not None:
        assert client.post("/auth/login", data={"email": users[letter].email, "password": PASSWORD}).status_code == 302
    forms = [(action, form) for action, form in crawl_forms(client, "/", "/jobs/", methods=("get", "post"))
             if not action.startswith(SKIP_ACTIONS) and "/auth/password" not in action]
    assert forms, "the crawler found no form"
    problems = {}
    for action, form in forms:
        for data in _submissions(form):
            if form["method"] == "get":
                response = client.get(action, query_string=data, follow_redirects=True)
            else:
                response = client.post(action, data=data, follow_redirects=True)
            if "text/html" in response.content_type:
                english = english_in(response.get_data(as_text=True))
                if english:
                    problems.setdefault(f'{form["method"].upper()} {action}', set()).update(english)
    assert problems == {}, f"English on Albanian pages: {problems}"


def test_uras_catalogue_holds_every_wtforms_message():
    with WTFORMS_POT.open("rb") as handle:
        upstream = {form for m in read_po(handle) if m.id for form in _forms(m.id)}
    ours = set(WTFORMS_TEXTS) | set(WTFORMS_PLURALS) | set(WTFORMS_PLURALS.values())
    assert upstream - ours == set(), "WTForms has messages Ura does not translate: add them to diaspora/forms.py"


def test_error_pages_are_albanian(app_factory):
    app = app_factory()

    @app.route("/test-errors/<int:code>")
    def fail(code: int):
        domain = {403: Forbidden, 404: NotFound, 409: Conflict, 422: InvalidInput, 503: ServiceUnavailable}
        if code == 500:
            raise RuntimeError("boom")
        if code == 1409:
            raise sa.exc.IntegrityError("INSERT", {}, Exception("unique"))
        if code == 1400:
            raise sa.exc.DataError("SELECT", {}, Exception("out of range"))
        if code == 1503:
            raise sa.exc.OperationalError("SELECT", {}, Exception("gone"))
        if code >= 2000:
            raise domain[code - 2000]("")
        abort(code)

    codes = sorted(default_exceptions) + [500, 1400, 1409, 1503] + [2000 + c for c in (403, 404, 409, 422, 503)]
    with app.app_context():
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sq"
        found = {}
        for code in codes:
            response = client.get(f"/test-errors/{code}")
            assert response.status_code >= 400
            english = english_in(response.get_data(as_text=True))
            if english:
                found[code] = english
        # Real ones: an unknown page, a page of another role, a method the route does not take.
        member = User(email="erros@example.org", role=Role.MEMBER, locale="sq")
        member.set_password(PASSWORD)
        member.email_verified_at = member.created_at
        db.session.add(member)
        db.session.commit()
        client.post("/auth/login", data={"email": member.email, "password": PASSWORD})
        for path, status in (("/no-such-page", 404), ("/admin/users", 403), ("/auth/logout", 405)):
            response = client.get(path)
            assert response.status_code == status
            english = english_in(response.get_data(as_text=True))
            if english:
                found[path] = english
    assert found == {}, f"English on Albanian error pages: {found}"


ENGLISH_SUBJECTS = {"Confirm your email for Ura", "Someone tried to register with your email",
                    "Reset your Ura password", "Your Ura account"}


def test_account_mails_have_albanian_subjects(app, db, make_user, outbox):
    albanian = make_user(Role.MEMBER, locale="sq")
    auth_services.register_member("e.re@example.org", "a long passphrase 2027", locale="sq")
    auth_services.register_member(albanian.email, "a long passphrase 2027", locale="sq")  # already registered
    auth_services.request_password_reset(albanian.email)
    auth_services.create_staff_user("stafi@example.org", Role.OFFICER, None, acting=None)  # staff read Albanian
    db.session.commit()
    subjects = [m["Subject"] for m in outbox()]
    assert len(subjects) == 4
    english = [s for s in subjects if s in ENGLISH_SUBJECTS | OWN]
    assert english == [], f"English subjects in Albanian mail: {english}"



def test_explanations_name_skills_and_sectors_in_albanian(app):
    reasons = [
        Reason("skill_matched", {"label": "required", "wrote": "prokurim publik", "name": "Public procurement law"}),
        Reason("skill_missing", {"names": ["Public sector internal audit", "a skill typed freely"]}),
        Reason("skill_related", {"label": "preferred", "names": ["National accounts"]}),
        Reason("investment_sectors", {"sectors": ["Agro-processing", "Tourism"]}),
    ]
    with app.test_request_context(), force_locale("sq"):
        texts = [word(reason, "") for reason in reasons]
    joined = " ".join(texts)
    for albanian in ("Prokurimi publik", "Auditimi i brendshëm", "a skill typed freely", "Llogaritë kombëtare",
                     "Agropërpunim", "Turizëm"):
        assert albanian in joined
    for english in ("Public procurement law", "Public sector internal audit", "National accounts", "Agro-processing",
                    "Tourism"):
        assert english not in joined, english


@pytest.fixture
def officer_in_albanian(app, client):
    users, _ids = build_world()
    _albanian(users)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sq"
    assert client.post("/auth/login", data={"email": users["O"].email, "password": PASSWORD}).status_code == 302
    return users["O"]


def _sq(app, text: str) -> str:
    with app.test_request_context(), force_locale("sq"):
        return gettext(text)


def test_dashboard_names_institutions_in_albanian(app, client, officer_in_albanian):
    page = client.get("/reports/").get_data(as_text=True)
    institutions = db.session.scalars(sa.select(Institution)).all()
    placed = {p.institution_id for p in db.session.scalars(sa.select(Placement))}
    for institution in institutions:
        if institution.id in placed:
            assert institution.name_sq in page and institution.name not in page
    assert english_in(page) == []


def _export(client, name: str) -> list[dict]:
    response = client.get(f"/reports/export/{name}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_exports_name_statuses_sectors_and_institutions_in_albanian(app, client, officer_in_albanian):
    sq = lambda text: _sq(app, text)  # noqa: E731
    placements = _export(client, "placements")
    institutions = {i.name_sq for i in db.session.scalars(sa.select(Institution))}
    assert placements and {row[sq("Institution")] for row in placements} <= institutions
    assert {row[sq("Status")] for row in placements} == {sq("Planned")}
    leads = _export(client, "investments")
    assert {row[sq("Sector")] for row in leads} == {"Outsourcing"}  # ict_outsourcing, in Albanian
    assert {row[sq("Stage")] for row in leads} == {sq("Registered"), sq("Realised")}
    assert {row[sq("Claim")] for row in leads} == {sq("First claim"), sq("Disputed claim")}
    rewards = _export(client, "rewards")
    assert {row[sq("Status")] for row in rewards} == {sq("Computed")}
