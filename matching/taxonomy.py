"""The skills and sectors taxonomy, and the normalisation of what people type onto it.

Data (matching/data/): every `skills/*.csv` with columns
`id,name,domain,chapters,sectors,aliases_en,aliases_sq,aliases_it,aliases_el,aliases_de,aliases_fr`
("|" between aliases, ";" between chapters or sector slugs), `sectors.csv` with
`slug,name,kind,aliases_en,...,aliases_fr` (kind `field` or `investment`) and `acquis_chapters.csv`.

Normalisation, in order, stopping at the first hit:
0. a curated alias, when a matching.curation.Curation is laid over the taxonomy (steps 1 and 4);
1. exact lookup of the folded string (case, accents, punctuation ignored) among ids, names, aliases;
2. the same with the words sorted (word order ignored), then with the spaces removed;
3. the cross-lingual concept lexicon (matching/concepts.py): the same lookups on lemmatised, stemmed,
   ASCII-folded words in each language the text may be in ("appalto pubblico" = "appalti pubblici");
4. rapidfuzz token_sort_ratio against every alias, accepted at FUZZY_CUTOFF (88; 94 for strings of
   under 8 characters): one or two typos in a real term pass, while a generic word such as
   "management" (80 against "risk management") or "law" never lands on a specific skill;
5. the pieces of a list typed in one field ("procurement, tendering / PPL") one by one, each in full:
   steps 1-4, else step 6 within the piece ("Experience: public procurement, internal audit" gives both);
6. known phrases inside a longer sentence ("experience with public procurement"), longest first, as
   written, else through the lexicon.
Each match records how it was found (`SkillMatch.via`), so that an explanation can say "'appalti
pubblici' read as Public procurement". Anything else stays free text; it still counts through the
text-similarity features.
The alias tables are built once per Taxonomy; lookups are memoised since profiles repeat strings.
"""
from __future__ import annotations

import copy
import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from matching.concepts import ConceptLexicon
from matching.language import LANGS
from matching.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
FUZZY_CUTOFF = 88.0
SHORT_CUTOFF = 94.0
SHORT = 8
MAX_SKILL_TEXT = 300  # longer "skills" are sentences: phrase search only, no fuzzy scan
MAX_WINDOW = 6
MAX_TEXT_PHRASES = 2_000  # characters of one typed field read for phrases
_PIECES = re.compile(r"[,;/|+&()\[\]\n•·]+")
N_CHAPTERS = 35


@dataclass(frozen=True, slots=True)
class Skill:
    id: str
    name: str
    domain: str
    chapters: tuple[int, ...]
    sectors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Sector:
    slug: str
    name: str
    kind: str


# How a typed string reached its entry (SkillMatch.via); "" is the entry's name or an English alias as written.
TRANSLATION = "translation"  # an alias in another language, as written
LEMMA = "lemma"  # through the concept lexicon: another inflection, spelling or word order
SPELLING = "spelling"  # a typo corrected by fuzzy matching
CURATED = "curated"  # an alias an administrator added from the curation queue


@dataclass(frozen=True, slots=True)
class SkillMatch:
    id: str
    name: str
    score: float
    text: str  # what the person wrote
    via: str = ""


