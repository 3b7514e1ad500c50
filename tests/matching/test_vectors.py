"""The hashed text spaces: the columns and counts scikit-learn's HashingVectorizer gives, from tokens read once."""
from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from matching.bits import as_words, int_columns
from matching.text import fold, stemmed_words
from matching.vectors import CHAR_FEATURES, WORD_FEATURES, HashedSpace, char_grams

TEXTS = [
    "Eksperte në prokurimin publik dhe auditimin e brendshëm; 12 vjet përvojë.",
    "Appalti pubblici e gare d'appalto, diritto amministrativo",
    "νομοθεσία περί προστασίας δεδομένων προσωπικού χαρακτήρα",
    "Marktüberwachungsbehörden, Konformitätsbewertungen und Straße",
    "",
    "a b c",  # one-letter words are no tokens
    "procurement procurement procurement",  # a repeated token is counted, not listed
]


def _same(left, right) -> bool:
    left, right = left.tocsr(), right.tocsr()
    left.sort_indices()
    right.sort_indices()
    return (left.shape == right.shape and np.array_equal(left.indptr, right.indptr)
            and np.array_equal(left.indices, right.indices) and np.array_equal(left.data, right.data))


def test_word_counts_equal_hashing_vectorizer_over_the_same_tokens():
    docs = [stemmed_words(t) for t in TEXTS]
    reference = HashingVectorizer(n_features=WORD_FEATURES, analyzer=lambda tokens: tokens, alternate_sign=False,
                                  norm=None, dtype=np.float32).transform(docs)
    space = HashedSpace(WORD_FEATURES)
    assert _same(space.counts(docs), reference)
    assert _same(space.counts(docs), reference)  # the second time from the memo
    assert space.counts([]).shape == (0, WORD_FEATURES)


def test_character_grams_of_each_string_make_the_grams_of_the_joined_text():
    analyser = HashingVectorizer(preprocessor=fold, lowercase=False, analyzer="char_wb",
                                 ngram_range=(3, 4)).build_analyzer()
    free = ["Rrjeoet Me Fibeer Optike", "ομαδικότητα", "DGS", "--"]
    grams = [g for text in free for g in char_grams(text)]
    assert sorted(grams) == sorted(analyser(" ".join(free)))
    reference = HashingVectorizer(n_features=CHAR_FEATURES, preprocessor=fold, lowercase=False,
                                  analyzer="char_wb", ngram_range=(3, 4), alternate_sign=False, norm=None,
                                  dtype=np.float32).transform([" ".join(free)])
    assert _same(HashedSpace(CHAR_FEATURES).counts([grams]), reference)


def test_a_full_memo_starts_again_without_losing_a_column(monkeypatch):
    monkeypatch.setattr("matching.vectors.MEMO", 3)
    space = HashedSpace(WORD_FEATURES)
    first = space.counts([["alpha", "beta"]])
    second = space.counts([["gamma", "delta", "alpha"]])  # five distinct tokens: the memo is renewed
    assert len(space.columns) == 3
    assert second[0, first.indices].sum() == 1  # "alpha" kept its column


def test_int_bitmasks_become_the_columns_of_uint64_words():
    masks = [0, 1, 1 << 63, 1 << 64, (1 << 675) | 5, (1 << 704) - 1]
    columns = int_columns(masks, 11)
    assert columns.shape == (11, len(masks)) and columns.dtype == np.uint64 and columns.flags.c_contiguous
    for i, mask in enumerate(masks):
        assert np.array_equal(columns[:, i], as_words(mask, 11))
    assert int_columns([], 2).shape == (2, 0)
