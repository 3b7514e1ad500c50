"""MatchIndex: profiles vectorised once, every query scored over all of them with array operations.

Layout: a compacted *base* store, a small *delta* store of rows added since, and single-row stores
*pending* from the latest upserts. An upsert encodes one profile and tombstones its old row; a
removal only tombstones. Before a query the pending rows are appended to the delta (cost: the
delta's size), and when the delta outgrows COMPACT_FRACTION of the base, base and delta are
concatenated without re-encoding. The hashed text space and the idf are fixed at build, so new
words in later profiles need no vocabulary change. An index over a base mapped from a snapshot
(`over`, matching/snapshot.py) never compacts: its base is shared with other processes and read-only,
its changes stay in the delta and its own copy of the base's `alive`, until a newer snapshot replaces it.

A query computes the hard rules and every applicable feature for all rows, combines them with the
scorer's weights, picks the top k with argpartition on an integer key (eligible first, then the score
in hundredths; ties by id ascending), and only then builds Match objects and explanations.
"""
from __future__ import annotations

import heapq
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from matching.encode import Layout, country_bit, encode_opportunity, encode_profile, is_country
from matching.explain import Explainer, broken_rule_details, render
from matching.features import DEFAULT_WEIGHTS, FEATURES, RULES, SHORTFALL, text_weighted
from matching.gcpause import gc_paused
from matching.locations import Locations
from matching.model import Match, Opportunity, Profile
from matching.store import Store, shortfall_factor
from matching.taxonomy import Taxonomy, default_taxonomy
from matching.vectors import CHAR_FEATURES, WORD_FEATURES, TextVectors

CHUNK = 20_000
COMPACT_MIN = 2_000
COMPACT_FRACTION = 0.05
ELIGIBLE_KEY = 1 << 20  # above any score in hundredths (at most 10,000)
# Encoded queries kept per index: a page lists the same postings again and again, and encoding one (taxonomy
# lookups, hashed text vectors) costs more than scoring it against one profile.
QUERY_CACHE = 512
# Whole evaluations (rules, features and scores over every row) kept per index: a review page ranks a posting,
# then explains the rows it shows; at 100,000 profiles one evaluation holds about 5 MB.
EVALUATION_CACHE = 2


def combine(values: dict[str, np.ndarray], weights: dict[str, float]) -> tuple[np.ndarray, float]:
    """The 0..100 score from applicable features, and the normaliser (sum of applicable weights)."""
    total = sum(weights.get(f, 0.0) for f in values)
    score = None
    for f, x in values.items():
        w = weights.get(f, 0.0)
        if w:
            part = x * np.float32(100.0 * w / total)
            score = part if score is None else score + part
    if score is None:
        n = len(next(iter(values.values()))) if values else 0
        return np.zeros(n, np.float32), total
    return score, total


@dataclass(slots=True)
class Part:
    """One store's answer to one query: rules, feature values and scores over all its rows."""
    store: Store
    rules: dict[str, np.ndarray]
    values: dict[str, np.ndarray]
    score: np.ndarray  # after the shortfall factor
    total: float  # sum of the applicable weights
    eligible: np.ndarray
    factor: np.ndarray | None  # shortfall factor per row, None when the opportunity states no minimum


def _row_key(part: Part, row: int) -> int:
    """The ranking key of one row: eligible first, then the score in hundredths."""
    return int(np.rint(part.score[row] * 100)) + int(part.eligible[row]) * ELIGIBLE_KEY


@dataclass(frozen=True, slots=True)
class RankFilter:
    """Restrict a ranking to residents of `country`, speakers of `language`, people who state
    `chapter`, eligible people, or a minimum score; None or False leaves that dimension open."""
    country: str | None = None
    language: str | None = None
    chapter: int | None = None
    eligible_only: bool = False
    min_score: float = 0.0


