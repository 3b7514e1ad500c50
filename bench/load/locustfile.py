"""The load mix: members browsing, officers reviewing matches and reading the supply page, ministries posting
fellowships.

Started by bench/load/run.py (`locust -f bench/load/locustfile.py --headless ...`) with URA_LOAD_TARGETS
naming the JSON written by bench/load/seed.py. Every user logs in once with its own correct password,
then repeats its tasks with a short think time. Redirects are never followed: a page that answers
anything but 200 (or 302 where a form was posted) is counted as an error, so a lost session cannot
hide behind a login page that answers 200.

Every request is also kept as a raw sample (end time, page, milliseconds, ok) and written to
URA_LOAD_SAMPLES when the run stops, with the moment the last user finished logging in: from then on all
users are at work, and the run stops URA_LOAD_STEADY_S seconds later. The report takes exact percentiles
of that steady window and of the whole run (ramp and logins included) from these samples.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from datetime import date, timedelta
from urllib.parse import urlsplit

import gevent
from locust import FastHttpUser, between, events, task

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
CANDIDATE_LINK = re.compile(r'href="(/officers/opportunities/\d+/candidates/\d+)"')
FILTERS = ({"country": "IT"}, {"eligible": "y"}, {"country": "GR", "eligible": "y"}, {"language": "de"},
           {"min_score": "40"})
with open(os.environ["URA_LOAD_TARGETS"], encoding="utf-8") as _fh:
    TARGETS = json.load(_fh)
STEADY_S = float(os.environ.get("URA_LOAD_STEADY_S", "60"))
RUN = {"samples": [], "started": time.time(), "logged_in": 0, "steady_from": None, "steady_to": None}


@events.request.add_listener
def _sample(request_type, name, response_time, exception, **_kwargs):
    label = name if request_type == "GET" or name.startswith(request_type) else f"{request_type} {name}"
    RUN["samples"].append((time.time(), label, response_time, exception is None))


def _logged_in(environment) -> None:
    """The last user's login starts the steady window; the run ends STEADY_S seconds later."""
    RUN["logged_in"] += 1
    if RUN["logged_in"] == environment.parsed_options.num_users:
        RUN["steady_from"] = time.time()
        gevent.spawn_later(STEADY_S, _end_steady_window, environment)


def _end_steady_window(environment) -> None:
    RUN["steady_to"] = time.time()
    environment.runner.quit()


@events.quitting.add_listener
def _write_samples(environment, **_kwargs):
    if os.environ.get("URA_LOAD_SAMPLES"):
        with open(os.environ["URA_LOAD_SAMPLES"], "w", encoding="utf-8") as fh:
            json.dump({key: RUN[key] for key in ("started", "steady_from", "steady_to", "samples")}, fh)


@events.test_start.add_listener
def _loopback_only(environment, **_kwargs):
    # The harness is for this machine only: refuse any other host before a single request is sent.
    if urlsplit(environment.host or "").hostname != "127.0.0.1":
        raise SystemExit(f"load tests run against 127.0.0.1 only, not {environment.host!r}")


class UraUser(FastHttpUser):
    abstract = True
    wait_time = between(1, 3)
    accounts = ""  # the key in TARGETS of this kind of user's logins; each user takes the next one
    numbers = itertools.count()

    def on_start(self):
        accounts = TARGETS[self.accounts]
        email = accounts[next(type(self).numbers) % len(accounts)]
        token = self.csrf("/auth/login", name="GET /auth/login")
        with self.client.post("/auth/login", data={"csrf_token": token, "email": email,
                                                   "password": TARGETS["password"]},
                              name="POST /auth/login", allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"login of {email} answered {response.status_code}")
        _logged_in(self.environment)

    def page(self, path: str, name: str, **params) -> str:
        with self.client.get(path, params=params or None, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
            return response.text or ""

    def csrf(self, path: str, name: str) -> str:
        found = CSRF.search(self.page(path, name))
        return found.group(1) if found else ""


class Member(UraUser):
    fixed_count = 35
    accounts = "members"
    numbers = itertools.count()

    @task(2)
    def home(self):
        self.page("/", "/")

    @task(3)
    def opportunities(self):
        self.page("/opportunities", "/opportunities")

    @task(3)
    def opportunity(self):
        self.page(f"/opportunities/{random.choice(TARGETS['opportunities'])}", "/opportunities/[id]")

    @task(2)
    def profile(self):
        self.page("/members/profile", "/members/profile")

    @task(2)
    def my_opportunities(self):
        self.page("/members/opportunities", "/members/opportunities")


class Officer(UraUser):
    fixed_count = 10
    accounts = "officers"
    numbers = itertools.count()
    candidates: list[str] = []  # links found on the last review page

    def review(self, name: str, **filters):
        html = self.page(f"/officers/opportunities/{random.choice(TARGETS['fellowships'])}", name, **filters)
        self.candidates = CANDIDATE_LINK.findall(html) or self.candidates

    @task(3)
    def review_page(self):
        self.review("/officers/opportunities/[id]")

    @task(2)
    def review_filtered(self):
        self.review("/officers/opportunities/[id]?filters", **random.choice(FILTERS))

    @task(2)
    def candidate(self):
        if self.candidates:
            self.page(random.choice(self.candidates), "/officers/opportunities/[id]/candidates/[id]")

    @task(1)
    def supply(self):
        self.page("/reports/supply", "/reports/supply")

    @task(1)
    def supply_period(self):
        start = date(2026, 1, 1) + timedelta(days=30 * random.randrange(10))
        self.page("/reports/supply", "/reports/supply?period", start=start.isoformat(),
                  end=(start + timedelta(days=90)).isoformat())


class Ministry(UraUser):
    fixed_count = 5
    accounts = "ministries"
    numbers = itertools.count()

    @task
    def post_fellowship(self):
        token = self.csrf("/ministries/new/fellowship", "/ministries/new/fellowship")
        start = date.today() + timedelta(days=60 + random.randrange(300))  # its deadline a month before: ahead
        form = {
            "csrf_token": token, "title": f"Load-test fellowship {random.randrange(10**6)}",
            "description": "Support the alignment of public procurement rules with the EU acquis.",
            "acquis_chapters": str(random.choice((5, 16, 18, 23, 24, 27))),
            "required_skills": "public procurement\nEU directives", "preferred_skills": "e-procurement",
            "languages-0-code": "en", "languages-0-level": "B2", "languages-1-code": "sq", "languages-1-level": "C1",
            "min_years_experience": "5", "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=180)).isoformat(), "work_mode": "hybrid", "positions": "1",
            "deadline": (start - timedelta(days=30)).isoformat(),
        }
        with self.client.post("/ministries/new/fellowship", data=form, name="POST /ministries/new/fellowship",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"posting a fellowship answered {response.status_code}")
