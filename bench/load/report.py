"""The load run's raw samples to the tables in docs/load-test.md.

Only the block between the two markers is rewritten, so the analysis written around it by hand
survives a new run. Percentiles are exact (nearest rank) over the samples the locustfile recorded,
not locust's rounded ones.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

BEGIN = "<!-- bench-load:begin (written by `make bench-load`; edit outside this block) -->"
END = "<!-- bench-load:end -->"
REVIEW_PAGES = ("/officers/opportunities/[id]", "/officers/opportunities/[id]?filters")
SUPPLY_PAGES = ("/reports/supply", "/reports/supply?period")
ALL = "Aggregated"


@dataclass(frozen=True)
class PageStats:
    name: str
    requests: int
    errors: int
    p50: float
    p95: float
    max: float
    rps: float


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)] if ordered else 0.0


def _stats(name: str, rows: list, seconds: float) -> PageStats:
    times = sorted(r[2] for r in rows)
    return PageStats(name=name, requests=len(rows), errors=sum(1 for r in rows if not r[3]),
                     p50=_percentile(times, 0.50), p95=_percentile(times, 0.95), max=times[-1] if times else 0.0,
                     rps=len(rows) / seconds if seconds > 0 else 0.0)


def page_stats(samples: list, since: float, until: float) -> list[PageStats]:
    """Per page, then "Aggregated", over the requests that ended between `since` and `until`
    (samples are [end time, page, milliseconds, ok])."""
    window = [s for s in samples if since <= s[0] <= until]
    seconds = until - since
    pages = sorted({s[1] for s in window})
    return [_stats(page, [s for s in window if s[1] == page], seconds) for page in pages] + [
        _stats(ALL, window, seconds)]


def worst_p95(stats: list[PageStats], pages: tuple[str, ...] = REVIEW_PAGES) -> float:
    """The worst p95 of a page with a target (the match review page, the supply page), filtered or not."""
    return max((s.p95 for s in stats if s.name in pages), default=0.0)


def table(stats: list[PageStats]) -> str:
    lines = ["| page | requests | errors | p50 ms | p95 ms | max ms | req/s |", "|---|---:|---:|---:|---:|---:|---:|"]
    for s in stats:
        name = "**all requests**" if s.name == ALL else f"`{s.name}`"
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
