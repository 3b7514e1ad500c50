"""Reference lists shown in forms: countries, languages, CEFR levels, acquis chapters.

Country and language names come from Babel's CLDR data, so they exist in Albanian and English
without a hand-kept table.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from babel import Locale
from flask_babel import get_locale

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
ACQUIS_CSV = Path(__file__).resolve().parent.parent / "matching" / "data" / "acquis_chapters.csv"

# Languages the diaspora and the institutions actually use, offered first in forms.
COMMON_LANGUAGES = ("sq", "en", "it", "el", "de", "fr", "es", "tr", "ru", "nl", "sv", "pt", "mk", "sr", "hr")


def _locale() -> Locale:
    try:
        return Locale.parse(str(get_locale() or "en"))
    except (ValueError, TypeError):
        return Locale.parse("en")


@lru_cache(maxsize=4)
def _countries(locale_code: str) -> tuple[tuple[str, str], ...]:
    territories = Locale.parse(locale_code).territories
    pairs = [(code, name) for code, name in territories.items()
             if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}]
    return tuple(sorted(pairs, key=lambda pair: pair[1]))


def country_choices() -> list[tuple[str, str]]:
    return list(_countries(str(_locale())))


def country_codes() -> frozenset[str]:
    return frozenset(code for code, _ in _countries("en"))


def country_name(code: str) -> str:
    return _locale().territories.get(code or "", code or "")


@lru_cache(maxsize=4)
def _languages(locale_code: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale_code).languages
    codes = [c for c in names if len(c) == 2 and c.isalpha()]
    ordered = list(COMMON_LANGUAGES) + sorted(set(codes) - set(COMMON_LANGUAGES), key=lambda c: names[c])
    return tuple((c, names.get(c, c)) for c in ordered if c in names)


def language_choices() -> list[tuple[str, str]]:
    return list(_languages(str(_locale())))


def language_codes() -> frozenset[str]:
    return frozenset(code for code, _ in _languages("en"))


def language_name(code: str) -> str:
    return _locale().languages.get(code or "", code or "")


@lru_cache(maxsize=1)
def acquis_chapters() -> tuple[tuple[int, str, str], ...]:
    with ACQUIS_CSV.open(encoding="utf-8") as handle:
        return tuple((int(row["chapter"]), row["title"], row["cluster"]) for row in csv.DictReader(handle))


def chapter_choices() -> list[tuple[int, str]]:
    return [(number, f"{number}. {title}") for number, title, _ in acquis_chapters()]


def chapter_title(number: int) -> str:
    return dict((n, t) for n, t, _ in acquis_chapters()).get(number, str(number))