class _Matcher:
    """Folded alias -> target, with exact, word-order, lexicon and fuzzy lookups memoised per instance.
    `entries`: (alias, its language or None for ids and names, target)."""

    def __init__(self, entries: list[tuple[str, str | None, str]]):
        self.exact: dict[str, str] = {}
        self.language: dict[str, str] = {}  # folded alias -> its language, for aliases not in English
        self.sorted: dict[str, str] = {}
        self.joined: dict[str, str] = {}  # spaces removed: "extra vergine" = "extravergine"
        for alias, lang, target in entries:
            key = fold(alias)
            if not key:
                continue
            if key not in self.exact and lang not in (None, "en"):
                self.language[key] = lang
            self.exact.setdefault(key, target)
            self.sorted.setdefault(" ".join(sorted(key.split())), target)
            self.joined.setdefault(key.replace(" ", ""), target)
        # Fuzzy candidates: aliases with their words sorted (plain ratio on sorted words equals
        # token_sort_ratio without re-sorting every alias per call), grouped by length, since
        # ratio >= cutoff needs the shorter string to be at least cutoff/(200-cutoff) of the longer.
        by_length: dict[int, list[str]] = {}
        for alias in self.sorted:
            by_length.setdefault(len(alias), []).append(alias)
        self.by_length = by_length
        # Most typos leave some word of a phrase intact: aliases by their words (of 4+ letters) give a
        # short list to try before scanning every alias of a plausible length. Held as positions in the
        # aliases' sorted order: the union of a few words' lists is then a sort of small ints.
        self.fuzzy_aliases = sorted(self.sorted)
        self.by_word: dict[str, list[int]] = {}
        for position, alias in enumerate(self.fuzzy_aliases):
            for word in set(alias.split()):
                if len(word) >= 4:
                    self.by_word.setdefault(word, []).append(position)
        self.concepts = ConceptLexicon(entries)
        self.lookup = lru_cache(maxsize=500_000)(self._lookup)
        self._near = lru_cache(maxsize=None)(self._near_lengths)

    def _lookup(self, text: str) -> tuple[str, float, str] | None:
        """(target, score, via) for one whole typed string, or None."""
        key = fold(text)
        if not key:
            return None
        if key in self.exact:
            return self.exact[key], 100.0, TRANSLATION if key in self.language else ""
        hit = self.sorted.get(" ".join(sorted(key.split()))) or self.joined.get(key.replace(" ", ""))
        if hit:
            return hit, 100.0, ""
        if len(key) <= MAX_SKILL_TEXT:
            hit = self.concepts.lookup(text)
            if hit:
                return hit, 100.0, LEMMA
        fuzzy = self._fuzzy(key)
        return (fuzzy[0], fuzzy[1], SPELLING) if fuzzy else None

    def _fuzzy(self, key: str) -> tuple[str, float] | None:
        if len(key) < 4 or len(key) > MAX_SKILL_TEXT:
            return None
        cutoff = SHORT_CUTOFF if len(key) < SHORT else FUZZY_CUTOFF
        query = " ".join(sorted(key.split()))
        positions = sorted({i for word in set(query.split()) for i in self.by_word.get(word, ())})
        sharing = [self.fuzzy_aliases[i] for i in positions]
        for choices in (sharing, self._near(len(key), cutoff)):
            best = process.extractOne(query, choices, scorer=fuzz.ratio, processor=None,
                                      score_cutoff=cutoff) if choices else None
            if best is not None:
                return self.sorted[best[0]], float(best[1])
        return None

    def _near_lengths(self, length: int, cutoff: float) -> list[str]:
        """The sorted-word aliases of lengths that could reach `cutoff` against a string of `length`."""
        ratio = cutoff / (200.0 - cutoff)
        lo, hi = int(length * ratio), int(length / ratio) + 1
        return [alias for n in range(lo, hi + 1) for alias in self.by_length.get(n, ())]

    def phrases(self, text: str) -> list[tuple[str, str]]:
        """(target, via) of the known phrases inside a longer text, longest first, not overlapping: as
        written, else through the concept lexicon."""
        found = self._written_phrases(fold(text))
        if found:
            return [(t, "") for t in found]
        return [(t, LEMMA) for t in self.concepts.phrases(text[:MAX_TEXT_PHRASES])]

    def _written_phrases(self, key: str) -> list[str]:
        words = key.split()
        found, used = [], [False] * len(words)
        for size in range(min(MAX_WINDOW, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                if any(used[i:i + size]):
                    continue
                window = " ".join(words[i:i + size])
                if size == 1 and len(window) < 4:
                    continue  # a lone short word ("eu", "law") is too generic to name a skill
                target = self.exact.get(window)
                if target and target not in found:
                    found.append(target)
                    used[i:i + size] = [True] * size
        return found


def pieces(text: str) -> list[str]:
    """One typed field cut where people list several skills ("procurement, tendering / PPL")."""
    return [p for p in _PIECES.split(text) if p.strip()]


def _split(value: str, sep: str) -> list[str]:
    return [v.strip() for v in (value or "").split(sep) if v.strip()]


def _aliases(row: dict) -> list[tuple[str, str]]:
    """(alias, language) of every aliases_* column."""
    return [(alias, lang) for lang in LANGS for alias in _split(row.get(f"aliases_{lang}", ""), "|")]


class Taxonomy:
    def __init__(self, skills: list[Skill], skill_aliases: dict[str, list[tuple[str, str]]],
                 sectors: list[Sector], sector_aliases: dict[str, list[tuple[str, str]]],
                 chapters: dict[int, str]):
        self.skills = {s.id: s for s in skills}
        self.sectors = {s.slug: s for s in sectors}
        self.chapters = chapters
        self.skill_ids = list(self.skills)
        self.skill_index = {sid: i for i, sid in enumerate(self.skill_ids)}
        self.sector_slugs = list(self.sectors)
        self.sector_index = {slug: i for i, slug in enumerate(self.sector_slugs)}
        self._skills = _Matcher([(a, lang, sid) for sid in self.skill_ids
                                 for a, lang in [(sid.replace("_", " "), None), (self.skills[sid].name, None),
                                                 *skill_aliases.get(sid, [])]])
        self._sectors = _Matcher([(a, lang, slug) for slug in self.sector_slugs
                                  for a, lang in [(slug.replace("_", " ").replace("-", " "), None),
                                                  (self.sectors[slug].name, None), *sector_aliases.get(slug, [])]])
        self.curation = None  # a matching.curation.Curation laid over this taxonomy: consulted first
        self.readings = 0  # raised whenever what a typed string means may have changed (readings_changed)
        self.resolve = lru_cache(maxsize=500_000)(self._resolve)
        self.sector_of = lru_cache(maxsize=100_000)(self._sector_of)

    def copy(self) -> Taxonomy:
        """This taxonomy with skills and a lookup cache of its own, sharing the (read-only) alias tables."""
        other = copy.copy(self)
        other.skills, other.skill_ids = dict(self.skills), list(self.skill_ids)
        other.skill_index = dict(self.skill_index)
        other.curation = None
        other.resolve = lru_cache(maxsize=500_000)(other._resolve)
        other.sector_of = lru_cache(maxsize=100_000)(other._sector_of)
        return other

    def add_skill(self, skill: Skill) -> None:
        """A concept added in use (matching.curation); it takes the next position."""
        self.skills[skill.id] = skill
        self.skill_index[skill.id] = len(self.skill_ids)
        self.skill_ids.append(skill.id)
        self.readings_changed()

    def readings_changed(self) -> None:
        """Forget every memoised reading (a curated alias or concept changes what typed strings mean); whoever
        memoises readings of its own (matching.encode.Layout) watches `readings`."""
        self.readings += 1
        self.resolve.cache_clear()
        self.sector_of.cache_clear()

    def alias_entries(self) -> list[tuple[str, str]]:
        """(folded name or alias, skill id) of every packaged and curated term."""
        curated = list(self.curation.aliases.items()) if self.curation is not None else []
        return list(self._skills.exact.items()) + curated

    @classmethod
    def load(cls, data_dir: str | Path | None = None) -> Taxonomy:
        base = Path(data_dir) if data_dir is not None else DATA_DIR
        skills, skill_aliases = [], {}
        for path in sorted((base / "skills").glob("*.csv")):
            for line_no, row in _rows(path):
                sid = (row.get("id") or "").strip()
                if not sid:
                    raise ValueError(f"{path}:{line_no}: skill without an id")
                if sid in skill_aliases:
                    raise ValueError(f"{path}:{line_no}: duplicate skill id {sid!r}")
                try:
                    chapters = tuple(int(c) for c in _split(row.get("chapters", ""), ";"))
                except ValueError:
                    raise ValueError(f"{path}:{line_no}: chapters must be integers 1..35") from None
                if any(not 1 <= c <= N_CHAPTERS for c in chapters):
                    raise ValueError(f"{path}:{line_no}: chapters must be integers 1..35")
                skills.append(Skill(sid, (row.get("name") or sid).strip(), (row.get("domain") or "").strip(),
                                    chapters, tuple(_split(row.get("sectors", ""), ";"))))
                skill_aliases[sid] = _aliases(row)
        sectors, sector_aliases = [], {}
        if (base / "sectors.csv").exists():
            for _, row in _rows(base / "sectors.csv"):
                slug = (row.get("slug") or "").strip()
                if slug and slug not in sector_aliases:
                    sectors.append(Sector(slug, (row.get("name") or slug).strip(),
                                          (row.get("kind") or "field").strip()))
                    sector_aliases[slug] = _aliases(row)
        chapters = {}
        if (base / "acquis_chapters.csv").exists():
            chapters = {int(r["chapter"]): r["title"] for _, r in _rows(base / "acquis_chapters.csv")}
        return cls(skills, skill_aliases, sectors, sector_aliases, chapters)

    def normalize(self, text: str) -> SkillMatch | None:
        """The best canonical skill for one typed string, or None (free text)."""
        found = self.resolve(text)
        return found[0] if found else None

    def _resolve(self, text: str) -> tuple[SkillMatch, ...]:
        """Every canonical skill named in one typed string (usually one, sometimes a list)."""
        hit = self._term(text)
        if hit:
            return (self._match(hit[0], hit[1], text, hit[2]),)
        out: dict[str, SkillMatch] = {}
        parts = pieces(text)
        for piece in parts if len(parts) > 1 else [text]:
            # Each piece in full: a lookup, else the phrases inside it ("Experience: public procurement").
            hit = self._term(piece) if len(parts) > 1 else None
            found = [hit] if hit else [(sid, 100.0, via) for sid, via in self._skills.phrases(piece)]
            for sid, score, via in found:
                if sid not in out:
                    out[sid] = self._match(sid, score, piece.strip(), via)
        return tuple(out.values())

    def _term(self, text: str) -> tuple[str, float, str] | None:
        """(skill id, score, via) for one whole typed string: a curated alias first, then the packaged tables."""
        curated = self.curation.concept_of(fold(text)) if self.curation is not None else None
        if curated:
            return curated, 100.0, CURATED
        return self._skills.lookup(text)

    def _match(self, sid: str, score: float, text: str, via: str = "") -> SkillMatch:
        return SkillMatch(sid, self.skills[sid].name, score, text.strip(), via)

    def concepts_in(self, text: str) -> list[str]:
        """Names of the skills a posting's description mentions, in its two most likely languages: they
        join its words so that a description in one language meets profiles whose skills, in another,
        map to the same names. (Profiles' summaries are not read this way: at 100,000 profiles it doubled
        the build for no measurable gain on the generator or the hand-written dev set.)"""
        found = self._skills._written_phrases(fold(text)) + self._skills.concepts.phrases(text, languages=2)
        return [self.skills[sid].name for sid in dict.fromkeys(found)]

    def chapters_of(self, skill_id: str) -> tuple[int, ...]:
        return self.skills[skill_id].chapters

    def sectors_of(self, skill_id: str) -> tuple[str, ...]:
        return tuple(s for s in self.skills[skill_id].sectors if s in self.sector_index)

    def _sector_of(self, text: str) -> str | None:
        """The sector slug a typed sector name means, or None."""
        hit = self._sectors.lookup(text)
        if hit:
            return hit[0]
        found = self._sectors.phrases(text)
        return found[0][0] if found else self._sector_via_skills(text)

    def _sector_via_skills(self, text: str) -> str | None:
        """A sector named by no sector alias may still be a skill's field: agents type what they deal
        in ("Kreislaufwirtschaft", "Bergtourismus"), and the skills' six-language lexicon knows more
        words than the sectors' own aliases. The first sector of the first matched skill that has one."""
        for m in self.resolve(text):
            sectors = self.sectors_of(m.id)
            if sectors:
                return sectors[0]
        return None

    def sector_name(self, slug: str) -> str:
        return self.sectors[slug].name if slug in self.sectors else slug


def _rows(path: Path):
    with open(path, encoding="utf-8", newline="") as fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            yield line_no, row


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    """The packaged taxonomy, loaded once per process (the data files ship with the code)."""
    return Taxonomy.load()
