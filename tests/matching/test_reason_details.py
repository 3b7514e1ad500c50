"""Reasons as data: every sentence of Match.reasons has a Reason (code + plain parameters) that renders to it."""
from __future__ import annotations

import json
from datetime import date

from matching import cli
from matching.explain import ENGLISH, render
from matching.model import Reason
from matching.scorer import FitScorer
from tests.matching.conftest import agent, expert, fellowship, lead
from tests.matching.test_cli import COMMANDS, OPPS, PROFILES, write

PEOPLE = [expert("p", skills=("prokurim publik", "antitrust"), languages={"en": "C1", "sq": "C2"},
                 acquis_chapters=(5,), years_experience=3, available_from=date(2025, 1, 1)),
          expert("q", languages={"en": "A2"}, work_mode="remote", available_to=date(2025, 3, 1)),
          agent("a", investment_sectors=("agriturismo",), network_countries=("IT", "CH"))]
CALLS = [fellowship(required_skills=("public procurement", "state aid", "HACCP"), preferred_skills=("VC",),
                    languages={"en": "B2", "fr": "B1"}, acquis_chapters=(5, 23), min_years_experience=8,
                    start=date(2025, 2, 1), end=date(2025, 8, 1), work_mode="onsite"),
         lead(sector="tourism", target_countries=("IT", "DE"))]


def test_every_reason_is_the_english_rendering_of_its_details(build):
    idx = build(PEOPLE)
    matches = [m for o in CALLS for m in idx.rank(o, explain=True)]
    codes = {d.code for m in matches for d in m.details}
    assert {"skill_matched", "skill_missing", "years_below", "not_eligible_language", "not_eligible_work_mode",
            "not_eligible_availability", "network", "investment_sectors"} <= codes <= set(ENGLISH)
    for m in matches:
        assert m.reasons == [render(d) for d in m.details]
    p = next(m for m in matches if m.profile_id == "p")
    assert Reason("skill_matched", {"label": "required", "wrote": "prokurim publik",
                                    "name": "Public procurement law"}) in p.details
    assert "5 years below the 8 asked (3 years of experience): score × 0.65." in p.reasons


def test_details_survive_a_json_round_trip(build):
    matches = [m for o in CALLS for m in build(PEOPLE).rank(o, explain=True)]
    stored = json.loads(json.dumps([[d.to_dict() for d in m.details] for m in matches]))
    back = [[Reason.from_dict(d) for d in row] for row in stored]
    assert back == [m.details for m in matches]
    assert [[render(d) for d in row] for row in back] == [m.reasons for m in matches]


def test_contract_output_carries_sentences_only(tmp_path, capsys):
    p, o = write(tmp_path, "p.jsonl", PROFILES), write(tmp_path, "o.jsonl", OPPS)
    assert cli.main(["rank", "--profiles", p, "--opportunities", o, "--explain"], COMMANDS) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    first = lines[0]["matches"][0]
    assert set(first) == {"profile_id", "score", "eligible", "reasons"}
    assert first["reasons"][0] == "Required skill: wrote 'public procurement' → Public procurement law."
    assert lines[1]["matches"][0]["reasons"] == ["Network in IT (targets IT)."]


def test_model_message_is_a_reason_too(tmp_path):
    scorer = FitScorer()
    assert scorer.reason == Reason("weights_default") and scorer.message == "default weights"
    scorer.fit([], [], [])
    assert scorer.reason_ == Reason("weights_kept_few", {"decisions": 0, "needed": 20})
    assert scorer.message_ == render(scorer.reason_)
    scorer.save(tmp_path / "m.json")
    assert FitScorer.load(tmp_path / "m.json").reason_ == scorer.reason_
