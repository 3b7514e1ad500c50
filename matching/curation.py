"""Curated vocabulary: aliases and concepts an administrator adds to a taxonomy while it is in use.

A `Curation` lays itself over its own copy of a taxonomy (`Curation(taxonomy).taxonomy`; the packaged one
stays as shipped) and is the first thing that copy's term lookup consults, so a typed skill that named nothing reads as the concept
it was mapped to. Each change answers what it changed (the folded terms whose reading moved, the concept
added): the caller re-encodes the profiles that typed those terms and drops its encoded queries, which is
all an index needs (`MatchIndex.reencode`), never a rebuild.

`unmapped_terms` says which typed pieces name no concept (what a curation queue collects) and `nearest`
suggests concepts for one of them: by rapidfuzz (token set ratio: word order and extra words
ignored) over every name and alias, and by the lexicon (concepts
whose names or aliases share word stems with the term).
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from matching.taxonomy import CURATED, Skill, Taxonomy, pieces
from matching.text import analyse, fold

# Columns reserved in an index for concepts added after its build (an empty sparse column costs 8 bytes).
CURATED_CAPACITY = 4096
MAX_TERM = 120  # longer typed "skills" are sentences, not vocabulary


class CurationError(ValueError):
    """A change the overlay refuses: an unknown concept, an empty term, a concept that exists already."""


@dataclass(frozen=True, slots=True)
class Change:
    terms: frozenset[str]  # folded terms whose reading changed
    concept: str | None = None  # the id of a concept this change added


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: str
    name: str
    score: float  # 0..100


def concept_id(name: str) -> str:
    """The id of a curated concept named `name`: stable across installations, apart from packaged ids."""
    slug = fold(name).replace(" ", "_")
    if not slug:
        raise CurationError("a concept needs a name")
    return f"{CURATED}.{slug}"


def term_key(term: str) -> str:
    """The folded form under which a term is curated and queued."""
    return fold(term)


class Curation:
    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy.copy()
        self.taxonomy.curation = self
        self.aliases: dict[str, str] = {}  # folded term -> concept id
        self.added = 0  # concepts added

    def concept_of(self, key: str) -> str | None:
        return self.aliases.get(key)

    def add_alias(self, term: str, concept: str) -> Change:
        key = term_key(term)
        if not key:
            raise CurationError("an alias needs a term")
        if concept not in self.taxonomy.skills:
            raise CurationError(f"no concept {concept!r}")
        if self.aliases.get(key) == concept:
            return Change(frozenset())
        self.aliases[key] = concept
        self.taxonomy.readings_changed()
        return Change(frozenset({key}))

    def new_concept(self, name: str, terms: tuple[str, ...] = (), chapters: tuple[int, ...] = ()) -> Change:
        """Add a concept named `name`, read from `terms` and its name; refused if its id exists already."""
        cid = concept_id(name)
        if cid in self.taxonomy.skills:
            raise CurationError(f"concept {cid!r} exists already")
        if self.added >= CURATED_CAPACITY:
            raise CurationError(f"at most {CURATED_CAPACITY} curated concepts")
        # Its name reads as it too, unless that name already reads as another concept (which stays so).
        named = not self.taxonomy.resolve(name)
        self.taxonomy.add_skill(Skill(cid, name.strip(), CURATED, tuple(chapters), ()))
        self.added += 1
        keys = set()
        for term in (name, *terms) if named else terms:
            keys |= self.add_alias(term, cid).terms
        return Change(frozenset(keys), cid)


def unmapped_terms(taxonomy: Taxonomy, text: str) -> list[str]:
    """The pieces of one typed skill that name no concept, as typed (a whole short string is one piece)."""
    if len(text) > MAX_TERM * 3:
        return []
    parts = [p.strip() for p in pieces(text)]
    if len(parts) == 1:
        parts = [text.strip()]
    return [p for p in parts if len(p) <= MAX_TERM and term_key(p) and not taxonomy.resolve(p)]


def nearest(taxonomy: Taxonomy, term: str, limit: int = 3) -> tuple[list[Suggestion], list[Suggestion]]:
    """(by rapidfuzz, by the lexicon): the concepts closest to `term`, best first, at most `limit` each."""
    key = term_key(term)
    entries = taxonomy.alias_entries()
    fuzzy: dict[str, float] = {}
    for _alias, score, i in process.extract(key, [a for a, _ in entries], scorer=fuzz.token_set_ratio,
                                            processor=None, limit=limit * 8, score_cutoff=50):
        fuzzy.setdefault(entries[i][1], float(score))
    stems = set(analyse(term).split())
    lexicon: dict[str, float] = {}
    if stems:
        for alias, sid in entries:
            theirs = set(analyse(alias).split())
            shared = len(stems & theirs)
            if shared:
                lexicon[sid] = max(lexicon.get(sid, 0.0), 100.0 * shared / len(stems | theirs))
    return _best(taxonomy, fuzzy, limit), _best(taxonomy, lexicon, limit)


def _best(taxonomy: Taxonomy, scores: dict[str, float], limit: int) -> list[Suggestion]:
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [Suggestion(sid, taxonomy.skills[sid].name, round(score, 1)) for sid, score in ranked]
