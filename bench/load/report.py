"""Locust's CSV statistics to the table in docs/load-test.md.

Only the block between the two markers is rewritten, so the analysis written around it by hand
survives a new run.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

BEGIN = "<!-- bench-load:begin (written by `make bench-load`; edit outside this block) -->"
END = "<!-- bench-load:end -->"
REVIEW_PAGES = ("/officers/opportunities/[id]", "/officers/opportunities/[id]?filters")


@dataclass(frozen=True)
class PageStats:
    name: str
    requests: int
    errors: int
    p50: float
    p95: float
    max: float
    rps: float


def _number(value: str) -> float:
    return float(value) if value not in ("", "N/A") else 0.0


def read_stats(path: Path) -> list[PageStats]:
    """One row per page (method included where a page is also posted) and the "Aggregated" row last."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name, method = row["Name"], row["Type"]
            if method not in ("GET", "") and not name.startswith(method):
                name = f"{method} {name}"
            rows.append(PageStats(name=name, requests=int(row["Request Count"]), errors=int(row["Failure Count"]),
                                  p50=_number(row["50%"]), p95=_number(row["95%"]),
                                  max=_number(row["Max Response Time"]), rps=_number(row["Requests/s"])))
    return rows


def review_p95(stats: list[PageStats]) -> float:
    """The worst p95 of the match review page, filtered or not."""
    return max((s.p95 for s in stats if s.name in REVIEW_PAGES), default=0.0)


def table(stats: list[PageStats]) -> str:
    lines = ["| page | requests | errors | p50 ms | p95 ms | max ms | req/s |", "|---|---:|---:|---:|---:|---:|---:|"]
    for s in stats:
        name = "**all requests**" if s.name == "Aggregated" else f"`{s.name}`"
        lines.append(f"| {name} | {s.requests:,} | {s.errors:,} | {s.p50:,.0f} | {s.p95:,.0f} | {s.max:,.0f} "
                     f"| {s.rps:.2f} |")
    return "\n".join(lines)


def failures(path: Path) -> list[str]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return [f"{row['Occurrences']} x {row['Name'] if row['Name'].startswith(row['Method']) else row['Method'] + ' ' + row['Name']}: "
                f"{row['Error']}" for row in csv.DictReader(fh)]


def write_block(path: Path, block: str, heading: str) -> None:
    """Replace the marked block of `path` (or create the file with `heading` around it)."""
    marked = f"{BEGIN}\n{block.strip()}\n{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else f"{heading.strip()}\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text = f"{text.rstrip()}\n\n{BEGIN}\n{END}\n"
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    path.write_text(f"{before}{marked}{after}", encoding="utf-8")
