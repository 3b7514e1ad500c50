from __future__ import annotations

from datetime import date

from tests.matching.conftest import agent, expert, fellowship, lead


def test_reasons_name_what_was_written_and_what_it_means(build):
    p = expert("p", skills=("prokurim publik", "antitrust"), languages={"en": "C1", "sq": "C2"},
               acquis_chapters=(5,), years_experience=9,
               available_from=date(2025, 1, 1), available_to=date(2025, 12, 31))
    o = fellowship(required_skills=("public procurement", "state aid", "HACCP"), preferred_skills=("VC",),
                   languages={"en": "B2"}, acquis_chapters=(5, 23), min_years_experience=5,
                   start=date(2025, 2, 1), end=date(2025, 8, 1))
    reasons = build([p]).rank(o, explain=True)[0].reasons
    assert "Required skill: 'prokurim publik' read as Public procurement law (a translation)." in reasons
    assert "Required skill State aid control: only related experience (same acquis chapter or sector)." in reasons
    assert "Missing required skill: Food safety." in reasons
    assert "Languages: en C1 (needs B2)." in reasons
    assert "Available 2025-01-01 to 2025-12-31; the assignment runs 2025-02-01 to 2025-08-01." in reasons
    assert any(r.startswith("Acquis chapters: 5 Public procurement") for r in reasons)
    assert "9 years of experience (minimum 5)." in reasons
    assert not any("VC" in r or "Venture" in r for r in reasons)  # unmet preferred skills are not a fault


def test_reasons_for_investment_leads_name_networks_and_sectors(build):
    idx = build([agent("a", investment_sectors=("agriturismo",), network_countries=("IT", "CH")),
                 agent("b", network_countries=("US",))])
    out = {m.profile_id: m.reasons for m in idx.rank(lead(sector="tourism", target_countries=("IT", "DE")),
                                                        explain=True)}
    assert "Can bring investors in Tourism and agritourism." in out["a"]
    assert "Network in IT (targets IT, DE)." in out["a"]
    assert "No network in the target countries IT, DE." in out["b"]


def test_language_gap_and_unstated_availability(build):
    m = build([expert("p", languages={"en": "A2"})]).rank(
        fellowship(languages={"en": "B2", "fr": "B1"}, start=date(2025, 1, 1)), explain=True)[0]
    assert m.reasons[0] == "Not eligible: language below the required level: en at B2 (has A2), fr at B1 (has none)."
    assert "Availability not stated." in m.reasons


def test_without_explain_only_broken_rules_are_given_and_contributions_always(build):
    idx = build([expert("ok", skills=("public procurement",)), agent("no")])
    out = idx.rank(fellowship(required_skills=("public procurement",)))
    assert out[0].reasons == [] and out[0].contributions["required_skills"] > 0
    assert out[1].reasons == ["Not eligible: a fellowship needs the role expert."]


def test_chapters_named_are_those_the_posting_chose(build):
    # "state aid" and "antitrust" both belong to chapter 8 in the taxonomy, which neither side chose: the
    # explanation names only the posting's chapters (the score may still count the skills' chapters).
    p = expert("p", skills=("antitrust",), acquis_chapters=(5,))
    o = fellowship(required_skills=("state aid",), acquis_chapters=(5, 23))
    [match] = build([p]).rank(o, explain=True)
    [known] = [d for d in match.details if d.code == "chapters_known"]
    assert known.params["chapters"] == [5]
    [missing] = [d for d in build([expert("q", skills=("antitrust",))]).rank(o, explain=True)[0].details
                 if d.code == "chapters_missing"]
    assert missing.params["chapters"] == [5, 23]
