"""RJDB triples (job, matched résumé, weakened résumé) converted to the contract, on triples written in
RJDB's format (with and without '##' headings), and the evaluate command's figures on them."""
from __future__ import annotations

import argparse
import json

import pytest

from matching import evaluate
from matching.bench import rjdb
from matching.eval import sets

JOB = """

## Job title
Baker

## Job Summary
A bakery looks for a baker with sound baking techniques.

## Required Skills
* Baking Techniques: bread and pastries
* Attention to detail
* Physical stamina

## Required Experience
Candidates must have at least 3 years of prior experience as a baker.
"""
MATCHED = """

## Personal Information
Name: Jo Doe
Email: jo@example.com

## Education
Culinary school, baking principles

## Skills
* Expertise in baking techniques
* Keen attention to detail
* Physical stamina for long shifts

## Experience
"Bakers" - 2013-2016
"""
WEAKENED = MATCHED.replace("* Physical stamina for long shifts\n", "").replace("2013-2016", "2013-2014")
PLAIN_JOB = """Job title
Oracle Business Systems Analyst

Required Skills
- JDE E1 and Z1 capabilities
- General Ledger design

Required Experience
- 4 years as an Oracle Business Systems Analyst
- 4 years as a JDE E1 Finance Functional Analyst
"""
PLAIN_RESUME = """Personal Information
Name: A. B.

Skills
- Strong knowledge in JDE E1
- General Ledger

Experience
- Oracle Business Systems Analyst (2013 - 2017)
- JDE E1 Finance - Functional Analyst (2009 - 2013)
"""


def test_a_job_becomes_an_opportunity():
    o = rjdb.job_opportunity("j", JOB)
    assert (o.kind, o.title, o.min_years_experience) == ("fellowship", "Baker", 3)
    assert o.required_skills == ("Baking Techniques", "Attention to detail", "Physical stamina")
    assert "bakery" in o.description


def test_a_resume_becomes_a_profile_without_its_personal_block():
    p = rjdb.resume_profile("m", MATCHED)
    assert p.roles == ("expert",) and p.years_experience == 3
    assert p.skills == ("Expertise in baking techniques", "Keen attention to detail", "Physical stamina for long shifts")
    assert p.education == ({"degree": "Culinary school, baking principles", "field": ""},)
    assert "jo@example.com" not in p.summary and "Bakers" in p.summary
    weakened = rjdb.resume_profile("w", WEAKENED)
    assert weakened.years_experience == 1 and len(weakened.skills) == 2


def test_headings_without_hashes_and_overlapping_years():
    o = rjdb.job_opportunity("j", PLAIN_JOB)
    assert o.title == "Oracle Business Systems Analyst" and o.min_years_experience == 8
    assert o.required_skills == ("JDE E1 and Z1 capabilities", "General Ledger design")
    p = rjdb.resume_profile("m", PLAIN_RESUME)
    assert p.years_experience == 8 and p.skills == ("Strong knowledge in JDE E1", "General Ledger")


@pytest.fixture
def triples(tmp_path):
    path = tmp_path / "test.jsonl"
    rows = [{"Job-Description": JOB, "Resume-matched": MATCHED, "Resume-unmatched": WEAKENED},
            {"Job-Description": PLAIN_JOB, "Resume-matched": PLAIN_RESUME,
             "Resume-unmatched": PLAIN_RESUME.replace("- General Ledger\n", "").replace("2009", "2012")}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def test_triples_load_with_graded_labels(triples):
    bench = rjdb.load(triples)
    assert [o.id for o in bench.opportunities] == ["rjdb-j0000", "rjdb-j0001"]
    assert len(bench.profiles) == 4
    assert bench.labels["rjdb-j0001"] == {"rjdb-m0001": 2, "rjdb-w0001": 1}


def test_evaluate_reports_pairwise_accuracy_and_mrr_on_rjdb(triples, capsys):
    parser = argparse.ArgumentParser()
    evaluate.add_arguments(parser)
    assert evaluate.run(parser.parse_args(["--set", "rjdb", "--rjdb", str(triples), "--json"])) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["profiles"] == 4 and result["note"] == rjdb.ATTRIBUTION
    for system in ("engine", "baseline"):
        assert 0 <= result[system]["pairwise"] <= 1 and 0 < result[system]["mrr@50"] <= 1
    assert result["engine"]["pairwise"] == 1.0


def test_unknown_set_and_missing_file_are_refused(tmp_path, capsys):
    with pytest.raises(ValueError, match="unknown set"):
        sets.load("nope")
    parser = argparse.ArgumentParser()
    evaluate.add_arguments(parser)
    assert evaluate.run(parser.parse_args(["--set", "rjdb", "--rjdb", str(tmp_path / "none.jsonl")])) == 2
    assert "none.jsonl" in capsys.readouterr().err
