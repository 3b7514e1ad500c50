"""The labelled sets `python -m matching evaluate --set NAME` knows.

- generator: the seeded synthetic set (matching/eval/synth.py); tune on it;
- handwritten-dev: hand-written profiles and postings in six languages (matching/data/eval/, README there);
  error analysis and tuning;
- handwritten: written the same way by the same rules, other people and postings: report only;
- rjdb: the public RJDB benchmark (English, generated), converted by matching/bench/rjdb.py.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from matching.bench import rjdb
from matching.io import read_opportunities, read_profiles
from matching.model import Opportunity, Profile
from matching.eval.synth import Generator

EVAL_DIR = Path(__file__).resolve().parent.parent / "data" / "eval"
NAMES = ("generator", "handwritten", "handwritten-dev", "rjdb")


@dataclass
class LabelledSet:
    name: str
    profiles: list[Profile]
    opportunities: list[Opportunity]
    labels: dict[str, dict[str, int]]  # opportunity id -> profile id -> grade; absent = 0
    language_of: dict[str, str] = field(default_factory=dict)  # profile id -> language label, when known
    note: str = ""


def _csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def handwritten(name: str) -> LabelledSet:
    folder = EVAL_DIR / name
    labels: dict[str, dict[str, int]] = {}
    for row in _csv(folder / "judgments.csv"):
        labels.setdefault(row["opportunity_id"], {})[row["profile_id"]] = int(row["grade"])
    opportunities = read_opportunities(folder / "opportunities.jsonl")
    for o in opportunities:
        labels.setdefault(o.id, {})
    return LabelledSet(name, read_profiles(folder / "profiles.jsonl"), opportunities, labels,
                       {row["profile_id"]: row["language"] for row in _csv(folder / "languages.csv")})


def load(name: str, seed: int = 7, n_profiles: int = 5000, n_opportunities: int = 200,
         rjdb_path: str | Path = rjdb.DEFAULT_PATH) -> LabelledSet:
    if name == "generator":
        data = Generator(seed).dataset(n_profiles, n_opportunities)
        return LabelledSet(name, data.profiles, data.opportunities, data.labels, note=f"seed {seed}")
    if name == "rjdb":
        bench = rjdb.load(rjdb_path)
        return LabelledSet(name, bench.profiles, bench.opportunities, bench.labels, note=rjdb.ATTRIBUTION)
    if name in NAMES:
        return handwritten(name)
    raise ValueError(f"unknown set {name!r}: choose one of {', '.join(NAMES)}")
