"""Small word sets for the features of the programme kinds added by docs/contract/KINDS.md.

Twinning compares a member's employer with the counterpart field sought, a field project the education fields
with the disciplines sought, a local project the organisation's regions with the project's region. These are a
few words on each side, so a person's side is kept as a small bitset of its words (folded and prefix-stemmed like
the engine's TF-IDF text, so "Statistics", "statistikë" and "statistica" meet) and a feature is the share of the
opportunity's words the person holds: a few bit tests over two machine words per row, at any index size.
Each word sets two of TERM_BITS bits (a Bloom filter) and is held only when both are set: with a handful of words
on the person's side, a false hit is about one chance in 250 per word sought.
"""
from __future__ import annotations

import zlib
from functools import lru_cache

import numpy as np

from matching.bits import as_words
from matching.model import STUDY_LEVELS
from matching.text import analyse, fold

TERM_BITS = 128
TERM_WORDS = TERM_BITS // 64
MIN_LETTERS = 3
# Connecting words of the contract's languages that would make unrelated names meet ("Comune di Bologna",
# "Institute of Statistics"): they carry no field.
# (Words under MIN_LETTERS go anyway.)
STOP_WORDS = frozenset("the and for with del della dei degli per und der die das des fur von les pour dhe nga".split())
# The twelve Albanian regions (qarqe) under their indefinite folded names; a region written in the definite form
# ("Shkodra", "Vlora") or with the county word ("Qarku i Shkodrës") counts as the same region.
REGIONS = {
    "berat": ("berati", "beratit"), "diber": ("dibra", "dibres"), "durres": ("durresi", "durresit"),
    "elbasan": ("elbasani", "elbasanit"), "fier": ("fieri", "fierit"), "gjirokaster": ("gjirokastra", "gjirokastres"),
    "korce": ("korca", "korces"), "kukes": ("kukesi", "kukesit"), "lezhe": ("lezha", "lezhes"),
    "shkoder": ("shkodra", "shkodres"), "tirane": ("tirana", "tiranes"), "vlore": ("vlora", "vlores"),
}
_REGION_OF = {form: name for name, forms in REGIONS.items() for form in (name, *forms)}
STUDY_RANK = {level: rank for rank, level in enumerate(STUDY_LEVELS)}
NO_LEVEL = -1


@lru_cache(maxsize=100_000)
def _word_mask(term: str) -> int:
    """The two bits of one term, as an int bitmask (matching.bits)."""
    data = term.encode("utf-8", "surrogatepass")
    return (1 << zlib.crc32(data) % TERM_BITS) | (1 << zlib.adler32(data) % TERM_BITS)


def _mask(term: str) -> np.ndarray:
    return as_words(_word_mask(term), TERM_WORDS)


def words_of(text: str) -> list[str]:
    """The words of `text` that can carry a field: folded, prefix-stemmed, no connecting words."""
    return [w for w in analyse(text).split() if len(w) >= MIN_LETTERS and w not in STOP_WORDS]


def term_masks(texts) -> list[np.ndarray]:
    """One mask per distinct word of `texts`: what an opportunity seeks."""
    return [_mask(word) for word in dict.fromkeys(w for text in texts for w in words_of(text))]


@lru_cache(maxsize=100_000)
def _text_mask(text: str) -> int:
    mask = 0
    for word in words_of(text):
        mask |= _word_mask(word)
    return mask


def term_mask(texts) -> int:
    """The words of all `texts` as one int bitmask of TERM_BITS bits: what a person holds (a profile's
    employer and fields of study repeat across profiles, so each text is read once)."""
    mask = 0
    for text in texts:
        if text:
            mask |= _text_mask(text)
    return mask


def term_bits(texts) -> np.ndarray:
    """term_mask as TERM_WORDS uint64 words."""
    return as_words(term_mask(texts), TERM_WORDS)


def region_name(text: str) -> str:
    """A region's canonical folded name: one of REGIONS when recognised, else the folded text."""
    folded = fold(text)
    for word in folded.split():
        if word in _REGION_OF:
            return _REGION_OF[word]
    return folded


def region_masks(regions) -> list[np.ndarray]:
    """One mask per region (a whole region is one term, so "Shkodër" never meets "Shkodër e Re")."""
    return [_mask(name) for name in dict.fromkeys(map(region_name, regions)) if name]


def region_mask(regions) -> int:
    mask = 0
    for name in map(region_name, regions):
        if name:
            mask |= _word_mask(name)
    return mask


def study_mask(levels) -> int:
    """The study levels as a bitmask (bit = STUDY_RANK); 0 for none."""
    return sum(1 << STUDY_RANK[level] for level in set(levels) if level in STUDY_RANK)


def share_held(bits: np.ndarray, masks: list[np.ndarray]) -> np.ndarray:
    """Per row of `bits` (TERM_WORDS x rows, or one row's TERM_WORDS), the share of `masks` it holds."""
    bits = bits.reshape(TERM_WORDS, -1)
    held = np.zeros(bits.shape[1], np.float32)
    for m in masks:
        m = m[:, None]
        held += np.all(bits & m == m, axis=0)
    return held / np.float32(max(len(masks), 1))
