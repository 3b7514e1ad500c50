"""Demo programme for `flask seed-demo`: real Albanian institutions, fellowships, investment leads, mentorships,
twinnings, diaspora.

The content lives in data/ (JSON). Idempotent: each row is looked up by its natural key
(institution name, institution + title, e-mail) and only created when missing. Deterministic:
random.Random(2026) is consumed in the same order on every run and independently of what the
database holds, so the first N generated people are always the same people.

Generated e-mail addresses use the reserved `.example` top-level domain (RFC 2606): they look
like ordinary mailboxes but can never reach a real person.
"""
from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from diaspora.auth.models import Role, User
from diaspora.extensions import db
from diaspora.members.models import EducationLevel, Gender, MemberProfile, MemberWorkMode
from diaspora.opportunities.kinds.base import DemoCalendar
from diaspora.opportunities.kinds.registry import all_kinds
from diaspora.opportunities.models import Opportunity, OpportunityStatus
from diaspora.institutions.models import Institution, InstitutionKind
from diaspora.timeutil import today, utcnow

DEMO_PASSWORD = "ura-demo-password-2026"
SEED = 2026
DATA = Path(__file__).with_name("data")
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
LEVEL_ORDER = list(EducationLevel)
DATA_WRITTEN = date(2026, 12, 1)  # the day the dates in data/ and below were written for (see DemoCalendar)

OPENERS = {
    "en": "Based in {city} since {since}; {years} years of experience in {field}.",
    "it": "Vivo a {city} dal {since} e lavoro da {years} anni in ambito {field}.",
    "sq": "Jetoj në {city} që nga viti {since} dhe kam {years} vjet përvojë në {field}.",
}
CLOSERS = {
    "en": ["Happy to support Albania's EU accession remotely or on short missions to Tirana.",
           "I would like to put what I learned abroad at the service of Albanian institutions.",
           "Available for part-time remote work."],
    "it": ["Disponibile a collaborare da remoto e per brevi missioni a Tirana.",
           "Vorrei mettere la mia esperienza al servizio delle istituzioni albanesi."],
    "sq": ["Dua të kontribuoj në procesin e integrimit europian të Shqipërisë.",
           "Mund të punoj nga larg ose me misione të shkurtra në Tiranë."],
}
GENERIC_SKILLS = ["Excel", "MS Office", "project management", "negotiation", "Public speaking", "team leadership",
                  "menaxhim projektesh", "comunicazione", "report writing", "Training of trainers"]
INVESTMENT_SECTORS = ["turizëm", "Tourism", "agroturizëm", "agriturismo", "olive oil", "vaj ulliri", "wine", "vino",
                      "ICT", "outsourcing", "real estate", "immobiliare", "energia rinnovabile", "renewables",
                      "logistics", "textile / fason", "venture capital", "fisheries", "bimë mjekësore",
                      "agro-processing", "hotels", "construction"]
