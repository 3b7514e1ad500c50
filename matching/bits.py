"""Bitsets held as Python ints while a profile is encoded, and as uint64 words in the column store.

A profile sets a handful of bits (chapters, sectors, countries, words); OR-ing Python ints costs far less than
setting numpy bits one by one, so encoding works on ints and a whole chunk of profiles is converted to words at
once (`int_columns`). Bit b lives in word b // 64 at position b % 64.
"""
from __future__ import annotations

import numpy as np

WORD = 0xFFFF_FFFF_FFFF_FFFF


def words_for(bits: int) -> int:
    return max(1, (bits + 63) // 64)


def set_bit(words: np.ndarray, bit: int) -> None:
    words[bit // 64] |= np.uint64(1) << np.uint64(bit % 64)


def as_words(mask: int, n_words: int) -> np.ndarray:
    """One int bitmask as n uint64 words."""
    return np.array([(mask >> (64 * i)) & WORD for i in range(n_words)], np.uint64)


def int_columns(masks: list[int], n_words: int) -> np.ndarray:
    """Many int bitmasks as an (n_words x len(masks)) uint64 array, one column per mask: each int is written
    as little-endian bytes and the lot read as words in one step."""
    size = 8 * n_words
    raw = b"".join([m.to_bytes(size, "little") for m in masks])
    rows = np.frombuffer(raw, dtype="<u8").reshape(len(masks), n_words).astype(np.uint64, copy=False)
    return np.ascontiguousarray(rows.T)
