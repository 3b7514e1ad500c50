"""A column store of encoded profiles and the vectorised features of one query over all of it.

Each attribute is one numpy array or sparse matrix with a row per profile, so a query is a handful
of array operations and sparse column slices (posting lists), never a Python loop over profiles.
Skills and text are CSC matrices: a query only touches the columns it names, like an inverted index.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matching.encode import NO_FROM, NO_TO, EncodedProfile, Layout, Query
from matching.features import (
    RELATED_CREDIT, SENIORITY_NO_MIN_YEARS, SKILL_TEXT_SCALE, SLACK_DAYS, TEXT_SCALE,
    UNSTATED_AVAILABILITY,
)


def _popcount(words: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per row, the number of bits set in both the row's words (W x n) and the query's mask (W)."""
    total = np.zeros(words.shape[1], np.int32)
    for w in np.flatnonzero(mask):
        total += np.bitwise_count(words[w] & mask[w])
    return total


def _bits(mask: np.ndarray) -> int:
    return int(np.bitwise_count(mask).sum())


class Store:
    def __init__(self, ids, role, languages, day_from, day_to, mode, years, skills, domain, chapters,
                 sectors, investment, network, words, chars):
        self.ids: list[str] = ids
        self.alive = np.ones(len(ids), bool)
        self.role, self.languages = role, languages
        self.day_from, self.day_to, self.mode, self.years = day_from, day_to, mode, years
        self.skills, self.domain, self.chapters = skills, domain, chapters
        self.sectors, self.investment, self.network = sectors, investment, network
        self.words, self.chars = words, chars

    def __len__(self) -> int:
        return len(self.ids)

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
            if not enc:
                return np.zeros((width, 0), np.uint64)
            return np.ascontiguousarray(np.stack([getattr(e, attr) for e in enc], axis=1))

        return cls(
            ids=list(ids),
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
        )

    @classmethod
    def concat(cls, stores: list[Store]) -> Store:
        """One store holding the live rows of `stores`, in order (compaction; no re-encoding)."""
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
            # Row blocks stack cheaply in CSR; queries want columns (posting lists): one CSC at the end.
            blocks = [m if k.all() else m[k] for m, k in ((getattr(s, attr).tocsr(), k) for s, k in zip(stores, keep))]
            return sp.vstack(blocks, format="csr").tocsc()

        return cls(
            ids=[i for s, k in zip(stores, keep) for i, alive in zip(s.ids, k) if alive],
            role=cat("role"), languages=languages, day_from=cat("day_from"), day_to=cat("day_to"),
            mode=cat("mode"), years=cat("years"), skills=cat_sparse("skills"), domain=cat_words("domain"),
            chapters=cat("chapters"), sectors=cat_words("sectors"), investment=cat_words("investment"),
            network=cat_words("network"), words=cat_sparse("words"), chars=cat_sparse("chars"),
        )

    # --- hard rules -------------------------------------------------------------------------------

    def rules(self, q: Query) -> dict[str, np.ndarray]:
        """Per rule, a boolean array: True where the profile satisfies it."""
        n = len(self)
        role = (self.role & np.uint8(q.role_bit)) != 0
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
        return {"role": role, "language": language, "availability": availability, "work_mode": work_mode}

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
    def _cosine(matrix: sp.csc_matrix, query: sp.csr_matrix) -> np.ndarray:
        if query.nnz == 0 or matrix.shape[0] == 0:
            return np.zeros(matrix.shape[0], np.float32)
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
        years = self.years.astype(np.float32)
        if o.min_years_experience:
            m = np.float32(o.min_years_experience)
            out["seniority"] = (0.8 * np.minimum(years / m, 1)
                                + 0.2 * np.clip((years - m) / np.float32(10), 0, 1))
        else:
            out["seniority"] = np.minimum(years / np.float32(SENIORITY_NO_MIN_YEARS), 1)
        if q.languages:
            margin = np.zeros(len(self), np.float32)
            for code, level in q.languages.items():
                held = self.languages.get(code)
                if held is not None:
                    margin += np.clip((held.astype(np.float32) - level + 1) / np.float32(3), 0, 1)
            out["languages"] = margin / np.float32(len(q.languages))
        if q.start is not None or q.end is not None:
            slack = np.full(len(self), np.inf, np.float32)
            if q.start is not None:
                slack = np.minimum(slack, np.where(self.day_from != NO_FROM,
                                                   q.start - self.day_from.astype(np.float32), np.inf))
            if q.end is not None:
                slack = np.minimum(slack, np.where(self.day_to != NO_TO,
                                                   self.day_to.astype(np.float32) - q.end, np.inf))
            out["availability"] = np.where(np.isfinite(slack),
                                           np.clip(slack / np.float32(SLACK_DAYS), 0, 1),
                                           np.float32(UNSTATED_AVAILABILITY)).astype(np.float32)
        if q.investment.any():
            out["investment_sectors"] = _popcount(self.investment, q.investment) / np.float32(_bits(q.investment))
        if q.targets.any():
            out["network_countries"] = _popcount(self.network, q.targets) / np.float32(_bits(q.targets))
        return {k: v.astype(np.float32, copy=False) for k, v in out.items()}
