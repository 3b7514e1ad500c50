"""The keyword baseline every figure is compared with: character TF-IDF plus the contract's hard rules.

What a careful keyword search would do: sklearn's TfidfVectorizer over character 3-5-grams within words
(typos and inflections still share most n-grams), sublinear tf, fitted on the profiles' text (summary,
skills, sectors, education), cosine against the opportunity's text (title, description, skills, sector,
region). Eligible people (role, languages, availability, work mode; the same rules as the engine) come
first, then the cosine; no taxonomy, no weights.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.encode import MODE_CODES, NO_FROM, NO_TO, ROLE_BITS, day
from matching.model import CEFR_LEVEL, ROLES_FOR_KIND, Opportunity, Profile

CHUNK = 32


def profile_text(p: Profile) -> str:
    education = " ".join(f"{e.get('degree', '')} {e.get('field', '')}" for e in p.education)
    return " ".join([p.summary, *p.skills, *p.sectors, *p.investment_sectors, education])


def opportunity_text(o: Opportunity) -> str:
    return " ".join([o.title, o.description, *o.required_skills, *o.preferred_skills, o.sector, o.region])


class TfidfBaseline:
    """Character TF-IDF cosine, eligible first."""

    def build(self, profiles) -> TfidfBaseline:
        """`profiles`: any iterable, read once (a generator streams: only ids, rule columns and the matrix stay)."""
        self.ids_, roles, languages, starts, ends, modes = [], [], [], [], [], []

        def texts():
            for p in profiles:
                self.ids_.append(p.id)
                roles.append(sum(ROLE_BITS.get(r, 0) for r in set(p.roles)))
                languages.append({k: CEFR_LEVEL.get(v, 0) for k, v in p.languages.items()})
                starts.append(day(p.available_from) if p.available_from else NO_FROM)
                ends.append(day(p.available_to) if p.available_to else NO_TO)
                modes.append(MODE_CODES.get(p.work_mode, 0))
                yield profile_text(p)

        self.vectorizer_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                                           dtype=np.float32)
        self.matrix_ = self.vectorizer_.fit_transform(texts()).tocsr()
        self.role_, self.from_, self.to_ = np.array(roles, np.uint8), np.array(starts), np.array(ends)
        self.mode_ = np.array(modes, np.uint8)
        codes = {code for held in languages for code in held}
        self.languages_ = {c: np.array([held.get(c, 0) for held in languages], np.int8) for c in codes}
        return self

    def eligible(self, o: Opportunity) -> np.ndarray:
        ok = (self.role_ & sum(ROLE_BITS[r] for r in ROLES_FOR_KIND[o.kind])) != 0
        for code, level in o.languages.items():
            held = self.languages_.get(code)
            ok &= held >= CEFR_LEVEL.get(level, 0) if held is not None else False
        if o.start:
            ok &= self.from_ <= day(o.start)
        if o.end:
            ok &= self.to_ >= day(o.end)
        if o.work_mode in ("onsite", "hybrid"):
            ok &= self.mode_ != MODE_CODES["remote"]
        return ok

    def _chunks(self, opportunities: list[Opportunity]):
        """Dense profiles x opportunities blocks of CHUNK columns: the cosine, plus 1 where the profile is
        eligible (so eligible people come first)."""
        for start in range(0, len(opportunities), CHUNK):
            chunk = opportunities[start:start + CHUNK]
            product = self.matrix_ @ self.vectorizer_.transform(opportunity_text(o) for o in chunk).T
            block = product.toarray() if sp.issparse(product) else np.asarray(product)
            for j, o in enumerate(chunk):
                block[:, j] += self.eligible(o)
            yield block

    def scores(self, opportunities: list[Opportunity]) -> np.ndarray:
        return np.hstack([np.zeros((len(self.ids_), 0), np.float32), *self._chunks(list(opportunities))])

    def rank_many(self, opportunities, top: int = 10) -> list[list[str]]:
        return [[self.ids_[i] for i in top_rows(column, top)]
                for block in self._chunks(list(opportunities)) for column in block.T]

    def rank(self, opportunity: Opportunity, top: int = 10) -> list[str]:
        return self.rank_many([opportunity], top)[0]


def top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Rows of the k highest scores, best first (ties by row)."""
    k = min(k, len(scores))
    if k == 0:
        return np.zeros(0, int)
    cut = np.argpartition(-scores, k - 1)[:k]
    return cut[np.lexsort((cut, -scores[cut]))]
