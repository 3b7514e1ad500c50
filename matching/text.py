"""Text folding shared by the taxonomy and the TF-IDF features.

`fold` makes the spellings people actually type comparable: case, diacritics (Albanian ë/ç,
Greek tonos, German umlauts), punctuation and runs of spaces. `stem_prefixes` cuts every word to
its first STEM letters, a crude but language-neutral stemmer: Albanian, Italian, Greek, German
and French inflect word endings ("prokurim"/"prokurimi", "procurement"/"procurements"), and a
single C-level regex pass keeps it cheap at a million documents.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

STEM = 7
MAX_TEXT = 20_000  # characters of free text kept per record: enough for any CV, bounded cost

# After NFKD, accents are separate combining marks: ë = e + U+0308, ç = c + U+0327, ά = α + U+0301.
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Letters NFKD does not decompose but people write without the stroke.
_EXTRA = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"})


def _fold_slow(text: str) -> str:
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_EXTRA)))
    return _NON_WORD.sub(" ", text)


# Every character below U+2100 (Latin, Greek, Cyrillic, general punctuation: nearly all that people type)
# folded once: accents stripped, non-word characters to a space. A string of those is then folded by one
# C-level translate instead of NFKD and two regular expressions (the build folds every profile's text).
_TABLE_END = 0x2100
_TABLE = {c: _fold_slow(chr(c)) for c in range(_TABLE_END) if _fold_slow(chr(c)) != chr(c)}
_BEYOND_TABLE = re.compile("[^\x00-\u20ff]")
# str.translate looks every character up in the dict unless the whole string is ASCII; most of a
# profile's text is ASCII even in Italian or Albanian, so its ASCII bytes go through one 256-byte table
# and only the runs of other letters through the dict (half the fold time of a profile's text).
_ASCII_BYTES = bytes(ord(_TABLE.get(b, chr(b))) if b < 128 else b for b in range(256))
_NON_ASCII = re.compile("[^\x00-\x7f]+")


def _fold_run(m: re.Match) -> str:
    return m.group().translate(_TABLE)


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation, collapse spaces."""
    text = text[:MAX_TEXT].casefold()
    if _BEYOND_TABLE.search(text):
        text = _fold_slow(text)
    else:
        text = _NON_ASCII.sub(_fold_run, text.encode().translate(_ASCII_BYTES).decode())
    return " ".join(text.split())


@lru_cache(maxsize=200_000)
def fold_cached(text: str) -> str:
    return fold(text)


def stem_prefixes(folded: str) -> str:
    return " ".join([word[:STEM] for word in folded.split()])


# Folded text is word runs between single spaces: the first STEM letters of each run of two or more.
_STEMMED_WORD = re.compile(r"(?<!\S)(\S{2,%d})\S*" % STEM)


def stemmed_words(text: str) -> list[str]:
    """The prefix-stemmed words of two or more letters, in one C-level pass over the folded text (the word
    vectors' tokens; a split and a slice per word cost a third more at a hundred thousand profiles)."""
    return _STEMMED_WORD.findall(fold(text))


@lru_cache(maxsize=200_000)
def stemmed_words_cached(text: str) -> tuple[str, ...]:
    """stemmed_words of a string that profiles repeat: a typed skill, a concept's name, a sector."""
    return tuple(stemmed_words(text))


def analyse(text: str) -> str:
    """The preprocessor of the word TF-IDF: fold, then prefix-stem."""
    return stem_prefixes(fold(text))
