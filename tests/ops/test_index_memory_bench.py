"""The index memory benchmark on a small index: it builds and caches the snapshot, runs both modes and reports."""
from __future__ import annotations

import json
import sys

import pytest

from bench import index_memory

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="PSS comes from /proc/<pid>/smaps_rollup")


def test_two_workers_mapping_one_snapshot_hold_less_than_two_copies(tmp_path, capsys):
    args = ["--profiles", "1000", "--cache", str(tmp_path), "--json", str(tmp_path / "r.json")]
    assert index_memory.main([*args, "--workers", "2"]) == 0
    result = json.loads((tmp_path / "r.json").read_text())
    assert "private" in capsys.readouterr().out and "build" in result
    for mode in index_memory.MODES:
        pages = result[mode]["pages"]["workers"]
        assert len(pages) == 2 and all(w["index_pss"] > 0 and len(w["page_ms"]) == index_memory.POSTINGS for w in pages)
    # Just loaded, mapped workers share the arrays; after pages, at 1,000 profiles each worker's query working
    # memory outweighs the index and the two modes differ by noise (the 1M figures are in docs/operations.md).
    assert result["mapped"]["loaded"]["index_pss_total"] < result["private"]["loaded"]["index_pss_total"]
    assert result["mapped"]["pages"]["index_pss_total"] > 0
    assert index_memory.main([*args, "--workers", "1"]) == 0  # maps the cached snapshot instead of building
    assert "build" not in json.loads((tmp_path / "r.json").read_text())
