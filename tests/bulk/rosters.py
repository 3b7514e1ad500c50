"""Synthetic rosters in the contract's shape, for import tests."""
from __future__ import annotations

import json
from datetime import date, timedelta

COUNTRIES = ("IT", "DE", "GR", "US", "GB", "FR", "CH", "AT")
SKILLS = ("public procurement", "internal audit", "statistics", "EU law", "energy markets", "food safety")


def profile(n: int, **overrides) -> dict:
    record = {
        "id": f"p{n}", "email": f"person{n}@roster.example", "roles": ["expert"] if n % 3 else
        ["expert", "development_agent"], "full_name": f"Person Number{n} Hoxha",
        "date_of_birth": (date(1960, 1, 1) + timedelta(days=n % 12000)).isoformat(),
        "country": COUNTRIES[n % len(COUNTRIES)], "city": "Milano",
        "languages": {"sq": "C2", "en": "B2"}, "years_experience": n % 30,
        "education": [{"degree": "MSc", "field": "Economics"}], "sectors": ["public finance"],
        "acquis_chapters": [5, 32][: 1 + n % 2], "skills": [SKILLS[n % 6], SKILLS[(n + 1) % 6]],
        "summary": "Expert abroad.", "work_mode": "any", "network_countries": ["IT"], "investment_sectors": [],
    }
    record.update(overrides)
    return record


def jsonl(records) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
