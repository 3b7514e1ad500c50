"""Seeded synthetic profiles and opportunities with graded relevance labels (evaluation, benchmarks).

A seed gives the same data on any machine (numpy Generator for bulk draws, random.Random for the
per-string noise). The generator reads the taxonomy CSV files itself, not the engine's normaliser:
it knows each skill's canonical id and its aliases in six languages, and types them the way people
do (random case, ë->e, swapped words, one or two typos, abbreviations, the wrong language), adding
free-text skills the taxonomy does not know and summaries that mix languages.

Relevance is defined on latent canonical concepts and the contract's hard rules, never on strings:
- 2, right person: eligible, and for a fellowship holds at least 2/3 of its required skills and meets
  its minimum years; for an investment lead, brings investors in its sector and has a network in at
  least half of its target countries;
- 1, partly right: eligible, and some overlap: a required or preferred skill or an acquis chapter in
  common (fellowship); the sector or a target country (lead);
- 0: ineligible or unrelated.
For each opportunity, candidates are planted among background profiles: true fits whose skills are
its required skills typed in other words, partial fits, and "twins" that fit as well but break exactly
one hard rule. Labels are then computed by the rule above for every pair, so a background profile
that happens to fit counts too. Some summaries mention a topic the person does not work on.
"""
from __future__ import annotations

import csv
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from matching.model import CEFR, ROLES_FOR_KIND, Opportunity, Profile

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ALIAS_LANGS = ("en", "sq", "it", "el", "de", "fr")
# Residence of the diaspora: mostly Italy and Greece, then Germany, UK, US, Switzerland, ...
COUNTRIES = {  # code: (weight, languages spoken there, cities)
    "IT": (0.31, ("it",), ("Milano", "Roma", "Torino", "Bari", "Bologna", "Firenze", "Genova")),
    "GR": (0.26, ("el",), ("Athens", "Thessaloniki", "Patras", "Ioannina", "Larissa")),
    "DE": (0.08, ("de",), ("Berlin", "München", "Frankfurt", "Stuttgart", "Düsseldorf")),
    "GB": (0.06, ("en",), ("London", "Manchester", "Birmingham")),
    "US": (0.07, ("en",), ("New York", "Boston", "Detroit", "Chicago", "Washington")),
    "CH": (0.04, ("de", "fr"), ("Zürich", "Genève", "Basel", "Lausanne")),
    "FR": (0.03, ("fr",), ("Paris", "Lyon", "Marseille")),
    "BE": (0.025, ("fr", "nl"), ("Bruxelles", "Liège", "Antwerpen")),
    "AT": (0.02, ("de",), ("Wien", "Graz", "Linz")),
    "CA": (0.02, ("en", "fr"), ("Toronto", "Montréal", "Ottawa")),
    "SE": (0.01, ("sv",), ("Stockholm", "Göteborg")),
    "NL": (0.01, ("nl",), ("Amsterdam", "Rotterdam")),
    "TR": (0.01, ("tr",), ("İstanbul", "İzmir")),
    "AL": (0.035, ("sq",), ("Tiranë", "Durrës", "Shkodër", "Vlorë", "Korçë")),
}
COUNTRY_CODES = tuple(COUNTRIES)
COUNTRY_WEIGHTS = np.array([COUNTRIES[c][0] for c in COUNTRY_CODES]) / sum(v[0] for v in COUNTRIES.values())
FIRST = ("Arben", "Besnik", "Blerta", "Dritan", "Elira", "Ermal", "Fatjona", "Genta", "Ilir", "Jonida",
         "Klajdi", "Ledia", "Marsel", "Mirela", "Ndriçim", "Orjana", "Rezarta", "Sokol", "Teuta", "Xhensila",
         "Albana", "Erion", "Gëzim", "Lindita", "Kreshnik", "Anisa", "Dorian", "Eneida", "Flutura", "Enkeleda")
LAST = ("Hoxha", "Gashi", "Krasniqi", "Shehu", "Dervishi", "Leka", "Çela", "Marku", "Brahimi", "Kola",
        "Prifti", "Basha", "Mema", "Dushku", "Zeneli", "Toska", "Rama", "Bregu", "Kuçi", "Myftari")
REGIONS = ("Tiranë", "Durrës", "Vlorë", "Shkodër", "Korçë", "Berat", "Gjirokastër", "Elbasan", "Fier",
           "Lezhë", "Kukës", "Dibër", "Sarandë")
