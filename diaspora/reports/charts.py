"""Bar charts drawn on the server as SVG: no script, readable without colour, each with its table."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ROW_HEIGHT = 28
LABEL_WIDTH = 220
BAR_WIDTH = 300
WIDTH = 640
MAX_BARS = 15


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str  # the value as shown (a count, money, days), already formatted
    width: float  # length of the bar in SVG units
    y: int


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    bars: tuple[Bar, ...]
    value_heading: str
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH


def bar_chart(key: str, title: str, items: list[tuple[str, float | int | Decimal]], value_heading: str,
              formatter=str, other_label: str = "") -> Chart:
    """Largest first as given; beyond MAX_BARS the rest is summed into one `other_label` bar."""
    items = list(items)
    if len(items) > MAX_BARS and other_label:
        rest = sum(value for _label, value in items[MAX_BARS - 1:])
        items = items[:MAX_BARS - 1] + [(other_label, rest)]
    top = max((float(value) for _label, value in items), default=0.0)
    bars = tuple(Bar(label=str(label), value=float(value), display=formatter(value),
                     width=round(BAR_WIDTH * float(value) / top, 1) if top > 0 else 0.0, y=index * ROW_HEIGHT)
                 for index, (label, value) in enumerate(items))
    return Chart(key, title, bars, value_heading, height=max(len(bars), 1) * ROW_HEIGHT)
