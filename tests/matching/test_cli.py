"""The command line of the contract: output shapes, bad input -> stderr with line number, exit status 2."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from matching import cli

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = {"rank": ("", cli.add_rank_arguments, cli.run_rank),
            "assign": ("", cli.add_assign_arguments, cli.run_assign)}
PROFILES = [
    {"id": "p1", "roles": ["expert"], "languages": {"en": "C1"}, "skills": ["public procurement"],
     "summary": "Procurement lawyer", "unknown_field": {"x": 1}},
    {"id": "p2", "roles": ["expert"], "languages": {"en": "A2"}, "skills": ["prokurim publik"]},
    {"id": "p3", "roles": ["development_agent"], "network_countries": ["IT"], "summary": "Ëlçë Δημόσιες 😀"},
]
OPPS = [
    {"id": "o1", "kind": "fellowship", "required_skills": ["public procurement"], "languages": {"en": "B2"},
     "positions": 2, "colour": "red"},
    {"id": "o2", "kind": "investment_lead", "target_countries": ["IT"]},
]


def write(tmp_path, name, records) -> str:
    path = tmp_path / name
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return str(path)


def run(capsys, *argv):
    status = cli.main(list(argv), COMMANDS)
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


def test_rank_prints_one_line_per_opportunity_in_input_order(tmp_path, capsys):
    p, o = write(tmp_path, "p.jsonl", PROFILES), write(tmp_path, "o.jsonl", OPPS)
    status, lines, _ = run(capsys, "rank", "--profiles", p, "--opportunities", o, "--top", "2", "--explain")
    assert status == 0 and [line["opportunity_id"] for line in lines] == ["o1", "o2"]
    first = lines[0]["matches"]
    assert len(first) == 2 and set(first[0]) == {"profile_id", "score", "eligible", "reasons"}
    assert first[0]["profile_id"] == "p1" and first[0]["eligible"] and 0 <= first[0]["score"] <= 100
    assert [m["eligible"] for m in first] == sorted((m["eligible"] for m in first), reverse=True)
    assert lines[1]["matches"][0]["profile_id"] == "p3" and lines[1]["matches"][0]["reasons"]


def test_rank_with_an_empty_pool_gives_empty_matches(tmp_path, capsys):
    p, o = write(tmp_path, "p.jsonl", []), write(tmp_path, "o.jsonl", OPPS)
    status, lines, _ = run(capsys, "rank", "--profiles", p, "--opportunities", o)
    assert status == 0 and lines == [{"opportunity_id": "o1", "matches": []}, {"opportunity_id": "o2", "matches": []}]


def test_assign_prints_pairs_then_a_summary(tmp_path, capsys):
    p, o = write(tmp_path, "p.jsonl", PROFILES), write(tmp_path, "o.jsonl", OPPS)
    status, lines, _ = run(capsys, "assign", "--profiles", p, "--opportunities", o, "--min-score", "1")
    assert status == 0
    *pairs, summary = lines
    assert {(x["opportunity_id"], x["profile_id"]) for x in pairs} == {("o1", "p1"), ("o2", "p3")}
    assert set(pairs[0]) == {"opportunity_id", "profile_id", "score"}
    assert summary["assigned"] == 2 and summary["unfilled"] == {"o1": 1}
    assert summary["total_score"] == pytest.approx(sum(x["score"] for x in pairs), abs=0.02)


@pytest.mark.parametrize("bad, line_no", [("{broken", 2), ('{"id": "x"}', 2), ("[]", 2)])
def test_malformed_line_is_reported_with_its_number(tmp_path, capsys, bad, line_no):
    p = write(tmp_path, "p.jsonl", [PROFILES[0], bad, PROFILES[1]])
    o = write(tmp_path, "o.jsonl", OPPS)
    status, lines, err = run(capsys, "rank", "--profiles", p, "--opportunities", o)
    assert status == 2 and lines == []
    assert f"p.jsonl:{line_no}:" in err


def test_missing_file_exits_2(tmp_path, capsys):
    o = write(tmp_path, "o.jsonl", OPPS)
    status, _, err = run(capsys, "assign", "--profiles", str(tmp_path / "nope.jsonl"), "--opportunities", o)
    assert status == 2 and "nope.jsonl" in err


def test_python_m_matching_exit_status_2_on_a_bad_line(tmp_path):
    p = write(tmp_path, "p.jsonl", [PROFILES[0], PROFILES[1], "not json"])
    o = write(tmp_path, "o.jsonl", OPPS)
    bad = subprocess.run([sys.executable, "-m", "matching", "rank", "--profiles", p, "--opportunities", o],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stdout == "" and "p.jsonl:3:" in bad.stderr
    swapped = subprocess.run([sys.executable, "-m", "matching", "rank", "--profiles", p.replace("p.jsonl", "o.jsonl"),
                           "--opportunities", o], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert swapped.returncode == 2 and "o.jsonl:1:" in swapped.stderr and "roles" in swapped.stderr
