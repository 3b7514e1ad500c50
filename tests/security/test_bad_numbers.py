"""Digits that str.isdigit() accepts but int() refuses (superscripts such as "¹") are bad input, not a 500.

Found by the form fuzzer on /investments/rewards/<id>/paid; the same check guarded placement
versions, the allocation page's posting ids and pairs, and bulk CSV number cells.
"""
from __future__ import annotations

import pytest

from diaspora.bulk.formats import INT_FIELDS, _from_cells
from tests.security.test_row_visibility import session_client

SUPERSCRIPT = "¹²"


@pytest.mark.parametrize("method, url, data", [
    ("POST", "/investments/rewards/{reward}/approve", {"version": SUPERSCRIPT}),
    ("POST", "/investments/leads/{lead}/stage", {"stage": "contacted", "version": SUPERSCRIPT}),
    ("POST", "/officers/placements/{placement}/status", {"step": "start", "version": SUPERSCRIPT}),
    ("GET", "/officers/allocation?opportunity=" + SUPERSCRIPT, None),
    ("POST", "/officers/allocation/apply", {"pair-0": f"{SUPERSCRIPT}:{SUPERSCRIPT}"}),
])
def test_superscript_digits_are_refused_cleanly(app, world, method, url, data):
    users, ids = world
    client = session_client(app, users["O"])
    response = client.open(url.format(**vars(ids)), method=method, data=data)
    assert response.status_code < 500


def test_csv_number_cells_with_superscripts_stay_text_for_the_validator():
    field = sorted(INT_FIELDS)[0]
    assert _from_cells({field: SUPERSCRIPT}) == {field: SUPERSCRIPT}