WORK_MODES = [(MemberWorkMode.ANY, 35), (MemberWorkMode.REMOTE, 35), (MemberWorkMode.HYBRID, 20),
              (MemberWorkMode.ONSITE, 10)]


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _ascii(text: str) -> str:
    """ë -> e, ç -> c: e-mail local parts as people actually write them."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def _weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs)
    return rng.choices(items, weights=weights)[0]


def _level(rng: random.Random, low: str, high: str) -> str:
    return rng.choice(CEFR[CEFR.index(low):CEFR.index(high) + 1])


@dataclass
class _Run:
    """What one seed run creates, and the password hash computed at most once for all of it."""
    created: int = 0
    people: dict = field(default_factory=lambda: _load("people.json"))

    @cached_property
    def password_hash(self) -> str:
        # One scrypt hash shared by every demo account: 300 separate hashes would take minutes.
        return generate_password_hash(DEMO_PASSWORD, method="scrypt")


# ---------------------------------------------------------------- institutions, logins, opportunities

def _institutions(run: _Run) -> dict[str, Institution]:
    by_acronym = {}
    for row in _load("institutions.json"):
        found = db.session.scalar(select(Institution).where(Institution.name == row["name"]))
        if found is None:
            found = Institution(name=row["name"], name_sq=row["name_sq"], acronym=row["acronym"],
                                kind=InstitutionKind(row["kind"]))
            db.session.add(found)
            run.created += 1
        by_acronym[row["acronym"]] = found
    db.session.flush()
    return by_acronym


def _login(run: _Run, email: str, role: Role, institution: Institution | None = None, name: str = "") -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, role=role, institution_id=institution.id if institution else None,
                    email_verified_at=utcnow(), locale="sq", display_name=name,
                    password_hash=run.password_hash)
        db.session.add(user)
        db.session.flush()
        run.created += 1
    return user


def _opened(rng: random.Random, status: OpportunityStatus,
            calendar: DemoCalendar) -> tuple[datetime | None, datetime | None]:
    if status is OpportunityStatus.DRAFT:
        return None, None
    opened_on = calendar.moved(date(2026, 9, 15)) + timedelta(days=rng.randint(0, 60))
    opened = datetime.combine(opened_on, time(rng.randint(8, 17)))
    closed = (datetime.combine(calendar.today - timedelta(days=7), time(16)) if status is OpportunityStatus.CLOSED
              else None)
    return opened, closed


def _add_opportunity(run: _Run, existing: set, institution: Institution, creator: User | None, **values) -> None:
    if (institution.id, values["title"]) in existing:
        return
    db.session.add(Opportunity(institution_id=institution.id, created_by_id=creator.id if creator else None,
                               **values))
    run.created += 1


def _existing_titles() -> set[tuple[int, str]]:
    return {(i, t) for i, t in db.session.execute(select(Opportunity.institution_id, Opportunity.title))}


def _postings(run: _Run, rng: random.Random, institutions: dict, creators: dict, calendar: DemoCalendar) -> None:
    """Each kind's demo postings (Kind.demo), kinds in their order, rows in file order."""
    for kind in all_kinds():
        if kind.demo is None:
            continue
        existing = _existing_titles()
        for row in _load(kind.demo.file):
            status = OpportunityStatus(row.get("status", "open"))
            values = kind.demo.values(row, rng, calendar)
            opened_at, closed_at = _opened(rng, status, calendar)
            _add_opportunity(run, existing, institutions[row["inst"]], creators.get(row["inst"]), kind=kind,
                             status=status, title=row["title"], description=row["description"], opened_at=opened_at,
                             closed_at=closed_at, **values)


# ---------------------------------------------------------------- diaspora profiles

def _typed(rng: random.Random, skill: str) -> str:
    """Skills as people type them: mostly as written, sometimes all lower case or capitalised."""
    roll = rng.random()
    if roll < 0.18:
        return skill.lower()
    if roll < 0.26:
        return skill[:1].upper() + skill[1:]
    return skill


def _education(rng: random.Random, people: dict, persona: dict, country: str) -> tuple[list, EducationLevel]:
    abroad_system = people["degree_system"][country]
    plan = _weighted(rng, [(("AL", abroad_system), 55), ((abroad_system, abroad_system), 30), ((abroad_system,), 15)])
    entries, highest = [], EducationLevel.SECONDARY
    for step, system in enumerate(plan):
        wanted = "bachelor" if step == 0 else "doctorate" if rng.random() < 0.15 else "master"
        degree, level = rng.choice([d for d in people["degrees"][system] if d[1] == wanted])
        language = {"AL": "sq", "IT": "it"}.get(system, "en")
        study = rng.choice(persona["study"][language])
        if rng.random() < 0.6:
            study = f"{study} ({rng.choice(people['universities'][system])})"
        entries.append({"degree": degree, "field": study})
        highest = max(highest, EducationLevel(level), key=LEVEL_ORDER.index)
    return entries, highest


def _languages(rng: random.Random, home: str, years_abroad: int, age: int, country: str) -> dict[str, str]:
    second_generation = age < 30 and years_abroad > age - 8
    languages = {"sq": _level(rng, "B2", "C1") if second_generation or rng.random() < 0.06 else "C2"}
    if years_abroad >= 10:
        languages[home] = _level(rng, "C1", "C2")
    elif years_abroad >= 5:
        languages[home] = _level(rng, "B2", "C1")
    else:
        languages[home] = _level(rng, "B1", "B2")
    if "en" not in languages:
        languages["en"] = _weighted(rng, [("A2", 5), ("B1", 20), ("B2", 35), ("C1", 30), ("C2", 10)])
    if country == "GR" and rng.random() < 0.25:  # Italian television taught a generation in Albania
        languages["it"] = _level(rng, "B1", "B2")
    if rng.random() < 0.08:
        extra = rng.choice([c for c in ("fr", "de", "it", "es") if c not in languages])
        languages[extra] = _level(rng, "A2", "B2")
    return languages