class Ranking:
    """A whole ranking in rank order (eligible first, score descending, id ascending), built from the keys
    of every row that passed the filter. Its length is free; a page (`head`) sorts only the rows up to it
    and looks up only their ids; the full order (`ids`, `scores`, `eligible`) is sorted once, on first use."""

    def __init__(self, keys: np.ndarray, parts: list[tuple[np.ndarray, np.ndarray]]):
        # keys: int64 per ranked row, unsorted; parts: (a store's ids, its ranked rows), whose
        # rows, one part after the other, line up with the keys.
        self._keys, self._parts = keys, parts
        self._offsets = np.cumsum([0] + [len(rows) for _ids, rows in parts])

    @classmethod
    def empty(cls) -> Ranking:
        return cls(np.zeros(0, np.int64), [])

    def __len__(self) -> int:
        return len(self._keys)

    def _ids_at(self, positions: np.ndarray) -> np.ndarray:
        out = np.empty(len(positions), object)
        part_of = np.searchsorted(self._offsets, positions, side="right") - 1
        for i, (ids, rows) in enumerate(self._parts):
            here = part_of == i
            if here.any():
                out[here] = ids[rows[positions[here] - self._offsets[i]]]
        return out

    def _ordered(self, positions: np.ndarray) -> np.ndarray:
        return positions[np.lexsort((self._ids_at(positions).astype(str), -self._keys[positions]))]

    @cached_property
    def _order(self) -> np.ndarray:
        return self._ordered(np.arange(len(self._keys)))

    def _head_rows(self, n: int) -> np.ndarray:
        keys = self._keys
        if n >= len(keys):
            return self._order
        if n <= 0:
            return np.zeros(0, np.int64)
        # The n best keys, and of the rows tied at the n-th key the ones with the smallest ids.
        threshold = keys[np.argpartition(-keys, n - 1)[n - 1]]
        above = np.flatnonzero(keys > threshold)
        ties = np.flatnonzero(keys == threshold)
        ties = ties[np.argsort(self._ids_at(ties).astype(str), kind="stable")[:n - len(above)]]
        return self._ordered(np.concatenate([above, ties]))

    def head(self, n: int) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(ids, scores 0..100, eligible) of the first `n` rows of the ranking."""
        positions = self._head_rows(n)
        keys = self._keys[positions]
        return self._ids_at(positions).tolist(), (keys % ELIGIBLE_KEY) / 100.0, keys >= ELIGIBLE_KEY

    def unordered_ids(self) -> list[str]:
        """Every id of the ranking in no particular order: for counts over all of it, which need no sort."""
        return self._ids_at(np.arange(len(self._keys))).tolist()

    @cached_property
    def ids(self) -> list[str]:
        return self._ids_at(self._order).tolist()

    @property
    def scores(self) -> np.ndarray:
        return (self._keys[self._order] % ELIGIBLE_KEY) / 100.0

    @property
    def eligible(self) -> np.ndarray:
        return self._keys[self._order] >= ELIGIBLE_KEY


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class IndexedProfiles(Mapping):
    """`MatchIndex.profiles_`: profile id -> what the index keeps of that profile (`Store.profile`),
    rebuilt from the compact columns on access; membership and length without building anything."""

    def __init__(self, index: MatchIndex):
        self._index = index

    def __getitem__(self, pid: str) -> Profile:
        store, row = self._index._where[pid]
        return store.profile(row, self._index.layout_)

    def __contains__(self, pid) -> bool:
        return pid in self._index._where

    def __iter__(self):
        return iter(self._index._where)

    def __len__(self) -> int:
        return len(self._index._where)


class MatchIndex:
    def __init__(self, taxonomy: Taxonomy | None = None, scorer=None):
        self.taxonomy = taxonomy
        self.scorer = scorer

    # --- building and updating ---------------------------------------------------------------------

    def build(self, profiles: Iterable[Profile], vectors: TextVectors | None = None) -> MatchIndex:
        """Index `profiles` (any iterable: a generator is read once, CHUNK profiles at a time, and no
        Profile is kept). `vectors`: the fitted text vectors of an earlier build, to keep its idf."""
        self._prepare(vectors, shared_base=False)
        with gc_paused():
            return self._build(profiles, vectors)

    def _build(self, profiles: Iterable[Profile], vectors: TextVectors | None) -> MatchIndex:
        self._where: dict[str, tuple[Store, int]] = {}
        chunks = []
        for part in _batches(profiles, CHUNK):
            enc = [encode_profile(p, self.layout_) for p in part]
            store = Store.from_encoded([p.id for p in part], enc, self.layout_)
            for row, p in enumerate(part):
                earlier = self._where.get(p.id)
                if earlier is not None:  # a repeated id: the last record wins, as an upsert would
                    earlier[0].alive[earlier[1]] = False
                self._where[p.id] = (store, row)
            chunks.append((store, self.vectors_.word_counts([e.words for e in enc]),
                           self.vectors_.char_counts([e.chars for e in enc])))
            del enc, part
        if vectors is None:  # document frequencies over the rows that stay
            word_df = np.zeros(WORD_FEATURES, np.int64)
            char_df = np.zeros(CHAR_FEATURES, np.int64)
            for store, words, chars in chunks:
                word_df += self.vectors_.df(words if store.alive.all() else words[store.alive])
                char_df += self.vectors_.df(chars if store.alive.all() else chars[store.alive])
            self.vectors_.fit_idf(word_df, char_df, len(self._where))
        for i, (store, words, chars) in enumerate(chunks):
            store.words = self.vectors_.word_tfidf(words)
            store.chars = self.vectors_.char_tfidf(chars)
            chunks[i] = store  # the counts of a chunk go as soon as its tf-idf exists
        self._adopt(Store.concat(chunks or [self._empty()]))
        del chunks
        return self

    @classmethod
    def over(cls, base: Store, vectors: TextVectors, taxonomy: Taxonomy | None = None, scorer=None) -> MatchIndex:
        """An index over a base store built elsewhere (matching/snapshot.py maps one from a file, shared by
        every process that maps it). The base's arrays are never written: upserts go to the small delta store,
        removals to the base's `alive`, which must be this index's own copy; the base is never compacted."""
        index = cls(taxonomy, scorer)
        index._prepare(vectors, shared_base=True)
        index._adopt(base)
        return index

    def _prepare(self, vectors: TextVectors | None, shared_base: bool) -> None:
        self.taxonomy_ = self.taxonomy if self.taxonomy is not None else default_taxonomy()
        self.layout_ = Layout(self.taxonomy_)
        self._queries: OrderedDict[str, tuple] = OrderedDict()
        self._evaluations: OrderedDict[str, tuple] = OrderedDict()
        self._generation = 0  # raised by every change of rows: cached evaluations of an older one are stale
        self.explainer_ = Explainer(self.taxonomy_)
        self.vectors_ = vectors if vectors is not None else TextVectors()
        self.shared_base_ = shared_base

    def _adopt(self, base: Store) -> None:
        self._base = base
        self._delta = self._empty()
        self._pending: list[Store] = []
        self._where = Locations(base)
        self.profiles_ = IndexedProfiles(self)

    @property
    def base_(self) -> Store:
        """The compacted store (what a snapshot saves); rows added since live in the delta."""
        return self._base

    def _empty(self) -> Store:
        v = self.vectors_
        return Store.from_encoded([], [], self.layout_, v.word_tfidf(v.word_counts([])).tocsc(),
                                  v.char_tfidf(v.char_counts([])).tocsc())

    def _locate(self, store: Store) -> None:
        for row in np.flatnonzero(store.alive):
            self._where[str(store.ids[row])] = (store, int(row))

    def _encode(self, profiles: list[Profile]) -> Store:
        enc = [encode_profile(p, self.layout_) for p in profiles]
        return Store.from_encoded([p.id for p in profiles], enc, self.layout_,
                                  self.vectors_.word_tfidf(self.vectors_.word_counts([e.words for e in enc])),
                                  self.vectors_.char_tfidf(self.vectors_.char_counts([e.chars for e in enc])))

    def _encode_one(self, profile: Profile) -> Store:
        return self._encode([profile])

    def upsert(self, profile: Profile) -> None:
        self.remove(profile.id)
        store = self._encode_one(profile)
        self._pending.append(store)
        self._where[profile.id] = (store, 0)
        self._generation += 1

    def reencode(self, profiles: Iterable[Profile]) -> int:
        """After the taxonomy's reading of some terms changed (matching.curation): the encoded queries go (a
        posting may ask for such a term) and the given profiles, those who typed the terms, are encoded again.
        The other rows and the idf stay: no rebuild. Returns how many profiles were encoded."""
        self._queries.clear()
        self._evaluations.clear()
        batch = list({p.id: p for p in profiles}.values())  # a repeated id: the last record wins
        if not batch:
            return 0
        for p in batch:
            self.remove(p.id)
        store = self._encode(batch)  # one store for all of them: settling costs one concatenation, not one each
        self._pending.append(store)
        for row, p in enumerate(batch):
            self._where[p.id] = (store, row)
        self._generation += 1
        return len(batch)

    def remove(self, profile_id: str) -> bool:
        """Tombstone a profile's row; False when the id is not indexed."""
        place = self._where.pop(profile_id, None)
        if place is None:
            return False
        store, row = place
        store.alive[row] = False
        self._generation += 1
        return True

    def __len__(self) -> int:
        return len(self._where)

    def _settle(self) -> None:
        if self._pending:
            self._delta = Store.concat([self._delta, *self._pending])
            self._pending = []
            self._locate(self._delta)
        if self.shared_base_:  # a shared base is replaced by a newer snapshot, never copied into this process
            return
        dead = len(self._base) - int(self._base.alive.sum())
        if len(self._delta) + dead > max(COMPACT_MIN, COMPACT_FRACTION * len(self._base)):
            self._base = Store.concat([self._base, self._delta])
            self._delta = self._empty()
            self._where = Locations(self._base)

    # --- querying ----------------------------------------------------------------------------------

    @property
    def weights(self) -> dict[str, float]:
        return self.scorer.weights_in_use if self.scorer is not None else DEFAULT_WEIGHTS

    def _weights_for(self, q) -> dict[str, float]:
        return text_weighted(self.weights, len(f"{q.opportunity.title} {q.opportunity.description}".split()))

    def _query(self, opportunity: Opportunity, key: str) -> tuple:
        """The opportunity encoded against this index (taxonomy and frozen idf), cached under `key`, its
        content (`repr`)."""
        cached = self._queries.get(key)
        if cached is None:
            q = encode_opportunity(opportunity, self.layout_)
            cached = (q, *self.vectors_.query(q.words, q.chars))
            self._queries[key] = cached
            if len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        else:
            self._queries.move_to_end(key)
        return cached

    def _part(self, store: Store, query: tuple) -> Part:
        q, q_words, q_chars = query
        rules = store.rules(q)
        values = store.features(q, q_words, q_chars)
        score, total = combine(values, self._weights_for(q))
        factor = shortfall_factor(store.years, q.opportunity.min_years_experience)
        if factor is not None:
            score = score * factor
        eligible = np.logical_and.reduce([rules[r] for r in RULES])
        return Part(store, rules, values, score, total, eligible, factor)

    def _evaluate(self, opportunity: Opportunity):
        """Per store: (rules, feature values, score, eligible), all arrays over the store's rows. The last
        few evaluations are kept while no row and no scorer changed (rows' `alive` is read at use)."""
        self._settle()
        key = repr(opportunity)
        state = (self._generation, tuple(sorted(self.weights.items())))
        cached = self._evaluations.get(key)
        if cached is not None and cached[:2] == state:
            self._evaluations.move_to_end(key)
            return cached[2], cached[3]
        query = self._query(opportunity, key)
        parts = [self._part(store, query) for store in (self._base, self._delta) if len(store)]
        self._evaluations[key] = (*state, query[0], parts)
        if len(self._evaluations) > EVALUATION_CACHE:
            self._evaluations.popitem(last=False)
        return query[0], parts

    def rank(self, opportunity: Opportunity, top: int = 10, explain: bool = False) -> list[Match]:
        q, parts = self._evaluate(opportunity)
        if not parts or top <= 0:
            return []
        keys = np.concatenate([
            np.where(p.store.alive, np.rint(p.score * 100).astype(np.int64) + p.eligible * ELIGIBLE_KEY, -1)
            for p in parts])
        offsets = np.cumsum([0] + [len(p.store) for p in parts])
        k = min(top, len(self))
        if k == 0:
            return []
        chosen = self._top(keys, k, parts, offsets)
        out = []
        for g in chosen:
            i = int(np.searchsorted(offsets, g, side="right") - 1)
            row = int(g - offsets[i])
            out.append(self._match(q, keys[g], parts[i], row, explain))
        return out

    @staticmethod
    def _top(keys: np.ndarray, k: int, parts, offsets) -> list[int]:
        def id_of(g):
            i = int(np.searchsorted(offsets, g, side="right") - 1)
            return str(parts[i].store.ids[g - offsets[i]])

        if k < len(keys):
            cut = np.argpartition(-keys, k - 1)[:k]
            threshold = keys[cut].min()
            above = np.flatnonzero(keys > threshold)
            ties = np.flatnonzero(keys == threshold)
            picked = list(above) + heapq.nsmallest(k - len(above), ties.tolist(), key=id_of)
        else:
            picked = np.flatnonzero(keys >= 0).tolist()
        return sorted(picked, key=lambda g: (-keys[g], id_of(g)))

    def _match(self, q, key, part: Part, row: int, explain: bool) -> Match:
        eligible = bool(key >= ELIGIBLE_KEY)
        pid = str(part.store.ids[row])
        profile = part.store.profile(row, self.layout_)
        broken = [r for r in RULES if not part.rules[r][row]]
        row_values = {f: float(v[row]) for f, v in part.values.items()}
        weights, total = self._weights_for(q), part.total
        contributions = {f: round(100.0 * weights.get(f, 0.0) * x / total, 2) if total else 0.0
                         for f, x in row_values.items()}
        factor = float(part.factor[row]) if part.factor is not None else 1.0
        if factor < 1:
            # The points the shortfall takes away, so that the contributions still add up to the score.
            contributions[SHORTFALL] = round((factor - 1) * sum(contributions.values()), 2)
        details = broken_rule_details(profile, q, broken)
        if explain:
            details += self.explainer_.details(profile, q, row_values, factor)
        return Match(profile_id=pid, score=(int(key) % ELIGIBLE_KEY) / 100.0, eligible=eligible,
                     reasons=[render(d) for d in details], contributions=contributions, broken_rules=broken,
                     details=details)

    def ranking(self, opportunity: Opportunity, where: RankFilter = RankFilter()) -> Ranking:
        """Every matching profile in rank order, lazily sorted; explain a page with score_pairs()."""
        _, parts = self._evaluate(opportunity)
        floor = int(np.ceil(where.min_score * 100 - 1e-6))
        found, keys = [], []
        for p in parts:
            store, hundredths = p.store, np.rint(p.score * 100).astype(np.int64)
            keep = store.alive & (hundredths >= floor)
            if where.eligible_only:
                keep &= p.eligible
            if where.country:
                keep &= store.country == (country_bit(where.country) if is_country(where.country) else -2)
            if where.language:
                held = store.languages.get(where.language)
                keep &= held > 0 if held is not None else False
            if where.chapter:
                keep &= (store.stated >> np.uint64(where.chapter - 1)) & np.uint64(1) == 1
            rows = np.flatnonzero(keep)
            found.append((store.ids, rows))
            keys.append(hundredths[rows] + p.eligible[rows] * ELIGIBLE_KEY)
        if not found:
            return Ranking.empty()
        return Ranking(np.concatenate(keys), found)

    def candidates(self, opportunity: Opportunity, n: int, min_score: float = 0.0) -> list[tuple[str, float]]:
        """The best `n` eligible (profile_id, score) with score >= min_score, without explanations."""
        _, parts = self._evaluate(opportunity)
        if not parts or n <= 0:
            return []
        floor = int(np.ceil(min_score * 100 - 1e-6))
        keys = np.concatenate([
            np.where(p.store.alive & p.eligible & (np.rint(p.score * 100) >= floor),
                     np.rint(p.score * 100).astype(np.int64), -1)
            for p in parts])
        offsets = np.cumsum([0] + [len(p.store) for p in parts])
        k = min(n, int((keys >= 0).sum()))
        if k == 0:
            return []
        out = []
        for g in self._top(keys, k, parts, offsets):
            i = int(np.searchsorted(offsets, g, side="right") - 1)
            out.append((str(parts[i].store.ids[g - offsets[i]]), keys[g] / 100.0))
        return out

    def rank_many(self, opportunities: Iterable[Opportunity], top: int = 10,
                  explain: bool = False) -> list[list[Match]]:
        return [self.rank(o, top=top, explain=explain) for o in opportunities]

    # --- learning and evaluation -------------------------------------------------------------------

    def features(self, profile_ids: list[str], opportunity: Opportunity) -> np.ndarray:
        """Rows in `profile_ids` order, columns in FEATURES order; a feature that does not apply is 0."""
        _, parts = self._evaluate(opportunity)
        out = np.zeros((len(profile_ids), len(FEATURES)), np.float32)
        for r, pid in enumerate(profile_ids):
            store, row = self._where[pid]
            values = next(p.values for p in parts if p.store is store)
            for c, f in enumerate(FEATURES):
                if f in values:
                    out[r, c] = values[f][row]
        return out

    def score_pairs(self, pairs: Iterable[tuple[str, Opportunity]], explain: bool = True) -> list[Match]:
        """The Match (score, eligibility, contributions, reasons) of given (profile_id, opportunity) pairs."""
        out = []
        for pid, o in pairs:
            q, parts = self._evaluate(o)
            store, row = self._where[pid]
            part = next(p for p in parts if p.store is store)
            out.append(self._match(q, _row_key(part, row), part, row, explain))
        return out

    def best_fits(self, profile: Profile, opportunities: list[Opportunity],
                  top: int | None = None) -> list[tuple[int, Match]]:
        """One person against many opportunities: (position in `opportunities`, explained Match) of the
        best `top`, eligible first, then score descending, then position. The profile is encoded once on
        its own (as an upsert would store it) and each opportunity scored against that one row, so the
        cost does not grow with the index; scores equal score_pairs() for an indexed, unchanged profile."""
        store = self._encode_one(profile)
        scored = []
        for position, o in enumerate(opportunities):
            query = self._query(o, repr(o))
            part = self._part(store, query)
            scored.append((-_row_key(part, 0), position, query[0], part))
        scored.sort(key=lambda s: s[:2])
        return [(position, self._match(q, -negative_key, part, 0, explain=True))
                for negative_key, position, q, part in scored[:top]]
