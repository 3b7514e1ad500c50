"""Pure engine fixtures: a small hand-made taxonomy and record builders. No app, no database."""
from __future__ import annotations

from pathlib import Path

import pytest

from matching.index import MatchIndex
from matching.model import Opportunity, Profile
from matching.taxonomy import Taxonomy

FIXTURE = Path(__file__).resolve().parent / "taxonomy_fixture"


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return Taxonomy.load(FIXTURE)


def expert(pid: str, **kw) -> Profile:
    kw.setdefault("roles", ("expert",))
    kw.setdefault("languages", {"sq": "C2", "en": "C1"})
    return Profile(id=pid, **kw)


def agent(pid: str, **kw) -> Profile:
    kw.setdefault("roles", ("development_agent",))
    kw.setdefault("languages", {"sq": "C2", "en": "C1"})
    return Profile(id=pid, **kw)


def fellowship(oid: str = "o1", **kw) -> Opportunity:
    return Opportunity(id=oid, kind="fellowship", **kw)


def lead(oid: str = "l1", **kw) -> Opportunity:
    return Opportunity(id=oid, kind="investment_lead", **kw)


@pytest.fixture
def build(taxonomy):
    def _build(profiles, scorer=None) -> MatchIndex:
        return MatchIndex(taxonomy=taxonomy, scorer=scorer).build(profiles)
    return _build