def _summary(rng: random.Random, persona: dict, gender: str, city: str, since: int, years: int,
             language: str) -> str:
    lines = [line[2:] if line[1:2] == ":" else line for line in persona["lines"]
             if line[1:2] != ":" or line[0] == gender]
    sentences = [OPENERS[language].format(city=city, since=since, years=years, field=persona["field"][language])]
    sentences += rng.sample(lines, k=min(len(lines), rng.randint(1, 2)))
    if rng.random() < 0.6:
        sentences.append(rng.choice(CLOSERS[rng.choice([language, "sq"])]))
    return " ".join(sentences)


def _email(rng: random.Random, first: str, last: str, birth_year: int, domains: list, used: set) -> str:
    f, l = _ascii(first), _ascii(last).replace(" ", "")
    local = rng.choice([f"{f}.{l}{birth_year % 100:02d}", f"{f}{l}{rng.randint(1, 99)}", f"{f[0]}.{l}{birth_year}",
                        f"{l}.{f}{rng.randint(1, 9)}", f"{f}_{l}{birth_year % 100:02d}"])
    email = f"{local}@{rng.choice(domains)}"
    suffix = 2
    while email in used:
        email = f"{local}.{suffix}@{email.split('@')[1]}"
        suffix += 1
    used.add(email)
    return email


def _roles(rng: random.Random, persona_key: str) -> tuple[bool, bool]:
    if persona_key == "business":
        return _weighted(rng, [((True, False), 25), ((True, True), 40), ((False, True), 35)])
    return _weighted(rng, [((True, False), 73), ((True, True), 23), ((False, True), 4)])


def _countries(people: dict):
    """Countries of residence in exact proportion to their weights at every prefix of the sequence.

    Each next person goes to the country furthest behind its share, so 30 profiles and 300 both
    mirror the diaspora (Italy, then Greece, ...) and the first N people never depend on the total.
    """
    weights = {code: c["weight"] for code, c in people["countries"].items()}
    total, assigned, n = sum(weights.values()), dict.fromkeys(weights, 0), 0
    while True:
        n += 1
        country = max(weights, key=lambda code: weights[code] * n / total - assigned[code])
        assigned[country] += 1
        yield country


def _declared_gender(gender: str, birth: date) -> Gender | None:
    """What the member chose to state (optional): most state it, some leave it empty, a few prefer not to say.
    Read off the birth day rather than drawn, so every other demo value stays what it was."""
    if birth.day % 7 == 0:
        return None
    if birth.day == 13:
        return Gender.UNDISCLOSED
    return Gender.MAN if gender == "m" else Gender.WOMAN


