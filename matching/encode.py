"""Profiles and opportunities turned into the numbers the column store keeps and queries use.

Bitsets: acquis chapters use bits 0..34 of one uint64; a skill's "domain" is its chapters plus its
sectors (bit 35 + the sector's position); sectors and countries (26*26 two-letter codes) use as many
uint64 words as they need. Free-text skills (no taxonomy match) are hashed into columns after the
canonical skills so that the same free text typed on both sides still counts as held.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

import numpy as np

from matching.bits import as_words, set_bit, words_for
from matching.countries import network_of
from matching.curation import CURATED_CAPACITY
from matching.model import CEFR_LEVEL, EMPLOYER_KINDS, ROLES_FOR_KIND, Opportunity, Profile
from matching.taxonomy import N_CHAPTERS, SkillMatch, Taxonomy
from matching.terms import NO_LEVEL, STUDY_RANK, region_mask, region_masks, study_mask, term_mask, term_masks
from matching.text import fold_cached, stemmed_words, stemmed_words_cached
from matching.vectors import char_grams

ROLE_BITS = {"expert": 1, "development_agent": 2, "mentor": 4, "researcher": 8, "student": 16, "organisation": 32}
MODE_CODES = {"any": 0, "onsite": 1, "remote": 2, "hybrid": 3}
FREE_BUCKETS = 2 ** 18
COUNTRY_BITS = 26 * 26
NO_FROM = np.iinfo(np.int32).min
NO_TO = np.iinfo(np.int32).max
MAX_YEARS = 80
EPOCH = date(1970, 1, 1)
MAX_READINGS = 500_000  # typed strings whose reading a Layout keeps
SKILL_SEP = "\x1f"  # ASCII unit separator between typed skills (replaced by a space inside one)
PART_SEP = "\x1e"  # ASCII record separator between the parts of kind_extras


def country_bit(code: str) -> int:
    return (ord(code[0]) - 65) * 26 + (ord(code[1]) - 65)


def day(d: date) -> int:
    return (d - EPOCH).days


class Layout:
    """Column positions derived from a taxonomy; shared by profiles and opportunities."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.n_skills = len(taxonomy.skill_ids)
        # Concepts curated after the build sit after the free-text buckets, in columns reserved for them.
        self.skill_columns = self.n_skills + FREE_BUCKETS + CURATED_CAPACITY
        self.n_sectors = len(taxonomy.sector_slugs)
        self.domain_words = words_for(N_CHAPTERS + self.n_sectors)
        self.sector_words = words_for(self.n_sectors)
        self.country_words = words_for(COUNTRY_BITS)
        # Per skill, as int bitmasks: its chapters (bits 0..34), its domain (chapters + sectors after
        # N_CHAPTERS) and its sectors; computed once (masks_of), since every profile repeats the same skills.
        self.skill_masks: dict[str, tuple[int, int, int]] = {}
        # Per typed string, its Reading: people repeat the same strings, so each is read once. A curation
        # decision changes the taxonomy's readings (Taxonomy.readings), which empties this memo.
        self._readings: dict[str, Reading] = {}
        self._sector_bits: dict[str, int] = {}  # typed sector name -> its sector's bit (0 for none)
        self._readings_of = taxonomy.readings

    def _remembered(self, memo: dict, text: str, compute):
        """memo[text], computed on first use; every memo is emptied once the taxonomy's readings changed, and
        one grown to MAX_READINGS starts again (bounded like the taxonomy's own lookup memo)."""
        if self._readings_of != self.taxonomy.readings:
            self._readings.clear()
            self._sector_bits.clear()
            self._readings_of = self.taxonomy.readings
        value = memo.get(text)
        if value is None:
            if len(memo) >= MAX_READINGS:
                memo.clear()
            value = memo[text] = compute(text)
        return value

    def read(self, text: str) -> Reading:
        """What one typed skill string means to the index (memoised)."""
        return self._remembered(self._readings, text, self._read)

    def _read(self, text: str) -> Reading:
        cols, matches = self._columns(text)
        chapters = domain = sectors = 0
        for m in matches:
            skill_chapters, skill_domain, skill_sectors = self.masks_of(m.id)
            chapters |= skill_chapters
            domain |= skill_domain
            sectors |= skill_sectors
        return Reading(cols, matches, tuple(m.name for m in matches), chapters, domain, sectors)

    def _columns(self, text: str) -> tuple[tuple[int, ...], tuple[SkillMatch, ...]]:
        """The skill columns of a typed string: its concepts' columns, else one free-text bucket."""
        matches = self.taxonomy.resolve(text)
        if matches:
            return tuple(self.skill_column(m.id) for m in matches), matches
        key = fold_cached(text)
        if not key:
            return (), ()
        return (self.n_skills + zlib.crc32(key.encode()) % FREE_BUCKETS,), ()

    def skill_column(self, skill_id: str) -> int:
        position = self.taxonomy.skill_index[skill_id]
        return position if position < self.n_skills else position + FREE_BUCKETS

    def masks_of(self, skill_id: str) -> tuple[int, int, int]:
        """A skill's (chapters, domain, sectors) bitmasks, computed at its first use (a concept curated after
        the layout was made, matching.curation, included)."""
        masks = self.skill_masks.get(skill_id)
        if masks is None:
            chapters = sum(1 << (c - 1) for c in set(self.taxonomy.chapters_of(skill_id)))
            sectors = sum(1 << self.taxonomy.sector_index[x] for x in set(self.taxonomy.sectors_of(skill_id)))
            masks = self.skill_masks[skill_id] = (chapters, chapters | (sectors << N_CHAPTERS), sectors)
        return masks

    def requirement_domain(self, matches: tuple[SkillMatch, ...], into: np.ndarray) -> None:
        """What counts as related to a required skill: its acquis chapters; its sectors only when it
        has no chapter (investment skills), since a sector such as public administration is too broad."""
        for m in matches:
            chapters = self.taxonomy.chapters_of(m.id)
            for c in chapters:
                set_bit(into, c - 1)
            if not chapters:
                for s in self.taxonomy.sectors_of(m.id):
                    set_bit(into, N_CHAPTERS + self.taxonomy.sector_index[s])

    def sectors_named(self, texts) -> list[str]:
        """The sector slugs that typed sector names mean (names that mean none are left out)."""
        return [slug for slug in map(self.taxonomy.sector_of, texts) if slug is not None]

    def sector_mask(self, slugs) -> int:
        index = self.taxonomy.sector_index
        mask = 0
        for slug in slugs:
            mask |= 1 << index[slug]
        return mask

    def typed_sectors_mask(self, texts) -> int:
        """The sectors that typed sector names mean, as a bitmask (memoised per name, like read)."""
        mask = 0
        for text in texts:
            mask |= self._remembered(self._sector_bits, text, self._sector_bit)
        return mask

    def _sector_bit(self, text: str) -> int:
        return self.sector_mask(self.sectors_named([text]))

    def skill_sector_bits(self, matches, into: np.ndarray, kind: str | None = None) -> None:
        for m in matches:
            for s in self.taxonomy.sectors_of(m.id):
                if kind is None or self.taxonomy.sectors[s].kind == kind:
                    set_bit(into, self.taxonomy.sector_index[s])


