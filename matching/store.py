"""A column store of encoded profiles and the vectorised features of one query over all of it.

Each attribute is one numpy array or sparse matrix with a row per profile, so a query is a handful
of array operations and sparse column slices (posting lists), never a Python loop over profiles.
Skills and text are CSC matrices: a query only touches the columns it names, like an inverted index.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from matching.bits import int_columns
from matching.encode import (
    EPOCH, MAX_YEARS, MODE_CODES, NO_FROM, NO_TO, ROLE_BITS, EncodedProfile, Layout, Query, country_of,
    untyped_extras, untyped_skills,
)
from matching.model import CEFR, STUDY_LEVELS, Profile
from matching.features import (
    RELATED_CREDIT, SENIORITY_NO_MIN_YEARS, SHORTFALL_FLOOR, SHORTFALL_PER_YEAR, SHORTFALL_STEP, SKILL_TEXT_SCALE,
    SLACK_DAYS, STUDY_LEVEL_FLOOR, TEXT_SCALE, UNSTATED_AVAILABILITY,
)
from matching.terms import TERM_WORDS, share_held


def _popcount(words: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per row, the number of bits set in both the row's words (W x n) and the query's mask (W)."""
    total = np.zeros(words.shape[1], np.int32)
    for w in np.flatnonzero(mask):
        total += np.bitwise_count(words[w] & mask[w])
    return total


def _bits(mask: np.ndarray) -> int:
    return int(np.bitwise_count(mask).sum())


def _set_bits(words: np.ndarray) -> list[int]:
    out = []
    for w, word in enumerate(words.tolist()):
        while word:  # lowest set bit first
            low = word & -word
            out.append(w * 64 + low.bit_length() - 1)
            word ^= low
    return out


def _stack_csc(blocks: list) -> sp.csc_matrix:
    """Row blocks (CSR or CSC) stacked into one CSC matrix, which queries want (columns are posting
    lists). Each block is placed column by column straight into the result and its slot released, so
    memory peaks at the result plus one block, not at a stacked copy plus its conversion."""
    n_cols = blocks[0].shape[1]
    counts = np.zeros(n_cols, np.int64)
    for b in blocks:
        counts += np.diff(b.indptr) if sp.isspmatrix_csc(b) else np.bincount(b.indices, minlength=n_cols)
    nnz, n_rows = int(counts.sum()), sum(b.shape[0] for b in blocks)
    index_type = np.int32 if max(nnz, n_rows) < np.iinfo(np.int32).max else np.int64
    indptr = np.zeros(n_cols + 1, np.int64)
    np.cumsum(counts, out=indptr[1:])
    data = np.empty(nnz, blocks[0].dtype)
    indices = np.empty(nnz, index_type)
    cursor = indptr[:-1].copy()
    row0 = 0
    for i in range(len(blocks)):
        b = blocks[i].tocsc()
        blocks[i] = None
        per_column = np.diff(b.indptr)
        at = np.repeat(cursor - b.indptr[:-1], per_column) + np.arange(b.nnz)
        data[at] = b.data
        indices[at] = b.indices + row0
        cursor += per_column
        row0 += b.shape[0]
    out = sp.csc_matrix((data, indices, indptr.astype(index_type)), shape=(n_rows, n_cols))
    out.has_sorted_indices = True
    return out


def _date(value, none):
    return None if value == none else EPOCH + timedelta(days=int(value))


@dataclass(slots=True)
class Ragged:
    """One byte string per row in a flat uint8 array with offsets: no Python object per row."""
    offsets: np.ndarray  # int64, rows + 1
    data: np.ndarray  # uint8

    @classmethod
    def of(cls, items: list[bytes]) -> Ragged:
        offsets = np.zeros(len(items) + 1, np.int64)
        np.cumsum(np.fromiter(map(len, items), np.int64, count=len(items)), out=offsets[1:])
        return cls(offsets, np.frombuffer(b"".join(items), np.uint8))

    def __getitem__(self, row: int) -> bytes:
        return self.data[self.offsets[row]:self.offsets[row + 1]].tobytes()

    @classmethod
    def concat(cls, parts: list[tuple[Ragged, np.ndarray]]) -> Ragged:
        """The rows of each (ragged, keep mask), in order."""
        lengths = [np.diff(r.offsets)[keep] for r, keep in parts]
        offsets = np.zeros(sum(len(n) for n in lengths) + 1, np.int64)
        if len(offsets) > 1:
            np.cumsum(np.concatenate(lengths), out=offsets[1:])
        data = [r.data if keep.all() else r.data[np.repeat(keep, np.diff(r.offsets))] for r, keep in parts]
        return cls(offsets, np.concatenate(data) if data else np.zeros(0, np.uint8))


