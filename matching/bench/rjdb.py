"""RJDB (Megagon Labs, CC BY-SA 4.0) converted to the matching contract.

RJDB's test split holds 1,000 triples of a job description, a résumé written for it and a weakened copy
of that résumé (skills removed, experience shortened). Generated English markdown with "## Section"
headings. The conversion reads only what a person or an institution would have filled in:
- résumé -> Profile (role expert): summary = the résumé's text without its personal-information block;
  skills = the items of its Skills section; education = its Education section; years of experience =
  the years covered by the date ranges of its Experience section (overlaps counted once).
- job -> Opportunity (kind fellowship): title from "Job title"; description = the whole text; required
  skills = the items of "Required Skills" (the phrase before a colon); minimum years = the years named in
  "Required Experience" (summed, as the section lists one role per line).
No languages, dates or work modes are stated, so every résumé is eligible for every job.

Labels: job i -> its matched résumé grade 2, its weakened résumé grade 1. Figures: pairwise accuracy
(the matched résumé scores above the weakened one for its job) and MRR@50 when each job ranks all
2,000 résumés. Derived data keeps the licence: CC BY-SA 4.0, attribution to Megagon Labs
(see /work/shared/benchmarks/rjdb/LICENSE); nothing converted is stored in this repository.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from matching.model import Opportunity, Profile

DEFAULT_PATH = Path("/work/shared/benchmarks/rjdb/test.jsonl")
ATTRIBUTION = "RJDB (Megagon Labs), CC BY-SA 4.0"

_HEADING = re.compile(r"^\s*#+\s*(.+?)\s*:?\s*$")
# Some triples drop the "##": a line that is exactly one of these names is a heading too.
_NAMES = {"job title", "job summary", "required skills", "required experience", "responsibilities",
          "personal information", "education", "skills", "experience"}
_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+(.+?)\s*$")
_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|–|—|to)\s*((?:19|20)\d\d|present|current|now)\b", re.I)
_YEARS = re.compile(r"\b(\d{1,2})\+?\s*(?:years?|yrs?)\b", re.I)
_NOW = 2023  # RJDB's résumés end in 2023 at the latest


def sections(text: str) -> dict[str, list[str]]:
    """Heading (lower-case) -> its lines; lines before any heading go under ''."""
    out: dict[str, list[str]] = {"": []}
    current = ""
    for line in text.splitlines():
        heading = _HEADING.match(line)
        name = (heading.group(1) if heading else line).strip(" *:\t").lower()
        if heading or name in _NAMES:
            current = name
            out.setdefault(current, [])
        elif line.strip():
            out[current].append(line.strip())
    return out


def _items(lines: list[str]) -> list[str]:
    return [m.group(1) for m in map(_ITEM.match, lines) if m]


def experience_years(lines: list[str]) -> int:
    years: set[int] = set()
    for start, end in _SPAN.findall(" ".join(lines)):
        last = _NOW if not end[0].isdigit() else int(end)
        years.update(range(int(start), max(int(start), last)))
    return len(years)


def resume_profile(pid: str, text: str) -> Profile:
    parts = sections(text)
    skills = tuple(_items(parts.get("skills", [])) or parts.get("skills", []))
    education = tuple({"degree": line, "field": ""} for line in parts.get("education", []))
    body = "\n".join(line for name, lines in parts.items() if name != "personal information" for line in lines)
    return Profile(id=pid, roles=("expert",), skills=skills, education=education, summary=body,
                   years_experience=experience_years(parts.get("experience", [])))


def job_opportunity(oid: str, text: str) -> Opportunity:
    parts = sections(text)
    title = " ".join(parts.get("job title", [])) or oid
    required = tuple(item.split(":")[0].strip() for item in _items(parts.get("required skills", [])))
    years = sum(int(n) for n in _YEARS.findall(" ".join(parts.get("required experience", []))))
    return Opportunity(id=oid, kind="fellowship", title=title, description=text.strip(),
                       required_skills=tuple(r for r in required if r), min_years_experience=years or None)


@dataclass
class Benchmark:
    profiles: list[Profile]
    opportunities: list[Opportunity]
    labels: dict[str, dict[str, int]]  # job id -> {matched résumé: 2, weakened résumé: 1}


def load(path: str | Path = DEFAULT_PATH, limit: int | None = None) -> Benchmark:
    profiles, opportunities, labels = [], [], {}
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                break
            row = json.loads(line)
            job, matched, weakened = f"rjdb-j{i:04d}", f"rjdb-m{i:04d}", f"rjdb-w{i:04d}"
            opportunities.append(job_opportunity(job, row["Job-Description"]))
            profiles += [resume_profile(matched, row["Resume-matched"]), resume_profile(weakened, row["Resume-unmatched"])]
            labels[job] = {matched: 2, weakened: 1}
    return Benchmark(profiles, opportunities, labels)