INSTITUTIONS = ("Ministry for Europe and Foreign Affairs", "Ministry of Finance and Economy", "Ministry of Justice",
                "Ministry of Tourism and Environment", "Ministry of Agriculture and Rural Development",
                "Ministry of Infrastructure and Energy", "Ministry of Health and Social Protection",
                "Ministry of Education and Sport", "INSTAT", "General Directorate of Customs",
                "Public Procurement Agency", "Competition Authority", "National Agency for Information Society",
                "Bank of Albania", "Ministria e Brendshme", "Agjencia Kombëtare e Mjedisit")
# Skills people list that no taxonomy of EU-approximation work contains.
FREE_SKILLS = ("team leadership", "MS Excel", "negotiation", "public speaking", "report writing", "AutoCAD",
               "Python", "SAP", "stakeholder engagement", "punë në grup", "komunikim", "lavoro di squadra",
               "problem solving", "Teamfähigkeit", "travail en équipe", "ομαδικότητα", "Photoshop",
               "time management", "leadership", "aftësi organizative", "mentoring", "Power BI", "coaching")
DEGREES = ("BSc", "MSc", "Master", "Bachelor", "PhD", "LLM", "MBA", "Laurea magistrale", "Diplom", "Πτυχίο")
SUMMARY = {  # sentences by language; {topic}, {skill}, {years}, {city}
    "en": ("{years} years of experience in {topic}.", "Worked on {skill} for public and private clients.",
           "Based in {city}, keen to contribute to Albania's EU accession.", "Background in {topic}."),
    "sq": ("Kam {years} vjet përvojë në {topic}.", "Kam punuar me {skill}.", "Jetoj në {city} dhe dua të "
           "kontribuoj për integrimin europian të Shqipërisë.", "Eksperte/ekspert në {topic}."),
    "it": ("Esperienza di {years} anni in {topic}.", "Ho lavorato su {skill} a {city}.",
           "Competenze in {skill}.", "Disponibile per progetti in Albania."),
    "el": ("Εμπειρία {years} ετών σε {topic}.", "Εργάστηκα σε {skill}.", "Ζω στην πόλη {city}."),
    "de": ("{years} Jahre Erfahrung im Bereich {topic}.", "Schwerpunkt: {skill}.", "Wohnhaft in {city}."),
    "fr": ("{years} ans d'expérience en {topic}.", "J'ai travaillé sur {skill}.", "Basé à {city}."),
}
INTEREST = {"en": "Interested in {topic}.", "sq": "Më intereson {topic}.", "it": "Mi interessa {topic}.",
            "de": "Interesse an {topic}.", "fr": "Intéressé par {topic}.", "el": "Ενδιαφέρομαι για {topic}."}
POOL = 24  # typed variants kept per (skill, language): people repeat the same spellings
START = date(2026, 1, 1)


@dataclass(frozen=True)
class Concept:
    id: str
    name: str
    chapters: tuple[int, ...]
    sectors: tuple[str, ...]
    aliases: dict[str, tuple[str, ...]]
    abbreviations: tuple[str, ...]


class Vocabulary:
    """The taxonomy as the generator sees it: concepts with their aliases, grouped by chapter and sector."""

    def __init__(self, data_dir: str | Path | None = None):
        base = Path(data_dir) if data_dir is not None else DATA_DIR
        self.concepts: list[Concept] = []
        for path in sorted((base / "skills").glob("*.csv")):
            for row in _rows(path):
                aliases = {lang: tuple(a.strip() for a in (row.get(f"aliases_{lang}") or "").split("|") if a.strip())
                           for lang in ALIAS_LANGS}
                aliases["en"] = (row["name"].strip(), *aliases["en"])
                abbreviations = tuple(a for v in aliases.values() for a in v if _is_abbreviation(a))
                self.concepts.append(Concept(
                    row["id"].strip(), row["name"].strip(),
                    tuple(int(c) for c in (row.get("chapters") or "").split(";") if c.strip()),
                    tuple(s.strip() for s in (row.get("sectors") or "").split(";") if s.strip()),
                    aliases, abbreviations))
        self.sector_aliases: dict[str, dict[str, tuple[str, ...]]] = {}
        self.investment_sectors: list[str] = []
        for row in _rows(base / "sectors.csv"):
            slug = row["slug"].strip()
            names = {lang: tuple(a.strip() for a in (row.get(f"aliases_{lang}") or "").split("|") if a.strip())
                     for lang in ALIAS_LANGS}
            names["en"] = (row["name"].strip(), *names["en"])
            self.sector_aliases[slug] = names
            if (row.get("kind") or "").strip() == "investment":
                self.investment_sectors.append(slug)
        self.chapter_titles = {int(r["chapter"]): r["title"] for r in _rows(base / "acquis_chapters.csv")}
        by_chapter: dict[int, list[int]] = {}
        by_sector: dict[str, list[int]] = {}
        for i, c in enumerate(self.concepts):
            for ch in c.chapters:
                by_chapter.setdefault(ch, []).append(i)
            for s in c.sectors:
                by_sector.setdefault(s, []).append(i)
        # Only chapters and investment sectors with enough skills to write a call for.
        self.by_chapter = {ch: v for ch, v in sorted(by_chapter.items()) if len(v) >= 4}
        self.by_sector = by_sector
        self.investment_sectors = [s for s in self.investment_sectors if len(by_sector.get(s, ())) >= 3]
        if not self.by_chapter or not self.investment_sectors:
            raise ValueError(f"{base}: the taxonomy has too few skills to generate data from")
        self.chapters = list(self.by_chapter)


