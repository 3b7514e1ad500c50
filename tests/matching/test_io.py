from __future__ import annotations

import json
from datetime import date

import pytest

from matching.io import (
    InvalidRecord, JsonlError, match_to_dict, opportunity_from_dict, opportunity_to_dict, profile_from_dict,
    profile_to_dict, read_opportunities, read_profiles,
)
from matching.model import Match


def test_minimal_records_take_defaults_and_unknown_fields_are_ignored():
    p = profile_from_dict({"id": "p1", "roles": ["expert"], "shoe_size": 44, "skills": ["x"]})
    assert p.languages == {} and p.work_mode == "any" and p.available_from is None and p.skills == ("x",)
    o = opportunity_from_dict({"id": "o1", "kind": "fellowship", "colour": "blue"})
    assert o.positions == 1 and o.work_mode == "remote" and o.min_years_experience is None


def test_full_records_round_trip():
    d = {"id": "p1", "roles": ["expert", "development_agent"], "full_name": "Ana Çela", "country": "IT",
         "city": "Milano", "languages": {"sq": "C2", "it": "C1"}, "years_experience": 7,
         "education": [{"degree": "LLM", "field": "EU law"}], "sectors": ["law"], "acquis_chapters": [5, 23],
         "skills": ["prokurim publik"], "summary": "…", "available_from": "2025-01-01",
         "available_to": "2025-12-31", "work_mode": "hybrid", "network_countries": ["IT"],
         "investment_sectors": ["tourism"]}
    p = profile_from_dict(d)
    assert p.available_from == date(2025, 1, 1)
    assert profile_to_dict(p) == d
    o = {"id": "o1", "kind": "investment_lead", "title": "t", "institution": "i", "description": "d",
         "acquis_chapters": [11], "required_skills": ["a"], "preferred_skills": ["b"], "languages": {"en": "B2"},
         "min_years_experience": 3, "start": "2025-02-01", "end": "2025-03-01", "work_mode": "onsite",
         "sector": "tourism", "region": "Vlorë", "target_countries": ["DE"], "amount_eur": 250000.0,
         "positions": 2}
    assert opportunity_to_dict(opportunity_from_dict(o)) == o


@pytest.mark.parametrize("record, field", [
    ({"roles": ["expert"]}, "id"),
    ({"id": "", "roles": ["expert"]}, "id"),
    ({"id": "p", "roles": []}, "roles"),
    ({"id": "p", "roles": ["minister"]}, "roles"),
    ({"id": "p", "roles": ["expert"], "languages": {"en": "B3"}}, "languages"),
    ({"id": "p", "roles": ["expert"], "languages": {"english": "B2"}}, "languages"),
    ({"id": "p", "roles": ["expert"], "acquis_chapters": [36]}, "acquis_chapters"),
    ({"id": "p", "roles": ["expert"], "available_from": "2025-13-01"}, "available_from"),
    ({"id": "p", "roles": ["expert"], "work_mode": "sometimes"}, "work_mode"),
    ({"id": "p", "roles": ["expert"], "years_experience": -1}, "years_experience"),
    ({"id": "p", "roles": ["expert"], "skills": "law"}, "skills"),
    ({"id": "p", "roles": ["expert"], "network_countries": ["Italy"]}, "network_countries"),
])
def test_invalid_profiles_name_the_field(record, field):
    with pytest.raises(InvalidRecord, match=field):
        profile_from_dict(record)


@pytest.mark.parametrize("record, field", [
    ({"id": "o", "kind": "job"}, "kind"),
    ({"id": "o", "kind": "fellowship", "positions": 0}, "positions"),
    ({"id": "o", "kind": "fellowship", "amount_eur": "lots"}, "amount_eur"),
    ({"id": "o", "kind": "fellowship", "work_mode": "any"}, "work_mode"),
])
def test_invalid_opportunities_name_the_field(record, field):
    with pytest.raises(InvalidRecord, match=field):
        opportunity_from_dict(record)


def test_reader_reports_the_line_number_and_skips_blank_lines():
    lines = [json.dumps({"id": "p1", "roles": ["expert"]}), "", "{not json", json.dumps({"id": "p3"})]
    with pytest.raises(JsonlError) as err:
        read_profiles(lines)
    assert err.value.line_no == 3 and "malformed JSON" in err.value.message
    with pytest.raises(JsonlError) as err:
        read_profiles([lines[0], lines[3]])
    assert err.value.line_no == 2 and "roles" in err.value.message
    assert [p.id for p in read_profiles([lines[0], "   ", lines[0].replace("p1", "p2")])] == ["p1", "p2"]


def test_reader_rejects_non_objects_and_non_utf8(tmp_path):
    with pytest.raises(JsonlError, match="line 1"):
        read_opportunities(["[1, 2]"])
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id": "p\xff", "roles": ["expert"]}\n')
    with pytest.raises(JsonlError, match="UTF-8"):
        read_profiles(bad)


def test_match_to_dict_has_exactly_the_contract_keys():
    d = match_to_dict(Match("p1", 87.456, True, ["r"], {"text": 1.0}, []))
    assert d == {"profile_id": "p1", "score": 87.46, "eligible": True, "reasons": ["r"]}


def test_what_orjson_refuses_is_read_as_the_standard_library_reads_it():
    line = '{"id": "p1", "roles": ["expert"], "skills": ["odd \\udc80"], "years_experience": 12345678901234567890123}'
    [p] = read_profiles([line])
    assert p.skills == ("odd \udc80",) and p.years_experience == 12345678901234567890123
