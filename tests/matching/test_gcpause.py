"""The cycle collector pauses while profiles are read and indexed, and runs again afterwards."""
from __future__ import annotations

import gc

import pytest

from matching.gcpause import gc_paused
from matching.index import MatchIndex
from matching.io import read_profiles
from tests.matching.conftest import expert


def test_the_collector_is_back_after_a_pause_even_when_it_raised():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with gc_paused():
            assert not gc.isenabled()
            raise RuntimeError
    assert gc.isenabled()


def test_a_callers_own_disable_is_respected():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reading_and_building_pause_the_collector_and_restore_it(taxonomy, monkeypatch):
    seen = []
    real = MatchIndex._build

    def build(self, profiles, vectors):
        seen.append(gc.isenabled())
        return real(self, profiles, vectors)

    def lines():
        seen.append(gc.isenabled())
        yield '{"id": "p1", "roles": ["expert"]}'

    monkeypatch.setattr(MatchIndex, "_build", build)
    profiles = read_profiles(lines())
    assert gc.isenabled()
    MatchIndex(taxonomy).build(profiles + [expert("p2")])
    assert seen == [False, False] and gc.isenabled()
