"""The taxonomy's skill and sector names in the reader's language.

The engine names a canonical skill or sector by its English name (matching/data: `name`); its Albanian
aliases come first with the usual Albanian term (`aliases_sq`), which is what an Albanian reader is shown.
Text that is not a taxonomy name (what a person typed) is shown as it is.
"""
from __future__ import annotations

import csv
from functools import lru_cache

from matching.taxonomy import DATA_DIR

from diaspora.i18n import locale_code


def _first_alias(row: dict) -> str:
    alias = (row.get("aliases_sq") or "").split("|")[0].strip()
    return alias[:1].upper() + alias[1:]


@lru_cache(maxsize=1)
def _albanian() -> dict[str, str]:
    """English name -> Albanian name, for every skill and sector of the packaged taxonomy."""
    names: dict[str, str] = {}
    for path in [*sorted((DATA_DIR / "skills").glob("*.csv")), DATA_DIR / "sectors.csv"]:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                albanian = _first_alias(row)
                if row.get("name") and albanian:
                    names.setdefault(row["name"].strip(), albanian)
    return names


def albanian_name(name: str) -> str:
    """The Albanian name of a taxonomy skill or sector given by its English name; `name` if it is not one."""
    return _albanian().get(name, name)


def taxonomy_name(name: str) -> str:
    """A taxonomy skill or sector name as the reader reads it (Albanian in Albanian, else the English name)."""
    return albanian_name(name) if locale_code() == "sq" else name
