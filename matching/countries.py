"""Countries named in prose, in any of the six languages, as ISO 3166-1 alpha-2 codes.

A development agent who leaves the network field empty often says in the summary where their contacts
are ("Kenne Recycler in Österreich und Italien", "njoh investitorë gjermanë", "investitori italiani").
Names and demonyms share a stem in every language once folded to ASCII (Greek transliterated:
"Ιταλία" -> "italia", "Έλληνες" -> "ellines"), so each country is a few word-start prefixes. The table
covers where the Albanian diaspora and its business partners mostly are; Albania itself is left out,
since nearly every summary names it as the destination, not as a network. (pycountry ships names in
these languages but not demonyms, and weighs tens of megabytes of locale files for 30 countries.)
"""
from __future__ import annotations

import re
from functools import lru_cache

from matching.language import ascii_fold
from matching.model import Profile

# Word-start prefixes (a name or demonym in any inflection), then words that only count whole ("usa"
# begins Italian "usato", "france" begins "Francesco", "serb" begins "serbatoio").
_PREFIXES = {
    "IT": ("ital",),
    "GR": ("greec", "greek", "grec", "greq", "grek", "griech", "ellad", "ellin"),
    "DE": ("german", "gjerman", "deutsch", "tedesc", "allemagn", "alleman"),
    "AT": ("austri", "aystri", "afstri", "osterreich", "oesterreich", "autrich"),
    "CH": ("switz", "swiss", "svizz", "zvicer", "schweiz", "suisse", "elvet"),
    "FR": ("french", "frankreich", "franzos", "francez", "gallia", "galloi"),
    "GB": ("united kingdom", "brit", "england", "inghilterr", "regno unito", "angli", "angleterre",
           "royaume uni", "grossbritann", "vereinigte konigreich", "mbreteri e bashkuar",
           "mbreterine e bashkuar", "inomeno vasileio", "vretan"),
    "US": ("united states", "americ", "amerik", "stati uniti", "etats unis", "vereinigte staaten",
           "shtetet e bashkuara"),
    "CA": ("canad", "kanad"),
    "BE": ("belg", "velgi"),
    "NL": ("netherland", "dutch", "holland", "olland", "olanda", "pays bas", "niederland", "paesi bassi"),
    "TR": ("turk", "turq", "turc", "toyrk", "tourk"),
    "XK": ("kosov", "kossyfoped"),
    "ME": ("montenegr", "mal i zi", "malazez", "mavroboyn", "mavrovoun"),
    "RS": ("serbi", "serbe", "servia"),
    "ES": ("spain", "spanish", "spagn", "espagn", "espanol", "spanien", "spanj", "ispani"),
    "SE": ("swed", "svezi", "suede", "suedois", "schwed", "suedi", "soyid"),
    "BG": ("bulgar", "voylgar", "voulgar"),
    "HR": ("croat", "kroat", "croazi"),
    "AU": ("australi", "aystrali", "afstrali"),
}
_WORDS = {
    "FR": ("france", "francia", "francese", "francesi", "francais", "francaise", "francaises", "franceze"),
    "GB": ("uk",),
    "US": ("usa", "ipa"),
    "RS": ("serb",),
}
_CODE_OF = {name: code for table in (_PREFIXES, _WORDS) for code, names in table.items() for name in names}


def _alternatives(table: dict[str, tuple[str, ...]]) -> str:
    # Longest first, so that a longer name is not cut short by a shorter one.
    return "|".join(sorted((re.escape(n) for names in table.values() for n in names), key=len, reverse=True))


_NAMED = re.compile(rf"\b(?:({_alternatives(_WORDS)})\b|({_alternatives(_PREFIXES)}))")


@lru_cache(maxsize=50_000)
def countries_in(text: str) -> tuple[str, ...]:
    """The countries a text names (by name or demonym), in order of first mention."""
    return tuple(dict.fromkeys(_CODE_OF[m.group(1) or m.group(2)] for m in _NAMED.finditer(ascii_fold(text))))


def network_of(p: Profile) -> tuple[str, ...]:
    """Where an agent's business network is: the countries they stated, else those their summary names
    (experts have no network to read)."""
    if p.network_countries or "development_agent" not in p.roles:
        return p.network_countries
    return countries_in(p.summary)