def _rows(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _is_abbreviation(alias: str) -> bool:
    return 2 <= len(alias) <= 6 and " " not in alias and sum(ch.isupper() for ch in alias) >= 2


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def add_typo(text: str, rnd: random.Random) -> str:
    """One keyboard slip inside a word: a letter replaced, dropped, doubled or swapped with the next."""
    spots = [i for i in range(1, len(text) - 1) if text[i].isalpha() and text[i + 1].isalpha()]
    if not spots:
        return text
    i = rnd.choice(spots)
    op = rnd.randrange(4)
    if op == 0:
        return text[:i] + rnd.choice("aeioustrnl") + text[i + 1:]
    if op == 1:
        return text[:i] + text[i + 1:]
    if op == 2:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


class Typist:
    """Skills and sectors written the way people write them."""

    def __init__(self, vocab: Vocabulary, rnd: random.Random):
        self.vocab, self.rnd = vocab, rnd
        self._pools: dict[tuple, list[str]] = {}

    def noisy(self, text: str, care: float = 1.0) -> str:
        """`care` scales the noise: 1 for a person filling a form, about 0.2 for an officer's call."""
        r = self.rnd
        if r.random() < 0.5 * care:
            text = strip_accents(text)
        words = text.split()
        if len(words) >= 2 and r.random() < 0.12 * care:
            i = r.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
            text = " ".join(words)
        if len(text) >= 6 and r.random() < 0.22 * care:
            text = add_typo(text, r)
            if r.random() < 0.25:
                text = add_typo(text, r)
        u = r.random()
        if u < 0.45 * care:
            text = text.lower()
        elif u < 0.55 * care and len(text) < 30:
            text = text.upper()
        elif u < 0.65 * care:
            text = text.title()
        return text

    def _base(self, aliases: dict[str, tuple[str, ...]], lang: str) -> str:
        options = aliases.get(lang) or aliases["en"]
        return self.rnd.choice(options)

    def skill(self, concept: int, lang: str, fresh: bool = False) -> str:
        key = (concept, lang)
        pool = self._pools.setdefault(key, [])
        if not fresh and len(pool) >= POOL:
            return pool[self.rnd.randrange(POOL)]
        c = self.vocab.concepts[concept]
        r = self.rnd.random()
        if c.abbreviations and r < 0.12:
            text = self.rnd.choice(c.abbreviations)
        else:
            text = self.noisy(self._base(c.aliases, lang))
            words = text.split()
            if len(words) >= 3 and r > 0.97:
                text = "".join(w[0] for w in words).upper()  # home-made initials
        if not fresh:
            pool.append(text)
        return text

    def sector(self, slug: str, lang: str) -> str:
        pool = self._pools.setdefault(("sector", slug, lang), [])
        if len(pool) >= POOL:
            return pool[self.rnd.randrange(POOL)]
        pool.append(self.noisy(self._base(self.vocab.sector_aliases[slug], lang)))
        return pool[-1]

    def official(self, concept: int, lang: str) -> str:
        """How an officer writes a skill in a call: the name or an alias, with little noise."""
        c = self.vocab.concepts[concept]
        text = c.name if lang == "en" and self.rnd.random() < 0.6 else self._base(c.aliases, lang)
        return self.noisy(text, care=0.2)


@dataclass
class Latent:
    """What a person really is, in canonical terms; the labels are computed from this only."""
    roles: tuple[str, ...]
    country: str
    languages: dict[str, int]  # CEFR level 1..6
    years: int
    skills: tuple[int, ...]  # concept indices
    chapters: tuple[int, ...]  # stated acquis chapters
    investment: tuple[str, ...] = ()
    network: tuple[str, ...] = ()
    available_from: date | None = None
    available_to: date | None = None
    work_mode: str = "any"
    free_skills: int = 0
    interest: int | None = None  # a chapter mentioned in the summary without any skill in it


@dataclass
class OppSpec:
    kind: str
    chapters: tuple[int, ...]
    required: tuple[int, ...]
    preferred: tuple[int, ...]
    languages: dict[str, int]
    min_years: int | None
    start: date | None
    end: date | None
    work_mode: str
    sector: str = ""
    targets: tuple[str, ...] = ()
    wording: dict[int, str] = field(default_factory=dict)  # concept -> how the call writes it


@dataclass
class Dataset:
    profiles: list[Profile]
    opportunities: list[Opportunity]
    labels: dict[str, dict[str, int]]  # opportunity id -> profile id -> grade (1 or 2; absent = 0)
    latent: dict[str, Latent]


# --- languages --------------------------------------------------------------------------------------

def _level(rnd: random.Random, weights: tuple[float, ...]) -> int:
    """A CEFR level 1..6 drawn with `weights` over A1..C2."""
    return rnd.choices(range(1, 7), weights=weights)[0]


def languages_for(country: str, rnd: random.Random) -> dict[str, int]:
    spoken = COUNTRIES[country][1]
    out = {"sq": _level(rnd, (0, 0, 4, 10, 22, 64))}
    local = spoken[0] if len(spoken) == 1 or rnd.random() < 0.7 else spoken[1]
    if local != "sq":
        out[local] = _level(rnd, (0, 1, 5, 20, 44, 30))
    if "en" not in out:
        out["en"] = _level(rnd, (2, 5, 20, 35, 28, 10))
    if country == "GR" and rnd.random() < 0.25:
        out["it"] = _level(rnd, (5, 15, 35, 30, 15, 0))
    if rnd.random() < 0.12:
        extra = rnd.choice(("fr", "de", "it", "es"))
        out.setdefault(extra, _level(rnd, (20, 30, 30, 15, 5, 0)))
    return out


def _typing_language(latent: Latent, rnd: random.Random) -> str:
    langs = [lang for lang in latent.languages if lang in ALIAS_LANGS]
    u = rnd.random()
    if u < 0.35 or not langs:
        return "en"
    if u < 0.65 and "sq" in langs:
        return "sq"
    return rnd.choice(langs)


# --- background people and opportunities -----------------------------------------------------------

class Generator:
    def __init__(self, seed: int = 0, vocab: Vocabulary | None = None):
        self.vocab = vocab if vocab is not None else Vocabulary()
        self.np = np.random.default_rng(seed)
        self.rnd = random.Random(seed)
        self.typist = Typist(self.vocab, self.rnd)
        # How popular each chapter and investment sector is among the diaspora (fixed per seed).
        self.chapter_weights = self.np.dirichlet(np.full(len(self.vocab.chapters), 2.0))
        self.sector_weights = self.np.dirichlet(np.full(len(self.vocab.investment_sectors), 2.0))

    def _availability(self, rnd: random.Random) -> tuple[date | None, date | None]:
        u = rnd.random()
        if u < 0.4:
            return None, None
        start = START - timedelta(days=120) + timedelta(days=rnd.randrange(480))
        if u < 0.5:
            return start, None
        return start, start + timedelta(days=rnd.randrange(90, 720))

    def latent_people(self, n: int) -> list[Latent]:
        """Background profiles; the bulk draws are vectorised, the rest is a light loop."""
        g, rnd, v = self.np, self.rnd, self.vocab
        countries = g.choice(len(COUNTRY_CODES), size=n, p=COUNTRY_WEIGHTS)
        role_u = g.random(n)
        years = np.clip(g.gamma(2.2, 4.5, size=n), 0, 40).astype(int)
        main = g.choice(len(v.chapters), size=n, p=self.chapter_weights)
        second = g.choice(len(v.chapters), size=n, p=self.chapter_weights)
        sector = g.choice(len(v.investment_sectors), size=n, p=self.sector_weights)
        counts = g.integers(3, 9, size=n)
        modes = g.choice(4, size=n, p=(0.4, 0.15, 0.25, 0.2))
        out = []
        for i in range(n):
            roles = ("expert",) if role_u[i] < 0.8 else ("development_agent",) if role_u[i] < 0.92 else (
                "expert", "development_agent")
            country = COUNTRY_CODES[countries[i]]
            skills: list[int] = []
            chapters: tuple[int, ...] = ()
            investment: tuple[str, ...] = ()
            network: tuple[str, ...] = ()
            k = int(counts[i])
            if "expert" in roles:
                c1, c2 = v.chapters[main[i]], v.chapters[second[i]]
                skills += self._draw(v.by_chapter[c1], k - k // 3) + self._draw(v.by_chapter[c2], k // 3)
                chapters = tuple(sorted({c1} | ({c2} if rnd.random() < 0.4 else set()))) if rnd.random() < 0.7 else ()
            if "development_agent" in roles:
                s1 = v.investment_sectors[sector[i]]
                extra = rnd.choice(v.investment_sectors) if rnd.random() < 0.4 else s1
                investment = tuple(dict.fromkeys((s1, extra)))
                skills += self._draw(v.by_sector[s1], max(2, k // 2))
                network = tuple(dict.fromkeys([country, *rnd.sample(COUNTRY_CODES, rnd.randrange(0, 4))]))
            available_from, available_to = self._availability(rnd)
            out.append(Latent(
                roles=roles, country=country, languages=languages_for(country, rnd), years=int(years[i]),
                skills=tuple(dict.fromkeys(skills)), chapters=chapters, investment=investment, network=network,
                available_from=available_from, available_to=available_to,
                work_mode=("any", "onsite", "remote", "hybrid")[modes[i]], free_skills=rnd.randrange(0, 4),
                interest=rnd.choice(v.chapters) if rnd.random() < 0.3 else None))
        return out

    def _draw(self, pool: list[int], k: int) -> list[int]:
        return self.rnd.sample(pool, min(k, len(pool)))

    def opportunity_specs(self, m: int) -> list[OppSpec]:
        rnd, v = self.rnd, self.vocab
        out = []
        for _ in range(m):
            start = START + timedelta(days=rnd.randrange(365)) if rnd.random() < 0.85 else None
            end = start + timedelta(days=rnd.randrange(90, 365)) if start and rnd.random() < 0.9 else None
            languages = {"en": rnd.choice((4, 4, 4, 5))} if rnd.random() < 0.85 else {}
            if rnd.random() < 0.5:
                languages["sq"] = rnd.choice((4, 5, 5))
            if rnd.random() < 0.1:
                languages[rnd.choice(("it", "de", "fr"))] = 4
            mode = rnd.choices(("remote", "hybrid", "onsite"), weights=(45, 35, 20))[0]
            min_years = rnd.randrange(2, 13) if rnd.random() < 0.7 else None
            if rnd.random() < 0.75:
                chapter = int(self.np.choice(v.chapters, p=self.chapter_weights))
                pool = v.by_chapter[chapter]
                required = tuple(rnd.sample(pool, rnd.randint(2, min(4, len(pool) - 1))))
                rest = [c for c in pool if c not in required]
                preferred = tuple(rnd.sample(rest, min(len(rest), rnd.randint(1, 3))))
                chapters = (chapter,) if rnd.random() < 0.8 else (chapter, rnd.choice(v.chapters))
                out.append(OppSpec("fellowship", tuple(dict.fromkeys(chapters)), required, preferred, languages,
                                   min_years, start, end, mode))
            else:
                sector = v.investment_sectors[int(self.np.choice(len(v.investment_sectors), p=self.sector_weights))]
                pool = v.by_sector[sector]
                required = tuple(rnd.sample(pool, rnd.randint(1, 2)))
                rest = [c for c in pool if c not in required]
                preferred = tuple(rnd.sample(rest, min(len(rest), rnd.randint(0, 2))))
                targets = tuple(rnd.sample(COUNTRY_CODES[:10], rnd.randint(1, 3)))
                out.append(OppSpec("investment_lead", (), required, preferred, languages, None, start, end,
                                   mode, sector=sector, targets=targets))
        return out

    # --- planted candidates -------------------------------------------------------------------------

    def planted(self, o: OppSpec) -> list[Latent]:
        rnd = self.rnd
        out = [self._fit(o) for _ in range(rnd.randint(2, 5))]
        out += [self._partial(o) for _ in range(rnd.randint(3, 6))]
        out += [self._twin(o) for _ in range(rnd.randint(2, 4))]
        return out

    def _eligible_base(self, o: OppSpec) -> Latent:
        rnd = self.rnd
        country = COUNTRY_CODES[int(self.np.choice(len(COUNTRY_CODES), p=COUNTRY_WEIGHTS))]
        languages = languages_for(country, rnd)
        for lang, level in o.languages.items():
            languages[lang] = max(languages.get(lang, 0), min(6, level + rnd.randrange(3)))
        role = ROLES_FOR_KIND[o.kind][0]
        roles = (role,) if rnd.random() < 0.85 else ("expert", "development_agent")
        available_from = available_to = None
        if rnd.random() < 0.5:
            available_from = (o.start or START) - timedelta(days=rnd.randrange(150))
            available_to = (o.end or o.start or START) + timedelta(days=rnd.randrange(250))
        mode = rnd.choice(("any", "remote", "hybrid")) if o.work_mode == "remote" else rnd.choice(
            ("any", "onsite", "hybrid"))
        years = (o.min_years or 0) + rnd.randrange(12)
        return Latent(roles=roles, country=country, languages=languages, years=years, skills=(), chapters=(),
                      available_from=available_from, available_to=available_to, work_mode=mode,
                      free_skills=rnd.randrange(0, 3), interest=rnd.choice(self.vocab.chapters) if rnd.random() < 0.3
                      else None)

    def _fit(self, o: OppSpec) -> Latent:
        rnd, v = self.rnd, self.vocab
        p = self._eligible_base(o)
        required = list(o.required)
        if len(required) >= 3 and rnd.random() < 0.3:
            required.remove(rnd.choice(required))
        others = v.by_chapter[o.chapters[0]] if o.kind == "fellowship" else v.by_sector[o.sector]
        skills = required + self._draw(list(o.preferred), rnd.randrange(3)) + self._draw(others, rnd.randrange(1, 4))
        p.skills = tuple(dict.fromkeys(skills))
        self._round_out(p, o)
        return p

    def _partial(self, o: OppSpec) -> Latent:
        rnd, v = self.rnd, self.vocab
        p = self._fit(o)
        pool = v.by_chapter[o.chapters[0]] if o.kind == "fellowship" else v.by_sector[o.sector]
        rest = [c for c in pool if c not in o.required]
        if o.kind == "fellowship":
            if o.min_years and o.min_years >= 3 and rnd.random() < 0.2:
                p.years = rnd.randrange(o.min_years)  # the right skills, too junior
                return p
            keep = [rnd.choice(o.required)] if rnd.random() < 0.6 else []
            p.skills = tuple(dict.fromkeys(keep + self._draw(rest, rnd.randint(1, 3))
                                           + self._draw(v.by_chapter[rnd.choice(v.chapters)], 2)))
        elif rnd.random() < 0.5:
            p.network = tuple(c for c in COUNTRY_CODES if c not in o.targets)[:rnd.randint(1, 3)]
        else:
            p.investment = (rnd.choice([s for s in v.investment_sectors if s != o.sector]),)
            p.skills = tuple(self._draw(v.by_sector[p.investment[0]], 3))
        return p

    def _twin(self, o: OppSpec) -> Latent:
        """As good a fit as `_fit`, but breaking exactly one hard rule."""
        rnd = self.rnd
        p = self._fit(o)
        broken = ["role"]
        if o.languages:
            broken.append("language")
        if o.work_mode != "remote":
            broken += ["work_mode", "work_mode"]
        if o.start and o.end:
            broken.append("availability")
        rule = rnd.choice(broken)
        if rule == "role":
            p.roles = ("development_agent",) if o.kind == "fellowship" else ("expert",)
        elif rule == "language":
            lang = rnd.choice(list(o.languages))
            p.languages[lang] = o.languages[lang] - 1 - rnd.randrange(2)
            if p.languages[lang] <= 0:
                del p.languages[lang]
        elif rule == "work_mode":
            p.work_mode = "remote"
        else:
            p.available_from = o.start - timedelta(days=rnd.randrange(60))
            p.available_to = o.end - timedelta(days=rnd.randrange(10, 120))
        return p

    def _round_out(self, p: Latent, o: OppSpec) -> None:
        rnd = self.rnd
        if o.kind == "fellowship":
            p.chapters = o.chapters[:1] if rnd.random() < 0.6 else ()
        else:
            extra = rnd.choice(self.vocab.investment_sectors)
            p.investment = tuple(dict.fromkeys((o.sector, extra) if rnd.random() < 0.4 else (o.sector,)))
            need = (len(o.targets) + 1) // 2
            held = rnd.sample(o.targets, rnd.randint(need, len(o.targets)))
            p.network = tuple(dict.fromkeys([p.country, *held]))

    # --- rendering: latent -> contract records ------------------------------------------------------

    def profile(self, pid: str, p: Latent, avoid: dict[int, str] | None = None) -> Profile:
        rnd, t, v = self.rnd, self.typist, self.vocab
        skills = []
        for c in p.skills:
            lang = _typing_language(p, rnd)
            text = t.skill(c, lang, fresh=avoid is not None)
            if avoid and c in avoid and text.casefold() == avoid[c].casefold():
                text = t.skill(c, "sq" if lang != "sq" else "it", fresh=True)
            skills.append(text)
        skills += rnd.sample(FREE_SKILLS, p.free_skills)
        rnd.shuffle(skills)
        lang = _typing_language(p, rnd)
        field_sectors = list(dict.fromkeys(s for c in p.skills[:3] for s in v.concepts[c].sectors
                                           if s not in v.investment_sectors))[:2]
        sectors = [t.sector(s, lang) for s in field_sectors]
        topic = sectors[0] if sectors else (skills[0] if skills else "public administration")
        summary = self._summary(p, lang, topic, skills)
        return Profile(
            id=pid, roles=p.roles, full_name=f"{rnd.choice(FIRST)} {rnd.choice(LAST)}", country=p.country,
            city=rnd.choice(COUNTRIES[p.country][2]), languages={k: CEFR[lv - 1] for k, lv in p.languages.items()},
            years_experience=p.years,
            education=({"degree": rnd.choice(DEGREES), "field": topic},) if rnd.random() < 0.8 else (),
            sectors=tuple(sectors), acquis_chapters=p.chapters, skills=tuple(skills), summary=summary,
            available_from=p.available_from, available_to=p.available_to, work_mode=p.work_mode,
            network_countries=p.network, investment_sectors=tuple(t.sector(s, lang) for s in p.investment))

    def _summary(self, p: Latent, lang: str, topic: str, skills: list[str]) -> str:
        rnd = self.rnd
        langs = [lang] + ([rnd.choice(("en", "sq", "it"))] if rnd.random() < 0.5 else [])
        city = rnd.choice(COUNTRIES[p.country][2])
        out = []
        for i in range(rnd.randint(2, 4)):
            sentence = rnd.choice(SUMMARY[langs[i % len(langs)]])
            out.append(sentence.format(topic=topic, skill=rnd.choice(skills) if skills else topic, years=p.years,
                                       city=city))
        if p.interest is not None:
            out.append(INTEREST[rnd.choice(langs)].format(topic=self.vocab.chapter_titles.get(p.interest, "")))
        return " ".join(out)

    def opportunity(self, oid: str, o: OppSpec) -> Opportunity:
        rnd, t, v = self.rnd, self.typist, self.vocab
        lang = "en" if rnd.random() < 0.7 else rnd.choice(("sq", "sq", "it"))
        o.wording = {c: t.official(c, lang) for c in (*o.required, *o.preferred)}
        required = tuple(o.wording[c] for c in o.required)
        preferred = tuple(o.wording[c] for c in o.preferred)
        institution = rnd.choice(INSTITUTIONS)
        if o.kind == "fellowship":
            chapter = v.chapter_titles.get(o.chapters[0], "")
            title = f"{v.concepts[o.required[0]].name} fellowship ({chapter})"
            description = (f"The {institution} seeks a diaspora expert to support alignment with the EU acquis "
                           f"in chapter {o.chapters[0]}, {chapter}. Tasks: {', '.join(required)}. "
                           + ("Njohja e gjuhës shqipe është e domosdoshme." if "sq" in o.languages else ""))
            sector = region = ""
            amount = None
        else:
            sector = t.sector(o.sector, lang)
            region = rnd.choice(REGIONS)
            title = f"{v.sector_aliases[o.sector]['en'][0]} investment in {region}"
            description = (f"Investment opportunity in {region}: {sector}. Looking for development agents who "
                           f"can bring investors from {', '.join(o.targets)}.")
            amount = float(rnd.randrange(50, 5000) * 1000)
        return Opportunity(
            id=oid, kind=o.kind, title=title, institution=institution, description=description,
            acquis_chapters=o.chapters, required_skills=required, preferred_skills=preferred,
            languages={k: CEFR[lv - 1] for k, lv in o.languages.items()}, min_years_experience=o.min_years,
            start=o.start, end=o.end, work_mode=o.work_mode, sector=sector, region=region,
            target_countries=o.targets, amount_eur=amount, positions=rnd.randint(1, 3))

    # --- the labelled set and the bulk set ----------------------------------------------------------

    def dataset(self, n_profiles: int, n_opportunities: int) -> Dataset:
        specs = self.opportunity_specs(n_opportunities)
        opportunities = [self.opportunity(f"o{i:05d}", o) for i, o in enumerate(specs)]
        planted = [(p, o) for o in specs for p in self.planted(o)]
        if len(planted) > n_profiles:
            raise ValueError(f"{n_opportunities} opportunities plant {len(planted)} candidates: "
                             f"ask for at least that many profiles")
        people = [(p, None) for p in self.latent_people(n_profiles - len(planted))] + planted
        self.rnd.shuffle(people)  # ids carry no hint of which profiles were planted
        profiles, latent = [], {}
        for i, (p, o) in enumerate(people):
            pid = f"p{i:07d}"
            profiles.append(self.profile(pid, p, avoid=o.wording if o is not None else None))
            latent[pid] = p
        labels = {oid: grades(o, latent, self.vocab) for oid, o in zip((x.id for x in opportunities), specs)}
        return Dataset(profiles, opportunities, labels, latent)

    def profiles(self, n: int) -> list[Profile]:
        return [self.profile(f"p{i:07d}", p) for i, p in enumerate(self.latent_people(n))]

    def iter_profiles(self, n: int, block: int = 20_000) -> Iterator[Profile]:
        """`n` background profiles one at a time, drawn `block` people at a time so that only one block
        is ever held (the benchmark streams them into the index). Up to `block` the same as profiles(n);
        beyond, the same distribution with other draws."""
        for start in range(0, n, block):
            for i, p in enumerate(self.latent_people(min(block, n - start)), start):
                yield self.profile(f"p{i:07d}", p)

    def opportunities(self, m: int) -> list[Opportunity]:
        return [self.opportunity(f"o{i:05d}", o) for i, o in enumerate(self.opportunity_specs(m))]


# --- relevance ---------------------------------------------------------------------------------------

def eligible(o: OppSpec, p: Latent) -> bool:
    """The contract's hard rules, on the latent record (the same values the profile carries)."""
    if not set(ROLES_FOR_KIND[o.kind]) & set(p.roles):
        return False
    if any(p.languages.get(lang, 0) < level for lang, level in o.languages.items()):
        return False
    if o.start and p.available_from and p.available_from > o.start:
        return False
    if o.end and p.available_to and p.available_to < o.end:
        return False
    return not (o.work_mode in ("onsite", "hybrid") and p.work_mode == "remote")


def grade(o: OppSpec, p: Latent, vocab: Vocabulary) -> int:
    if not eligible(o, p):
        return 0
    held = set(p.skills)
    if o.kind == "fellowship":
        covered = sum(c in held for c in o.required) / len(o.required)
        if covered >= 2 / 3 - 1e-9 and p.years >= (o.min_years or 0):
            return 2
        known = set(p.chapters) | {ch for c in p.skills for ch in vocab.concepts[c].chapters}
        return 1 if covered or held & set(o.preferred) or known & set(o.chapters) else 0
    in_sector = o.sector in p.investment
    network = len(set(o.targets) & set(p.network))
    if in_sector and network >= (len(o.targets) + 1) // 2 and network:
        return 2
    return 1 if in_sector or network else 0


def grades(o: OppSpec, latent: dict[str, Latent], vocab: Vocabulary) -> dict[str, int]:
    out = {}
    for pid, p in latent.items():
        g = grade(o, p, vocab)
        if g:
            out[pid] = g
    return out