def country_mask(codes) -> int:
    mask = 0
    for c in codes:
        if is_country(c):
            mask |= 1 << country_bit(c)
    return mask


def is_country(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.isalpha() and code.isupper()


def _joined(items) -> str:
    """The strings between SKILL_SEP; a separator typed inside one becomes a space."""
    text = SKILL_SEP.join(items)
    if text.count(SKILL_SEP) != len(items) - 1 or PART_SEP in text:
        text = SKILL_SEP.join(x.replace(SKILL_SEP, " ").replace(PART_SEP, " ") for x in items)
    return text


def _split(text: str) -> list[str]:
    return text.split(SKILL_SEP) if text else []


def typed_skills(skills) -> bytes:
    """The skills as the person typed them, as one UTF-8 blob (lone surrogates from JSON kept)."""
    return _joined(skills).encode("utf-8", "surrogatepass")


def untyped_skills(blob: bytes) -> tuple[str, ...]:
    return tuple(_split(blob.decode("utf-8", "surrogatepass")))


def country_of(bit: int) -> str:
    return chr(65 + bit // 26) + chr(65 + bit % 26) if bit >= 0 else ""


@lru_cache(maxsize=256)
def role_bits(roles: tuple[str, ...]) -> int:
    return sum(ROLE_BITS[r] for r in set(roles) if r in ROLE_BITS)


def kind_extras(p: Profile, fields: list[str]) -> bytes:
    """What explanations of the newer kinds read back (employer, regions, `fields` of study) as one blob, the
    three parts between PART_SEP; empty for the many profiles that state none of them."""
    if not (p.employer or p.regions or fields):
        return b""
    parts = (_joined([p.employer]), _joined(p.regions), _joined(fields))
    return PART_SEP.join(parts).encode("utf-8", "surrogatepass")


def untyped_extras(blob: bytes) -> dict:
    if not blob:
        return {}
    employer, regions, fields = blob.decode("utf-8", "surrogatepass").split(PART_SEP)
    return {"employer": employer, "regions": _split(regions), "fields": _split(fields)}


@dataclass(frozen=True, slots=True)
class Reading:
    """One typed skill string as the index reads it (Layout.read)."""
    cols: tuple[int, ...]  # its concepts' skill columns, else one free-text bucket (none when blank)
    matches: tuple[SkillMatch, ...]
    names: tuple[str, ...]  # the concepts' names, which join the profile's words
    chapters: int  # bitmasks of the concepts' chapters, domain and sectors (Layout.masks_of)
    domain: int
    sectors: int


@dataclass(slots=True)
class EncodedProfile:
    """One profile's row before it joins a store. Bitsets are Python ints (matching.bits), converted to the
    store's uint64 words a chunk at a time (Store.from_encoded)."""
    role_bits: int
    languages: dict[str, int]
    day_from: int
    day_to: int
    mode: int
    years: int
    skill_cols: list[int]
    domain: int
    chapters: int
    sectors: int
    investment: int
    network: int
    words: list[str]  # the word vector's tokens (matching.text.stemmed_words)
    chars: list[str]  # the character vector's n-grams (matching.vectors.char_grams) of the free-text skills
    country: int  # country_bit of the residence, -1 when not a two-letter code
    stated: int  # the acquis chapters the person stated (bitmask), without those implied by skills
    typed: bytes  # typed_skills(skills), for explanations
    # The newer kinds (docs/contract/KINDS.md): a stated employer (twinning's rule), the study level's rank
    # (NO_LEVEL when unstated), the words of the employer and of the education fields, the regions, and
    # kind_extras() for explanations.
    has_employer: bool
    study_level: int
    employer: int
    fields: int
    regions: int
    extras: bytes


def _char_grams(texts) -> list[str]:
    grams: list[str] = []
    for t in texts:
        grams.extend(char_grams(t))
    return grams


def encode_profile(p: Profile, layout: Layout) -> EncodedProfile:
    cols: list[int] = []
    matched_names, free = [], []
    chapters = domain = sectors = 0
    for s in p.skills:
        reading = layout.read(s)
        cols.extend(reading.cols)
        if reading.matches:
            chapters |= reading.chapters
            domain |= reading.domain
            sectors |= reading.sectors
            matched_names.extend(reading.names)
        elif reading.cols:
            free.append(s)
    stated = 0
    for c in p.acquis_chapters:
        stated |= 1 << (c - 1)
    # The words of the summary, then of the strings people repeat (read once each): skills as typed, the
    # concepts they name, sectors, education and employer.
    fields = [e["field"] for e in p.education if e.get("field")]
    words = stemmed_words(p.summary)
    for part in (*p.skills, *matched_names, *p.sectors, *p.investment_sectors, p.employer):
        words.extend(stemmed_words_cached(part))
    for e in p.education:
        words.extend(stemmed_words_cached(e.get("degree", "")))
        words.extend(stemmed_words_cached(e.get("field", "")))
    return EncodedProfile(
        role_bits=role_bits(tuple(p.roles)),
        languages={k: CEFR_LEVEL[v] for k, v in p.languages.items() if v in CEFR_LEVEL},
        day_from=day(p.available_from) if p.available_from else NO_FROM,
        day_to=day(p.available_to) if p.available_to else NO_TO,
        mode=MODE_CODES.get(p.work_mode, 0), years=min(max(p.years_experience, 0), MAX_YEARS),
        skill_cols=sorted(set(cols)), domain=domain, chapters=stated | chapters,
        sectors=sectors | layout.typed_sectors_mask(p.sectors),
        investment=layout.typed_sectors_mask(p.investment_sectors),
        network=country_mask(network_of(p)), words=words, chars=_char_grams(free),
        country=country_bit(p.country) if is_country(p.country) else -1, stated=stated,
        typed=typed_skills(p.skills), has_employer=bool(fold_cached(p.employer)),
        study_level=STUDY_RANK.get(p.study_level, NO_LEVEL), employer=term_mask([p.employer]),
        fields=term_mask(fields), regions=region_mask(p.regions), extras=kind_extras(p, fields),
    )


@dataclass(slots=True)
class Requirement:
    text: str
    cols: tuple[int, ...]
    matches: tuple[SkillMatch, ...]
    domain: np.ndarray


@dataclass(slots=True)
class Query:
    opportunity: Opportunity
    role_bits: int  # a person needs one of these roles
    languages: dict[str, int]
    start: int | None
    end: int | None
    excludes_remote: bool
    required: list[Requirement]
    preferred: list[Requirement]
    chapters: int
    sectors: np.ndarray
    investment: np.ndarray
    targets: np.ndarray
    words: list[str]  # the word vector's tokens (matching.text.stemmed_words)
    chars: list[str]  # n-grams of the free-text requirements
    # The newer kinds (docs/contract/KINDS.md), each empty or 0 when the opportunity does not state it.
    needs_employer: bool
    study_levels: int  # study_mask() of the levels taken
    counterpart: list[np.ndarray]  # term_masks of the counterpart field
    counterpart_countries: tuple[int, ...]  # country_bit of each
    fields_of_study: list[list[np.ndarray]]  # term_masks of each discipline sought
    region: list[np.ndarray]  # region_masks of a local project's location
    project_sectors: np.ndarray  # a local project's stated sector


def _requirements(texts, layout: Layout) -> list[Requirement]:
    out = []
    for t in dict.fromkeys(x for x in texts if x.strip()):
        reading = layout.read(t)
        if not reading.cols:
            continue
        domain = np.zeros(layout.domain_words, np.uint64)
        layout.requirement_domain(reading.matches, domain)
        out.append(Requirement(t, reading.cols, reading.matches, domain))
    return out


def encode_opportunity(o: Opportunity, layout: Layout) -> Query:
    required = _requirements(o.required_skills, layout)
    preferred = _requirements(o.preferred_skills, layout)
    matches = [m for r in required + preferred for m in r.matches]
    chapters = np.zeros(1, np.uint64)
    for c in o.acquis_chapters:
        set_bit(chapters, c - 1)
    for m in matches:
        for c in layout.taxonomy.chapters_of(m.id):
            set_bit(chapters, c - 1)
    stated = layout.sector_mask(layout.sectors_named([o.sector] if o.sector else []))
    sectors = as_words(stated, layout.sector_words)
    layout.skill_sector_bits(matches, sectors)
    investment = as_words(stated if o.kind == "investment_lead" else 0, layout.sector_words)
    if o.kind == "investment_lead":
        layout.skill_sector_bits(matches, investment, kind="investment")
    targets = as_words(country_mask(o.target_countries), layout.country_words)
    project_sectors = as_words(stated if o.kind == "local_project" else 0, layout.sector_words)
    free = [r.text for r in required + preferred if not r.matches]
    word_doc = " ".join([o.title, o.description, " ".join(layout.taxonomy.concepts_in(o.description)),
                         " ".join(o.required_skills), " ".join(o.preferred_skills),
                         " ".join(m.name for m in matches), o.sector, o.region, o.counterpart_field,
                         " ".join(o.fields_of_study)])
    return Query(
        opportunity=o, role_bits=sum(ROLE_BITS[r] for r in ROLES_FOR_KIND[o.kind]),
        languages={k: CEFR_LEVEL[v] for k, v in o.languages.items() if v in CEFR_LEVEL},
        start=day(o.start) if o.start else None, end=day(o.end) if o.end else None,
        excludes_remote=o.work_mode in ("onsite", "hybrid"), required=required, preferred=preferred,
        chapters=int(chapters[0]), sectors=sectors, investment=investment, targets=targets,
        words=stemmed_words(word_doc), chars=_char_grams(free),
        needs_employer=o.kind in EMPLOYER_KINDS, study_levels=study_mask(o.study_levels),
        counterpart=term_masks([o.counterpart_field]),
        counterpart_countries=tuple(country_bit(c) for c in o.counterpart_countries if is_country(c)),
        fields_of_study=[masks for masks in (term_masks([f]) for f in o.fields_of_study) if masks],
        region=region_masks([o.region]) if o.kind == "local_project" else [],
        project_sectors=project_sectors,
    )