def _person(rng: random.Random, people: dict, personas: list, used: set, country: str) -> dict:
    """One diaspora member: residence, languages, education, skills and, for agents, Connect Albania facts."""
    place = people["countries"][country]
    city_row = _weighted(rng, [(row, row[1]) for row in place["cities"]])
    city = rng.choice(city_row[0].split("|"))
    home = city_row[2] if len(city_row) > 2 else place["lang"]
    gender = rng.choice("mf")
    first = rng.choice(people["first_male" if gender == "m" else "first_female"])
    last = rng.choice(people["last"])
    persona = _weighted(rng, [(p, p["weight"]) for p in personas])
    age = rng.randint(24, 63)
    birth = date(2026 - age, rng.randint(1, 12), rng.randint(1, 28))
    is_expert, is_agent = _roles(rng, persona["key"])
    years_abroad = rng.randint(5, max(5, min(age - 12, 35)))
    if is_agent and rng.random() < 0.12:  # recent emigrants: not yet eligible as Connect Albania agents
        years_abroad = rng.randint(1, 4)
    years = rng.randint(max(2, (age - 24) // 2), max(2, age - 23))
    education, highest = _education(rng, people, persona, country)
    if is_agent and not is_expert and rng.random() < 0.35:  # business owners who left school early
        education, highest = [], _weighted(rng, [(EducationLevel.PRIMARY, 1), (EducationLevel.SECONDARY, 1)])
    summary_language = _weighted(rng, [("it", 50), ("en", 30), ("sq", 20)] if country == "IT"
                                 else [("en", 60), ("sq", 40)])
    skills = rng.sample(persona["skills"], k=rng.randint(4, min(9, len(persona["skills"]))))
    skills += rng.sample(GENERIC_SKILLS, k=rng.randint(0, 2))
    chapters = sorted(rng.sample(persona["chapters"], k=rng.randint(1, min(3, len(persona["chapters"])))))
    available = rng.random() < 0.45
    available_from = date(2027, rng.choice([1, 1, 2, 3, 4, 6]), 1) - timedelta(days=rng.choice([0, 31]))
    available_to = available_from + timedelta(days=30 * rng.randint(5, 20))
    network = [country] + rng.sample(place["near"], k=rng.randint(0, min(2, len(place["near"]))))
    return {
        "email": _email(rng, first, last, birth.year, place["domains"], used),
        "full_name": f"{first} {last}", "is_expert": is_expert, "is_agent": is_agent,
        "country": country, "city": city, "gender": _declared_gender(gender, birth),
        "languages": _languages(rng, home, years_abroad, age, country),
        "years_experience": years, "education": education,
        "sectors": [_typed(rng, s) for s in rng.sample(persona["sectors"], k=rng.randint(1, 3))],
        "acquis_chapters": chapters if is_expert or rng.random() < 0.5 else [],
        "skills": [_typed(rng, s) for s in skills],
        "summary": _summary(rng, persona, gender, city, 2026 - years_abroad, years, summary_language),
        "available_from": available_from if available else None,
        "available_to": available_to if available else None,
        "work_mode": _weighted(rng, WORK_MODES),
        "network_countries": network if is_agent else [],
        "investment_sectors": rng.sample(INVESTMENT_SECTORS, k=rng.randint(1, 3)) if is_agent else [],
        "date_of_birth": birth if is_agent else None,
        "years_abroad": years_abroad if is_agent else None,
        "highest_education": highest if is_agent else None,
    }


DEMO_MEMBER = {
    "email": "member@ura.demo", "full_name": "Arjana Mëhilli", "is_expert": True, "is_agent": True,
    "gender": Gender.WOMAN, "country": "IT", "city": "Milano", "languages": {"sq": "C2", "it": "C2", "en": "C1", "fr": "B1"},
    "years_experience": 12,
    "education": [{"degree": "Bachelor", "field": "Financë (Universiteti i Tiranës)"},
                  {"degree": "Laurea magistrale",
                   "field": "Scienze statistiche ed economiche (Università di Milano-Bicocca)"}],
    "sectors": ["Statistics", "public finance", "Fiscalità"], "acquis_chapters": [16, 17, 18, 33],
    "skills": ["national accounts", "ESA 2010", "SDMX", "R", "python", "EU VAT", "contabilità pubblica",
               "Fiscal rules", "statistike", "Excel", "Public procurment"],
    "summary": ("Vivo a Milano dal 2012 e lavoro da 12 anni in ambito statistica e finanza pubblica. "
                "Economic statistician at a regional statistics office: national accounts, ESA 2010 tables and "
                "SDMX transmissions to Eurostat. Kam lidhje me sipërmarrës shqiptarë në Lombardi dhe në Ticino "
                "që duan të investojnë në agroturizëm dhe në vaj ulliri."),
    "available_from": date(2027, 1, 1), "available_to": date(2027, 12, 31), "work_mode": MemberWorkMode.ANY,
    "network_countries": ["IT", "CH"], "investment_sectors": ["agroturizëm", "olive oil and wine", "ICT outsourcing"],
    "date_of_birth": date(1986, 4, 12), "years_abroad": 14, "highest_education": EducationLevel.MASTER,
    "is_mentor": True, "employer": "ISTAT – Ufficio territoriale per la Lombardia",
}


def _written(row: dict) -> dict:
    """A hand-written person of data/mentors.json as profile values (roles they do not name are off)."""
    return {"is_expert": False, "is_agent": False, **row, "work_mode": MemberWorkMode(row["work_mode"])}


def _add_members(run: _Run, records: list[dict]) -> None:
    """Create the missing members in two flushes (users, then profiles): fast on 300 rows."""
    emails = [r["email"] for r in records]
    existing = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
    fresh = [r for r in records if r["email"] not in existing]
    if not fresh:
        return
    now, policy = utcnow(), current_app.config["PRIVACY_POLICY_VERSION"]
    users = [User(email=r["email"], role=Role.MEMBER, email_verified_at=now, display_name=r["full_name"],
                  locale="sq", password_hash=run.password_hash) for r in fresh]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all([
        MemberProfile(user_id=user.id, consent_at=now, consent_version=policy,
                      **{k: v for k, v in record.items() if k != "email"})
        for user, record in zip(users, fresh)])
    db.session.flush()
    run.created += 2 * len(fresh)


def add_members(records: list[dict]) -> int:
    """Create the members of `records` (an "email" and profile fields each) that do not exist yet; the number of
    rows created. For the demo modules beside this one (field projects' researchers and students)."""
    run = _Run()
    _add_members(run, records)
    return run.created


def _profiles(run: _Run, rng: random.Random, profile_count: int, calendar: DemoCalendar) -> None:
    personas = _load("personas.json")
    # The demo member, then the hand-written mentors and twinning bridges, then generated people: a run of n
    # profiles holds the first n of these, so a larger run keeps the people of a smaller one.
    written = ([DEMO_MEMBER] + [_written(row) for row in _load("mentors.json")])[:max(0, profile_count)]
    used = {row["email"] for row in written}
    countries = _countries(run.people)
    generated = [_person(rng, run.people, personas, used, next(countries))
                 for _ in range(max(0, profile_count - len(written)))]
    _add_members(run, [_available_moved(record, calendar) for record in written + generated])


def _available_moved(record: dict, calendar: DemoCalendar) -> dict:
    """People's availability moves with the postings' periods, so the same people stay available for them."""
    return {**record, **{key: calendar.moved(record[key]) for key in ("available_from", "available_to")
                         if record.get(key) is not None}}


# ---------------------------------------------------------------- entry point

def _summary_line(run: _Run) -> str:
    def count(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))
    postings = "".join(f"{count(Opportunity, Opportunity.kind == kind)} {kind.demo.noun} "
                       f"({count(Opportunity, Opportunity.kind == kind, Opportunity.is_open)} open), "
                       for kind in all_kinds() if kind.demo is not None)
    return (f"demo     {count(Institution)} institutions, {postings}{count(MemberProfile)} diaspora profiles "
            f"({count(MemberProfile, MemberProfile.is_agent.is_(True))} Development Agents, "
            f"{count(MemberProfile, MemberProfile.is_mentor.is_(True))} mentors); "
            f"{run.created} rows created by this run")


def seed(profile_count: int = 300) -> list[str]:
    """Load the demo programme; `profile_count` diaspora profiles, member@ura.demo included. Flushes only."""
    rng = random.Random(SEED)
    run = _Run()
    institutions = _institutions(run)
    logins = [
        _login(run, "admin@ura.demo", Role.ADMIN),
        _login(run, "officer@ura.demo", Role.OFFICER),
        _login(run, "ministry@ura.demo", Role.MINISTRY, institutions["MEPJ"]),
        _login(run, "instat@ura.demo", Role.MINISTRY, institutions["INSTAT"]),
        _login(run, "akshi@ura.demo", Role.MINISTRY, institutions["AKSHI"]),
        _login(run, "shkoder@ura.demo", Role.MINISTRY, institutions["BSHK"]),
        _login(run, "university@ura.demo", Role.MINISTRY, institutions["UT"]),
        _login(run, "agriculture@ura.demo", Role.MINISTRY, institutions["MBZHR"]),
        _login(run, "tourism@ura.demo", Role.MINISTRY, institutions["MTKS"]),
    ]
    creators = {"MEPJ": logins[2], "INSTAT": logins[3], "AKSHI": logins[4], "BSHK": logins[5], "UT": logins[6],
                "MBZHR": logins[7], "MTKS": logins[8]}
    calendar = DemoCalendar(written=DATA_WRITTEN, today=today())
    _postings(run, rng, institutions, creators, calendar)
    db.session.flush()
    _profiles(run, rng, profile_count, calendar)
    logins.append(db.session.scalar(select(User).where(User.email == DEMO_MEMBER["email"])))
    lines = [f"{user.role.value:8} {user.email} / {DEMO_PASSWORD}" for user in logins if user is not None]
    return lines + [_summary_line(run)]