# Features and factors of a small whole number per row (years of experience 0..MAX_YEARS, a CEFR level 0..6) are
# computed once for every value it can take and looked up per row: one gather instead of several passes over
# every row.
_YEAR_VALUES = np.arange(MAX_YEARS + 1, dtype=np.float32)
_LEVEL_VALUES = np.arange(len(CEFR) + 1, dtype=np.float32)
# Per required level, a held level's margin: 1/3 at the level itself, 1 two levels above, 0 below.
_MARGIN_BY_LEVEL = {level: np.clip((_LEVEL_VALUES - level + 1) / np.float32(3), 0, 1)
                    for level in range(1, len(CEFR) + 1)}


@lru_cache(maxsize=256)
def _seniority_by_years(minimum: int) -> np.ndarray:
    """Seniority for every number of years: toward the minimum (80 %), then up to ten years beyond it (20 %);
    without a minimum, years against SENIORITY_NO_MIN_YEARS."""
    if minimum:
        m = np.float32(minimum)
        table = 0.8 * np.minimum(_YEAR_VALUES / m, 1) + 0.2 * np.clip((_YEAR_VALUES - m) / np.float32(10), 0, 1)
    else:
        table = np.minimum(_YEAR_VALUES / np.float32(SENIORITY_NO_MIN_YEARS), 1)
    table.flags.writeable = False
    return table


def shortfall_factor(years: np.ndarray, minimum: int | None) -> np.ndarray | None:
    """Per row, what the score is multiplied by for the years missing below the minimum (1 when none)."""
    if not minimum:
        return None
    return _shortfall_by_years(minimum)[years]


@lru_cache(maxsize=256)
def _shortfall_by_years(minimum: int) -> np.ndarray:
    missing = np.maximum(np.float32(minimum) - _YEAR_VALUES, 0)
    factor = np.maximum(np.float32(SHORTFALL_FLOOR),
                        1 - np.float32(SHORTFALL_STEP) - np.float32(SHORTFALL_PER_YEAR) * missing)
    table = np.where(missing > 0, factor, np.float32(1)).astype(np.float32)
    table.flags.writeable = False
    return table


_ROLES = tuple(ROLE_BITS.items())
_MODES = {code: mode for mode, code in MODE_CODES.items()}


