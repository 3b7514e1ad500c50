"""TF-IDF text vectors with a fixed, bounded feature space.

Hashed tokens need no vocabulary (HashedSpace: HashingVectorizer's columns), so the space is fixed at build
and a profile added later with words never seen before still gets a vector (its unseen terms hash into
buckets that carry the highest idf). The idf is learnt once at build from the indexed profiles and kept for
later upserts. float32 and 2**20 / 2**18 buckets bound memory at a million profiles.

- words: the folded, prefix-stemmed text of a record (summary, skills as typed plus the
  canonical names they map to, sectors, education), sublinear tf, l2-normalised;
- chars: character 3-4-grams within words of the skills that matched no taxonomy entry, the
  place where typos and mixed languages are left; short strings, so cheap even at a million.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import chain

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.utils import murmurhash3_32

from matching.text import fold

WORD_FEATURES = 2 ** 20
CHAR_FEATURES = 2 ** 18


# The character analyser: 3-4-grams within the folded words, padded with a space at each end.
_CHAR_ANALYSER = HashingVectorizer(preprocessor=fold, lowercase=False, analyzer="char_wb",
                                   ngram_range=(3, 4)).build_analyzer()
MEMO = 2_000_000  # distinct tokens whose column a hashed space keeps


@lru_cache(maxsize=200_000)
def char_grams(text: str) -> tuple[str, ...]:
    """The character n-grams of one typed string; a document's are those of its strings, one after the other."""
    return tuple(_CHAR_ANALYSER(text))


class HashedSpace:
    """Token lists to a count matrix, each token in the column HashingVectorizer(alternate_sign=False) gives
    it (scikit-learn's murmurhash3, seed 0). Each distinct token is hashed once per process and the lists
    are read by C-level maps: HashingVectorizer.transform walks a Python generator per token, which was
    most of the vectorising time at a hundred thousand profiles. Documents arrive tokenised (matching.text
    stemmed_words, char_grams, via matching.encode), so the strings profiles repeat are tokenised once too."""

    def __init__(self, n_features: int):
        self.n_features = n_features
        self.columns: dict[str, int] = {}

    def _column(self, token: str) -> int:
        h = murmurhash3_32(token, seed=0)
        if h == -2 ** 31:  # abs() would overflow int32: scikit-learn's own rule for this one value
            return (2 ** 31 - 1 - (self.n_features - 1)) % self.n_features
        return abs(h) % self.n_features

    def counts(self, docs: list[list[str]]) -> sp.csr_matrix:
        tokens = list(chain.from_iterable(docs))
        columns = self.columns
        missing = set(tokens).difference(columns)
        if missing:
            if len(columns) + len(missing) > MEMO:  # a fresh memo; a reader of the old one keeps its own
                columns = self.columns = {}
                missing = set(tokens)
            columns.update(zip(missing, map(self._column, missing)))
        indices = np.fromiter(map(columns.__getitem__, tokens), np.int32, count=len(tokens))
        indptr = np.zeros(len(docs) + 1, np.int64 if len(tokens) >= 2 ** 31 else np.int32)
        np.cumsum(np.fromiter(map(len, docs), np.int64, count=len(docs)), out=indptr[1:])
        counts = sp.csr_matrix((np.ones(len(tokens), np.float32), indices, indptr),
                               shape=(len(docs), self.n_features))
        counts.sum_duplicates()
        return counts


_WORDS = HashedSpace(WORD_FEATURES)
_CHARS = HashedSpace(CHAR_FEATURES)


class TextVectors:
    """The fitted idf of both spaces (what a snapshot saves), and the vectors made with it."""

    def __init__(self):
        self.word_idf = TfidfTransformer(sublinear_tf=True)
        self.char_idf = TfidfTransformer(sublinear_tf=True)

    @staticmethod
    def word_counts(docs: list[list[str]]) -> sp.csr_matrix:
        return _WORDS.counts(docs)

    @staticmethod
    def char_counts(docs: list[list[str]]) -> sp.csr_matrix:
        return _CHARS.counts(docs)

    def fit_idf(self, word_df: np.ndarray, char_df: np.ndarray, n_docs: int) -> TextVectors:
        """Set the idf from document frequencies summed over the build's chunks (sklearn's smooth idf)."""
        self.word_idf.idf_ = (np.log((1 + n_docs) / (1 + word_df)) + 1).astype(np.float32)
        self.char_idf.idf_ = (np.log((1 + n_docs) / (1 + char_df)) + 1).astype(np.float32)
        return self

    @staticmethod
    def df(counts: sp.csr_matrix) -> np.ndarray:
        return np.bincount(counts.indices, minlength=counts.shape[1])

    def word_tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        return self._tfidf(self.word_idf, counts)

    def char_tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        return self._tfidf(self.char_idf, counts)

    @staticmethod
    def _tfidf(idf: TfidfTransformer, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Rows of the store (CSR while building; Store.concat turns the result into CSC once)."""
        if counts.shape[0] == 0:  # sklearn refuses zero rows; an empty store is legitimate
            return sp.csr_matrix(counts.shape, dtype=np.float32)
        return idf.transform(counts, copy=False).astype(np.float32, copy=False).tocsr()

    def query(self, words: list[str], chars: list[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        words = self._one_row(self.word_counts([words]), self.word_idf.idf_)
        chars = (self._one_row(self.char_counts([chars]), self.char_idf.idf_) if chars
                 else sp.csr_matrix((1, CHAR_FEATURES), dtype=np.float32))
        return words, chars

    @staticmethod
    def _one_row(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
        """TfidfTransformer.transform (sublinear tf, idf, l2) for one query row, without sklearn's input
        validation, which costs more than the arithmetic on a single row (about 1.5 ms per query)."""
        counts = counts.tocsr()
        data = (np.log(counts.data, dtype=np.float64) + 1) * idf[counts.indices]
        norm = np.sqrt(data @ data)
        if norm:
            data /= norm
        return sp.csr_matrix((data.astype(np.float32), counts.indices.copy(), counts.indptr.copy()),
                             shape=counts.shape)
