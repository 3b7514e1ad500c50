"""Bulk-load diaspora profiles from the engine's seeded generator, plus the load test's staff accounts.

Run after `flask db upgrade` and `flask seed-demo` against the same DATABASE_URL:
    python -m bench.load.seed --profiles 100000 --targets targets.json
The ORM would spend minutes on 200,000 objects; SQLAlchemy Core inserts in batches of 5,000 (one
multi-row INSERT ... RETURNING per batch) take seconds. Every load account shares one precomputed scrypt
hash. The JSON written to --targets tells the locustfile whom to log in as and what to open.
"""
from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date, timedelta

import sqlalchemy as sa
from matching.model import Profile
from matching.eval.synth import Generator
from werkzeug.security import generate_password_hash

from config import Config
from diaspora import create_app
from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.matches.changes import request_rebuild
from diaspora.members.models import EducationLevel, MemberProfile, MemberWorkMode
from diaspora.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus
from diaspora.institutions.models import Institution
from diaspora.timeutil import utcnow

SEED = 2026
BATCH = 5_000
PASSWORD = "ura-load-password-2026"
DOMAIN = "ura-load.example"
OFFICERS = 8
MINISTRIES = 6
# The synthetic degrees mapped onto the Connect Albania education levels.
DEGREE_LEVEL = {"PhD": EducationLevel.DOCTORATE, "BSc": EducationLevel.BACHELOR, "Bachelor": EducationLevel.BACHELOR,
                "Πτυχίο": EducationLevel.BACHELOR}
USERS = User.__table__
PROFILES = MemberProfile.__table__


def member_email(n: int) -> str:
    return f"member{n:06d}@{DOMAIN}"


def _profile_row(p: Profile, rnd: random.Random, now, policy: str) -> dict:
    """A generated engine Profile as member_profiles columns; age and years abroad drawn around its experience."""
    age = 22 + p.years_experience + rnd.randrange(0, 9)
    degree = p.education[0]["degree"] if p.education else None
    return {
        "full_name": p.full_name, "is_expert": "expert" in p.roles, "is_agent": "development_agent" in p.roles,
        "country": p.country, "city": p.city, "languages": dict(p.languages),
        "years_experience": p.years_experience, "education": [dict(e) for e in p.education],
        "sectors": list(p.sectors), "acquis_chapters": list(p.acquis_chapters), "skills": list(p.skills),
        "summary": p.summary, "available_from": p.available_from, "available_to": p.available_to,
        "work_mode": MemberWorkMode(p.work_mode), "network_countries": list(p.network_countries),
        "investment_sectors": list(p.investment_sectors),
        "date_of_birth": date(2026 - age, 1, 1) + timedelta(days=rnd.randrange(365)),
        "years_abroad": min(age - 18, 1 + rnd.randrange(25)),
        "highest_education": (DEGREE_LEVEL.get(degree, EducationLevel.MASTER) if degree
                              else EducationLevel.SECONDARY),
        "consent_at": now, "consent_version": policy,
    }


def _insert_users(connection, rows: list[dict]) -> list[int]:
    statement = sa.insert(USERS).returning(USERS.c.id, sort_by_parameter_order=True)
    return list(connection.scalars(statement, rows))


def load_profiles(count: int, password_hash: str, policy: str) -> float:
    """Insert `count` members (user + consenting profile); returns the seconds spent generating."""
    started = time.perf_counter()
    profiles = Generator(seed=SEED).profiles(count)
    generated = time.perf_counter() - started
    rnd, now = random.Random(SEED), utcnow()
    connection = db.session.connection()
    for start in range(0, count, BATCH):
        chunk = profiles[start:start + BATCH]
        user_ids = _insert_users(connection, [
            {"email": member_email(start + i), "password_hash": password_hash, "role": Role.MEMBER,
             "display_name": p.full_name, "locale": "sq", "email_verified_at": now}
            for i, p in enumerate(chunk)])
        connection.execute(sa.insert(PROFILES), [
            {"user_id": uid, **_profile_row(p, rnd, now, policy)} for uid, p in zip(user_ids, chunk)])
    # The rows bypassed the ORM's change log: every worker must rebuild its index rather than catch up.
    request_rebuild()
    return generated


def load_staff(password_hash: str) -> dict[str, list[str]]:
    """Officers and ministry focal points for the load test, spread over the demo's institutions."""
    now = utcnow()
    institutions = list(db.session.scalars(sa.select(Institution.id).order_by(Institution.id).limit(MINISTRIES)))
    officers = [f"officer{n:02d}@{DOMAIN}" for n in range(OFFICERS)]
    ministries = [f"ministry{n:02d}@{DOMAIN}" for n in range(len(institutions))]
    rows = [{"email": e, "role": Role.OFFICER, "institution_id": None} for e in officers]
    rows += [{"email": e, "role": Role.MINISTRY, "institution_id": i} for e, i in zip(ministries, institutions)]
    _insert_users(db.session.connection(), [
        {**row, "password_hash": password_hash, "display_name": row["email"].split("@")[0], "locale": "en",
         "email_verified_at": now} for row in rows])
    return {"officers": officers, "ministries": ministries}


def open_fellowships() -> list[int]:
    return list(db.session.scalars(sa.select(Opportunity.id).where(
        Opportunity.kind == OpportunityKind.FELLOWSHIP, Opportunity.status == OpportunityStatus.OPEN)
        .order_by(Opportunity.id)))


def open_opportunities() -> list[int]:
    return list(db.session.scalars(sa.select(Opportunity.id).where(
        Opportunity.status == OpportunityStatus.OPEN).order_by(Opportunity.id)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--targets", required=True, help="where to write the locustfile's JSON")
    args = parser.parse_args(argv)
    app = create_app(Config)
    with app.app_context():
        started = time.perf_counter()
        password_hash = generate_password_hash(PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])
        generated = load_profiles(args.profiles, password_hash, app.config["PRIVACY_POLICY_VERSION"])
        staff = load_staff(password_hash)
        db.session.commit()
        loaded = time.perf_counter() - started
        # Planner statistics and visibility map as autovacuum would leave them on a database that grew over
        # time (a bulk load just written has neither: counts would read every heap page).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE"))
        targets = {
            "password": PASSWORD, "members": [member_email(n) for n in range(args.profiles)], **staff,
            "fellowships": open_fellowships(), "opportunities": open_opportunities(),
            "profiles": args.profiles, "generate_seconds": round(generated, 1), "load_seconds": round(loaded, 1),
        }
    with open(args.targets, "w", encoding="utf-8") as fh:
        json.dump(targets, fh)
    print(f"loaded {args.profiles} profiles in {loaded:.1f} s (generating {generated:.1f} s); "
          f"{len(targets['fellowships'])} open fellowships")


if __name__ == "__main__":
    main()
