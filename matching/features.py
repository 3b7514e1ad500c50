"""The features of a (profile, opportunity) pair and their default weights.

Every feature is a number in 0..1. The score is
    100 * sum(w_f * x_f for applicable f) / sum(w_f for applicable f)
where a feature is *applicable* when the opportunity states what it needs (a fellowship without
target countries says nothing about networks, an opening without a period nothing about dates).
Normalising over the applicable features keeps 100 reachable for every kind of opportunity and does
not change the order within one opportunity. A feature's contribution is its share of those points.

| feature            | default | applicable when the opportunity has | value                                            |
|--------------------|---------|-------------------------------------|--------------------------------------------------|
| required_skills    | 0.30    | required skills                     | mean over required skills: 1 held, 0.4 related*  |
| preferred_skills   | 0.10    | preferred skills                    | same, over preferred skills                      |
| text               | 0.15    | any text                            | TF-IDF cosine of word prefixes / 0.4, capped at 1 |
| skill_text         | 0.05    | skills matching no taxonomy entry   | char 3-4-gram TF-IDF cosine of such free skills  |
| chapters           | 0.12    | acquis chapters (stated or implied) | share of its chapters the person knows           |
| sectors            | 0.05    | sectors (stated or implied)         | share of its sectors among the person's          |
| seniority          | 0.06    | always                              | years/min (0.8) + years beyond min/10 (0.2)**    |
| (years_shortfall)  | factor  | a minimum of years                  | score x max(0.5, 0.9 - 0.05 x years missing)***  |
| languages          | 0.04    | required languages                  | mean of (level - required + 1) / 3, capped       |
| availability       | 0.03    | a start or end date                 | days of slack / 60, capped; 0.5 when unstated    |
| investment_sectors | 0.40    | kind investment_lead and a sector   | share of its sectors the agent can bring         |
| network_countries  | 0.40    | target countries                    | share of target countries in the agent's network |
| counterpart        | 0.25    | a counterpart field (twinning)      | share of its words in the member's employer      |
| counterpart_country| 0.25    | counterpart countries (twinning)    | 1 when the member lives in one of them, else 0   |
| fields_of_study    | 0.25    | fields of study (field project)     | best share of a discipline's words in education  |
| study_level        | 0.08    | study levels (field project)        | 0.5 at the lowest level taken, up to 1 at postdoc|
| regions            | 0.25    | a region (local project)            | 1 when the organisation works in it, else 0      |
| organisation_sectors| 0.25   | a sector (local project)            | 1 when the organisation states that sector       |

\\* related: the person holds another skill of the same acquis chapter (of the same sector for a
skill without chapters, such as most investment skills).
\\** with no minimum stated: years / 20, capped at 1.
\\*** not a weighted feature: a multiplier on the whole score; its negative points are reported as
`years_shortfall` in Match.contributions. investment_sectors and network_countries apply to investment
leads only, so their weights are the leads' profile: with them a lead's sector and network carry
about half of its score, the other features keeping their fellowship ratios. The last six belong to the kinds
of docs/contract/KINDS.md (matching/terms.py has their word sets); mentorship uses the general features only.
"""
from __future__ import annotations

FEATURES = (
    "required_skills", "preferred_skills", "text", "skill_text", "chapters", "sectors", "seniority",
    "languages", "availability", "investment_sectors", "network_countries",
    "counterpart", "counterpart_country", "fields_of_study", "study_level", "regions", "organisation_sectors",
)
DEFAULT_WEIGHTS = {
    "required_skills": 0.30, "preferred_skills": 0.10, "text": 0.15, "skill_text": 0.05,
    "chapters": 0.12, "sectors": 0.05, "seniority": 0.06, "languages": 0.04, "availability": 0.03,
    "investment_sectors": 0.40, "network_countries": 0.40,
    "counterpart": 0.25, "counterpart_country": 0.25, "fields_of_study": 0.25, "study_level": 0.08,
    "regions": 0.25, "organisation_sectors": 0.25,
}
RELATED_CREDIT = 0.4
TEXT_SCALE = 0.4
# A long posting says most of what it wants in its prose, not in its skill lists (a job advert of 180 words
# names 5-10 skills as sentences): the text weight grows with the posting's words beyond TEXT_WORDS, up to
# TEXT_WEIGHT_MAX times. Ministries' postings (40-60 words) keep the default weights.
TEXT_WORDS = 60
TEXT_WEIGHT_MAX = 4.0
SKILL_TEXT_SCALE = 0.6
SLACK_DAYS = 60.0
UNSTATED_AVAILABILITY = 0.5
SENIORITY_NO_MIN_YEARS = 20.0
STUDY_LEVEL_FLOOR = 0.5  # study_level at the lowest level a field project takes
# Below a stated minimum of years the whole score is multiplied by
#   max(SHORTFALL_FLOOR, 1 - SHORTFALL_STEP - SHORTFALL_PER_YEAR * years_missing):
# a call's minimum is a requirement, not a preference, so missing it by one year already costs
# SHORTFALL_STEP + SHORTFALL_PER_YEAR (15 %) and each further year 5 % more, down to half the score.
SHORTFALL_STEP = 0.10
SHORTFALL_PER_YEAR = 0.05
SHORTFALL_FLOOR = 0.5
SHORTFALL = "years_shortfall"  # its (negative) points in Match.contributions
RULES = ("role", "language", "availability", "work_mode", "employer", "study_level")


def text_weighted(weights: dict[str, float], words: int) -> dict[str, float]:
    """The weights for a posting of `words` words: the text weight scaled as TEXT_WORDS says."""
    factor = min(max(words / TEXT_WORDS, 1.0), TEXT_WEIGHT_MAX)
    return weights if factor == 1.0 else {**weights, "text": weights.get("text", 0.0) * factor}