class Store:
    """Every attribute is a column (numpy array, sparse matrix, dict of arrays or Ragged) with a row per
    profile, or an array derived from them: matching/snapshot.py saves and maps them all without naming any."""

    def __init__(self, ids, role, languages, day_from, day_to, mode, years, skills, domain, chapters,
                 sectors, investment, network, words, chars, country, stated, typed, has_employer, study_level,
                 employer, fields, regions, extras):
        self.ids: np.ndarray = ids  # str
        self.alive = np.ones(len(ids), bool)
        # Rows in id order, and the ids in that order: a row found by id in O(log n) (row_of).
        self.id_order = np.argsort(ids, kind="stable")
        self.sorted_ids = ids[self.id_order]
        self.role, self.languages = role, languages
        self.day_from, self.day_to, self.mode, self.years = day_from, day_to, mode, years
        self.skills, self.domain, self.chapters = skills, domain, chapters
        self.sectors, self.investment, self.network = sectors, investment, network
        self.words, self.chars = words, chars
        # Only for explanations and the web's filters: what `profile(row)` gives back.
        self.country, self.stated, self.typed = country, stated, typed
        # The newer kinds' columns (docs/contract/KINDS.md); `extras` only for explanations.
        self.has_employer, self.study_level = has_employer, study_level
        self.employer, self.fields, self.regions, self.extras = employer, fields, regions, extras

    def __len__(self) -> int:
        return len(self.ids)

    def _days(self) -> tuple[np.ndarray, np.ndarray]:
        """available_from and available_to as float32 days, -inf and +inf where unstated, so that a slack is one
        subtraction (infinite where unstated). Derived once per store and kept under a leading underscore, which
        a snapshot does not save (matching/snapshot.py)."""
        days = self.__dict__.get("_float_days")
        if days is None:
            days = self._float_days = (
                np.where(self.day_from != NO_FROM, self.day_from, -np.inf).astype(np.float32),
                np.where(self.day_to != NO_TO, self.day_to, np.inf).astype(np.float32))
        return days

    def row_of(self, pid: str) -> int | None:
        """The row holding `pid`, alive or not (ids are unique within a store), or None."""
        at = int(np.searchsorted(self.sorted_ids, pid))
        if at < len(self.ids) and self.sorted_ids[at] == pid:
            return int(self.id_order[at])
        return None

    @classmethod
    def from_columns(cls, columns: dict) -> Store:
        """A store holding the attributes another one had (`vars(store)`), such as a snapshot's mapped arrays."""
        store = cls.__new__(cls)
        vars(store).update(columns)
        return store

    @classmethod
    def from_encoded(cls, ids: list[str], enc: list[EncodedProfile], layout: Layout,
                     words: sp.csc_matrix | None = None, chars: sp.csc_matrix | None = None) -> Store:
        """A store of encoded rows; the text matrices may be set later, once the idf is known."""
        n = len(enc)
        languages: dict[str, np.ndarray] = {}
        for i, e in enumerate(enc):
            for code, level in e.languages.items():
                languages.setdefault(code, np.zeros(n, np.int8))[i] = level
        rows = np.repeat(np.arange(n, dtype=np.int32), [len(e.skill_cols) for e in enc])
        cols = np.fromiter((c for e in enc for c in e.skill_cols), np.int32, count=len(rows))
        skills = sp.csc_matrix((np.ones(len(rows), np.int8), (rows, cols)), shape=(n, layout.skill_columns))

        def bitset(attr, width):
            return int_columns([getattr(e, attr) for e in enc], width)

        return cls(
            ids=np.array(ids, dtype=str),
            role=np.fromiter((e.role_bits for e in enc), np.uint8, count=n),
            languages=languages,
            day_from=np.fromiter((e.day_from for e in enc), np.int32, count=n),
            day_to=np.fromiter((e.day_to for e in enc), np.int32, count=n),
            mode=np.fromiter((e.mode for e in enc), np.int8, count=n),
            years=np.fromiter((e.years for e in enc), np.int16, count=n),
            skills=skills, domain=bitset("domain", layout.domain_words),
            chapters=np.fromiter((e.chapters for e in enc), np.uint64, count=n),
            sectors=bitset("sectors", layout.sector_words), investment=bitset("investment", layout.sector_words),
            network=bitset("network", layout.country_words),
            words=words, chars=chars,
            country=np.fromiter((e.country for e in enc), np.int16, count=n),
            stated=np.fromiter((e.stated for e in enc), np.uint64, count=n),
            typed=Ragged.of([e.typed for e in enc]),
            has_employer=np.fromiter((e.has_employer for e in enc), bool, count=n),
            study_level=np.fromiter((e.study_level for e in enc), np.int8, count=n),
            employer=bitset("employer", TERM_WORDS), fields=bitset("fields", TERM_WORDS),
            regions=bitset("regions", TERM_WORDS), extras=Ragged.of([e.extras for e in enc]),
        )

    @classmethod
    def concat(cls, stores: list[Store]) -> Store:
        """One store holding the live rows of `stores`, in order (compaction; no re-encoding). The
        stores given are spent: their text matrices are released while the new ones are filled."""
        keep = [s.alive for s in stores]
        languages = {}
        for code in sorted({c for s in stores for c in s.languages}):
            languages[code] = np.concatenate([
                (s.languages[code] if code in s.languages else np.zeros(len(s), np.int8))[k]
                for s, k in zip(stores, keep)])

        def cat(attr):
            return np.concatenate([getattr(s, attr)[k] for s, k in zip(stores, keep)])

        def cat_words(attr):
            return np.ascontiguousarray(np.concatenate([getattr(s, attr)[:, k] for s, k in zip(stores, keep)],
                                                       axis=1))

        def cat_sparse(attr):
            blocks = []
            for s, k in zip(stores, keep):
                m = getattr(s, attr)
                setattr(s, attr, None)  # the input stores are spent: each block is freed once placed
                blocks.append(m if k.all() else m[k])
            return _stack_csc(blocks)

        return cls(
            ids=np.concatenate([s.ids[k] for s, k in zip(stores, keep)]),
            role=cat("role"), languages=languages, day_from=cat("day_from"), day_to=cat("day_to"),
            mode=cat("mode"), years=cat("years"), skills=cat_sparse("skills"), domain=cat_words("domain"),
            chapters=cat("chapters"), sectors=cat_words("sectors"), investment=cat_words("investment"),
            network=cat_words("network"), words=cat_sparse("words"), chars=cat_sparse("chars"),
            country=cat("country"), stated=cat("stated"),
            typed=Ragged.concat([(s.typed, k) for s, k in zip(stores, keep)]),
            has_employer=cat("has_employer"), study_level=cat("study_level"), employer=cat_words("employer"),
            fields=cat_words("fields"), regions=cat_words("regions"),
            extras=Ragged.concat([(s.extras, k) for s, k in zip(stores, keep)]),
        )

    def profile(self, row: int, layout: Layout) -> Profile:
        """What the index keeps of a profile: all that rules, explanations and filters read. Not kept:
        name, city, summary, education degrees and sectors (they only feed the text vectors and bitsets)."""
        t = layout.taxonomy
        investment, network = self.investment[:, row], self.network[:, row]
        extras, level = untyped_extras(self.extras[row]), int(self.study_level[row])
        return Profile(
            id=str(self.ids[row]), roles=tuple(r for r, bit in _ROLES if self.role[row] & bit),
            country=country_of(int(self.country[row])),
            languages={code: CEFR[level[row] - 1] for code, level in self.languages.items() if level[row] > 0},
            years_experience=int(self.years[row]),
            acquis_chapters=tuple(c + 1 for c in _set_bits(self.stated[row:row + 1])),
            skills=untyped_skills(self.typed[row]),
            available_from=_date(self.day_from[row], NO_FROM), available_to=_date(self.day_to[row], NO_TO),
            work_mode=_MODES.get(int(self.mode[row]), "any"),
            network_countries=tuple(country_of(b) for b in _set_bits(network)),
            investment_sectors=tuple(t.sector_name(t.sector_slugs[b]) for b in _set_bits(investment)),
            employer=extras.get("employer", ""), study_level=STUDY_LEVELS[level] if level >= 0 else "",
            regions=tuple(extras.get("regions", ())),
            education=tuple({"field": f} for f in extras.get("fields", ())),
        )

    # --- hard rules -------------------------------------------------------------------------------

    def rules(self, q: Query) -> dict[str, np.ndarray]:
        """Per rule, a boolean array: True where the profile satisfies it."""
        n = len(self)
        role = (self.role & np.uint8(q.role_bits)) != 0
        language = np.ones(n, bool)
        for code, level in q.languages.items():
            held = self.languages.get(code)
            language &= held >= level if held is not None else np.zeros(n, bool)
        availability = np.ones(n, bool)
        if q.start is not None:
            availability &= self.day_from <= q.start
        if q.end is not None:
            availability &= self.day_to >= q.end
        work_mode = ~(self.mode == 2) if q.excludes_remote else np.ones(n, bool)
        employer = self.has_employer.copy() if q.needs_employer else np.ones(n, bool)
        study_level = np.ones(n, bool)
        if q.study_levels:
            taken = np.array([bool(q.study_levels >> rank & 1) for rank in range(len(STUDY_LEVELS))])
            study_level = (self.study_level >= 0) & taken[np.maximum(self.study_level, 0)]
        return {"role": role, "language": language, "availability": availability, "work_mode": work_mode,
                "employer": employer, "study_level": study_level}

    # --- features ---------------------------------------------------------------------------------

    def _holds(self, cols) -> np.ndarray:
        held = np.zeros(len(self), bool)
        indptr, indices = self.skills.indptr, self.skills.indices
        for c in cols:
            held[indices[indptr[c]:indptr[c + 1]]] = True
        return held

    def _coverage(self, requirements) -> np.ndarray:
        total = np.zeros(len(self), np.float32)
        for r in requirements:
            credit = self._holds(r.cols).astype(np.float32)
            if r.domain.any():
                related = _popcount(self.domain, r.domain) > 0
                np.maximum(credit, related * np.float32(RELATED_CREDIT), out=credit)
            total += credit
        return total / np.float32(len(requirements))

    @staticmethod
    def _cosine(matrix: sp.csc_matrix | sp.csr_matrix, query: sp.csr_matrix) -> np.ndarray:
        if query.nnz == 0 or matrix.shape[0] == 0:
            return np.zeros(matrix.shape[0], np.float32)
        if matrix.format == "csr":
            # A store of one or a few fresh rows (one person scored against many postings): intersecting
            # each row with the query beats slicing columns out of a CSR matrix by about tenfold.
            out = np.zeros(matrix.shape[0], np.float32)
            for r in range(matrix.shape[0]):
                lo, hi = matrix.indptr[r], matrix.indptr[r + 1]
                _, mine, theirs = np.intersect1d(matrix.indices[lo:hi], query.indices, return_indices=True)
                out[r] = matrix.data[lo:hi][mine] @ query.data[theirs]
            return out
        return np.asarray(matrix[:, query.indices] @ query.data, dtype=np.float32).ravel()

    def features(self, q: Query, q_words: sp.csr_matrix, q_chars: sp.csr_matrix) -> dict[str, np.ndarray]:
        """Each applicable feature as an array over all rows (values 0..1)."""
        o = q.opportunity
        out: dict[str, np.ndarray] = {}
        if q.required:
            out["required_skills"] = self._coverage(q.required)
        if q.preferred:
            out["preferred_skills"] = self._coverage(q.preferred)
        if q_words.nnz:
            out["text"] = np.minimum(self._cosine(self.words, q_words) / np.float32(TEXT_SCALE), 1)
        if q_chars.nnz:
            out["skill_text"] = np.minimum(self._cosine(self.chars, q_chars) / np.float32(SKILL_TEXT_SCALE), 1)
        if q.chapters:
            mask = np.uint64(q.chapters)
            out["chapters"] = (np.bitwise_count(self.chapters & mask) / np.float32(_bits(np.array([mask]))))
        if q.sectors.any():
            out["sectors"] = _popcount(self.sectors, q.sectors) / np.float32(_bits(q.sectors))
        out["seniority"] = _seniority_by_years(o.min_years_experience or 0)[self.years]
        if q.languages:
            margin = np.zeros(len(self), np.float32)
            for code, level in q.languages.items():
                held = self.languages.get(code)
                if held is not None:
                    margin += _MARGIN_BY_LEVEL[level][held]
            out["languages"] = margin / np.float32(len(q.languages))
        if q.start is not None or q.end is not None:
            available_from, available_to = self._days()
            if q.start is not None and q.end is not None:
                slack = np.minimum(q.start - available_from, available_to - q.end)
            else:
                slack = q.start - available_from if q.start is not None else available_to - q.end
            out["availability"] = np.where(np.isfinite(slack),
                                           np.clip(slack / np.float32(SLACK_DAYS), 0, 1),
                                           np.float32(UNSTATED_AVAILABILITY)).astype(np.float32)
        if q.investment.any():
            out["investment_sectors"] = _popcount(self.investment, q.investment) / np.float32(_bits(q.investment))
        if q.targets.any():
            out["network_countries"] = _popcount(self.network, q.targets) / np.float32(_bits(q.targets))
        out.update(self._kind_features(q))
        return {k: v.astype(np.float32, copy=False) for k, v in out.items()}

    def _kind_features(self, q: Query) -> dict[str, np.ndarray]:
        """The features of the newer kinds (docs/contract/KINDS.md), each where the opportunity states its input."""
        out: dict[str, np.ndarray] = {}
        if q.counterpart:
            out["counterpart"] = share_held(self.employer, q.counterpart)
        if q.counterpart_countries:
            out["counterpart_country"] = np.isin(self.country, q.counterpart_countries).astype(np.float32)
        if q.fields_of_study:
            # A person studies one discipline: the best-held of the disciplines sought counts.
            out["fields_of_study"] = np.max([share_held(self.fields, masks) for masks in q.fields_of_study], axis=0)
        if q.study_levels:
            # STUDY_LEVEL_FLOOR at the lowest level taken, rising evenly to 1 at the highest level there is.
            lowest = (q.study_levels & -q.study_levels).bit_length() - 1
            span = len(STUDY_LEVELS) - 1 - lowest
            above = np.clip(self.study_level.astype(np.float32) - lowest, 0, None)
            rise = np.minimum(above / span, 1) if span else np.ones(len(self), np.float32)
            out["study_level"] = np.where(self.study_level >= lowest,
                                          STUDY_LEVEL_FLOOR + (1 - STUDY_LEVEL_FLOOR) * rise, 0).astype(np.float32)
        if q.region:
            out["regions"] = share_held(self.regions, q.region)
        if q.project_sectors.any():
            out["organisation_sectors"] = (_popcount(self.sectors, q.project_sectors)
                                           / np.float32(_bits(q.project_sectors)))
        return out
