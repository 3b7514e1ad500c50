"""The registry of opportunity kinds, and the column type that stores a posting's kind by name."""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import sqlalchemy as sa

from diaspora.opportunities import kinds as _package
from diaspora.opportunities.kinds.base import Kind

_BY_NAME: dict[str, Kind] = {}
_loaded = False


def _load() -> None:
    """Register every kind module of the package once, on first use (they import the models, which import this
    module: loading them at import time would be circular)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in pkgutil.iter_modules(_package.__path__):
        if module.name not in ("base", "registry"):
            register(importlib.import_module(f"{_package.__name__}.{module.name}").KIND)


def register(kind: Kind) -> Kind:
    """Add a kind (a kind module's KIND; tests register their own). Names, values and slugs are unique."""
    for other in _BY_NAME.values():
        if {other.name, other.value, other.slug} & {kind.name, kind.value, kind.slug}:
            raise ValueError(f"{kind!r} clashes with {other!r}")
    _BY_NAME[kind.name] = kind
    return kind


def unregister(kind: Kind) -> None:
    _BY_NAME.pop(kind.name, None)


def all_kinds() -> list[Kind]:
    _load()
    return sorted(_BY_NAME.values(), key=lambda kind: (kind.order, kind.value))


def by_name(name: str) -> Kind:
    _load()
    return _BY_NAME[name]


def by_value(value: str) -> Kind:
    """The kind with this code; ValueError for an unknown one (like an Enum)."""
    for kind in all_kinds():
        if kind.value == value:
            return kind
    raise ValueError(f"{value!r} is not a kind of opportunity")


def by_slug(slug: str) -> Kind | None:
    return next((kind for kind in all_kinds() if kind.slug == slug), None)


class _Kinds:
    """The kinds as a namespace, read like the enum they replace: OpportunityKind.FELLOWSHIP (by name),
    OpportunityKind("fellowship") (by value), iteration in order."""

    def __getattr__(self, name: str) -> Kind:
        try:
            return by_name(name)
        except KeyError:
            raise AttributeError(name) from None

    def __call__(self, value: str) -> Kind:
        return by_value(value)

    def __iter__(self) -> Iterator[Kind]:
        return iter(all_kinds())


OpportunityKind = _Kinds()


class KindType(sa.types.TypeDecorator):
    """A posting's kind: its name in a VARCHAR(20), the registered Kind in Python."""
    impl = sa.String(20)
    cache_ok = True

    def process_bind_param(self, value: Kind | None, dialect) -> str | None:
        return None if value is None else value.name

    def process_result_value(self, value: str | None, dialect) -> Kind | None:
        return None if value is None else by_name(value)
