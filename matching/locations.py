"""Where each live profile of an index is: a row of the base store, or of a store added since.

At a million profiles a dict from id to (store, row) costs each process about 150 MB of Python objects that
no other process can share. The base store's rows are found instead by binary search over its sorted ids
(arrays, mapped and shared when the base comes from a snapshot); only the few rows of later stores (upserts
since the base was built) are kept in a dict.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from matching.store import Store


class Locations:
    """A mapping from live profile id to (store, row), answered from the base store's arrays and a small
    dict for later stores. `pop` forgets an id; tombstoning its row is the caller's (the store's `alive`)."""

    def __init__(self, base: Store):
        self.base = base
        self.later: dict[str, tuple[Store, int]] = {}
        self._base_alive = int(base.alive.sum())

    def _in_base(self, pid: str) -> int | None:
        row = self.base.row_of(pid)
        return row if row is not None and self.base.alive[row] else None

    def get(self, pid: str, default=None) -> tuple[Store, int] | None:
        place = self.later.get(pid)
        if place is not None:
            return place
        row = self._in_base(pid)
        return (self.base, row) if row is not None else default

    def __getitem__(self, pid: str) -> tuple[Store, int]:
        place = self.get(pid)
        if place is None:
            raise KeyError(pid)
        return place

    def __contains__(self, pid) -> bool:
        return isinstance(pid, str) and self.get(pid) is not None

    def __setitem__(self, pid: str, place: tuple[Store, int]) -> None:
        """Record a row of a later store (its base row, if any, was popped and tombstoned first)."""
        self.later[pid] = place

    def pop(self, pid: str, default=None) -> tuple[Store, int] | None:
        place = self.later.pop(pid, None)
        if place is not None:
            return place
        row = self._in_base(pid)
        if row is None:
            return default
        self._base_alive -= 1
        return self.base, row

    def __len__(self) -> int:
        return self._base_alive + len(self.later)

    def __iter__(self) -> Iterator[str]:
        # A later row's id has no live base row: pop() went before every __setitem__ of it.
        yield from (str(pid) for pid in self.base.ids[self.base.alive])
        yield from self.later
