"""Reference lists shown in forms: countries, languages, CEFR levels, acquis chapters, Albania's regions and the
sectors of diaspora organisations' local projects.

Country and language names come from Babel's CLDR data, so they exist in Albanian and English
without a hand-kept table. Chapter titles are a table of translatable strings: the message extractor only
sees literal strings, so they cannot be read from matching/data/acquis_chapters.csv at run time
(tests/test_reference.py keeps the two in step).
"""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from diaspora.i18n import per_locale

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")

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
    code = code or ""
    return per_locale(("country", code), lambda: _locale().territories.get(code, code))


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
    code = code or ""
    return per_locale(("language", code), lambda: _locale().languages.get(code, code))


ACQUIS_CHAPTERS = {
    1: _l("Free movement of goods"),
    2: _l("Freedom of movement for workers"),
    3: _l("Right of establishment and freedom to provide services"),
    4: _l("Free movement of capital"),
    5: _l("Public procurement"),
    6: _l("Company law"),
    7: _l("Intellectual property law"),
    8: _l("Competition policy"),
    9: _l("Financial services"),
    10: _l("Information society and media"),
    11: _l("Agriculture and rural development"),
    12: _l("Food safety, veterinary and phytosanitary policy"),
    13: _l("Fisheries"),
    14: _l("Transport policy"),
    15: _l("Energy"),
    16: _l("Taxation"),
    17: _l("Economic and monetary policy"),
    18: _l("Statistics"),
    19: _l("Social policy and employment"),
    20: _l("Enterprise and industrial policy"),
    21: _l("Trans-European networks"),
    22: _l("Regional policy and coordination of structural instruments"),
    23: _l("Judiciary and fundamental rights"),
    24: _l("Justice, freedom and security"),
    25: _l("Science and research"),
    26: _l("Education and culture"),
    27: _l("Environment and climate change"),
    28: _l("Consumer and health protection"),
    29: _l("Customs union"),
    30: _l("External relations"),
    31: _l("Foreign, security and defence policy"),
    32: _l("Financial control"),
    33: _l("Financial and budgetary provisions"),
    34: _l("Institutions"),
    35: _l("Other issues"),
}


def chapter_choices() -> list[tuple[int, str]]:
    return list(per_locale(("chapters",), lambda: tuple((number, f"{number}. {title}")
                                                        for number, title in ACQUIS_CHAPTERS.items())))


def chapter_title(number: int) -> str:
    title = ACQUIS_CHAPTERS.get(number)
    return str(number) if title is None else per_locale(("chapter", number), lambda: str(title))


# Albania's twelve regions (qarqe), by their Albanian names (used in both languages, as on the maps): where an
# organisation works and where a local project takes place.
ALBANIAN_REGIONS = ("Berat", "Dibër", "Durrës", "Elbasan", "Fier", "Gjirokastër", "Korçë", "Kukës", "Lezhë",
                    "Shkodër", "Tiranë", "Vlorë")

# The sectors of the local projects diaspora organisations propose (IOM Albania's strategy), by code.
LOCAL_PROJECT_SECTORS = {"tourism": _l("Tourism"), "agritourism": _l("Agritourism"), "agriculture": _l("Agriculture")}


def region_choices() -> list[tuple[str, str]]:
    return [(region, region) for region in ALBANIAN_REGIONS]


def local_sector_name(code: str) -> str:
    label = LOCAL_PROJECT_SECTORS.get(code)
    return code if label is None else str(label)
