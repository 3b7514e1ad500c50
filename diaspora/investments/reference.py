"""Reference data for investment leads: Albania's 61 municipalities, investment sectors, company names."""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from flask_babel import get_locale

from diaspora.taxonomy_names import albanian_name

DATA = Path(__file__).resolve().parent / "data"
SECTORS_CSV = Path(__file__).resolve().parent.parent.parent / "matching" / "data" / "sectors.csv"

# Legal-form words dropped from the end of a company name before comparing claims
# ("Alba Tech sh.p.k." and "ALBA TECH" are one company). Dots are removed first, so
# "sh.p.k." arrives here as "shpk" and "S.r.l." as "srl".
LEGAL_SUFFIXES = frozenset({
    "shpk", "sha", "pf",                                     # Albania
    "srl", "spa", "sas", "snc", "sapa", "srls",              # Italy
    "gmbh", "ag", "kg", "ohg", "ug", "eg", "co",             # German-speaking countries ("GmbH & Co. KG")
    "ltd", "limited", "plc", "llp", "llc", "inc", "corp", "corporation", "company",
    "sa", "sarl", "sasu", "eurl", "bv", "nv", "ae", "epe", "ike", "oe",  # France, Benelux, Greece
    "ab", "as", "asa", "oy", "aps", "doo", "dooel", "ad", "sl", "slu",
})


@lru_cache(maxsize=1)
def municipalities() -> tuple[tuple[str, str], ...]:
    """(name, county) of the 61 municipalities created by the 2015 territorial reform."""
    with (DATA / "municipalities.csv").open(encoding="utf-8") as handle:
        return tuple((row["name"], row["county"]) for row in csv.DictReader(handle))


def municipality_choices() -> list[tuple[str, str]]:
    return [(name, f"{name} ({county})") for name, county in municipalities()]


@lru_cache(maxsize=1)
def _sectors() -> tuple[tuple[str, str, str], ...]:
    """(slug, English name, Albanian name) of the taxonomy's investment sectors."""
    with SECTORS_CSV.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["kind"] == "investment"]
    return tuple((row["slug"], row["name"], albanian_name(row["name"])) for row in rows)


def _albanian() -> bool:
    return str(get_locale() or "sq").startswith("sq")


def sector_choices() -> list[tuple[str, str]]:
    albanian = _albanian()
    return sorted(((slug, sq if albanian else en) for slug, en, sq in _sectors()), key=lambda pair: pair[1])


def sector_name(slug: str) -> str:
    albanian = _albanian()
    for key, en, sq in _sectors():
        if key == slug:
            return sq if albanian else en
    return slug or ""


def normalise_company(name: str) -> str:
    """The key two claims on one company share: no accents, case, punctuation, legal form or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " ").replace(".", "")
    words = re.sub(r"[^\w]+", " ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)
