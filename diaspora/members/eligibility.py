"""Connect Albania's rules for certifying a Development Agent: 18+, 5+ years abroad, secondary education."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from diaspora.members.models import EducationLevel
from diaspora.timeutil import age_on, today

MIN_AGE = 18
MIN_YEARS_ABROAD = 5
EDUCATION_ORDER = list(EducationLevel)


@dataclass(frozen=True)
class RuleCheck:
    key: str
    label: str
    met: bool | None  # None: not stated yet


def agent_rule_checks(date_of_birth: date | None, years_abroad: int | None,
                      highest_education: EducationLevel | None, on: date | None = None) -> list[RuleCheck]:
    on = on or today()
    return [
        RuleCheck("age", str(_l("At least %(n)d years old", n=MIN_AGE)),
                  None if date_of_birth is None else age_on(date_of_birth, on) >= MIN_AGE),
        RuleCheck("abroad", str(_l("At least %(n)d years lived abroad", n=MIN_YEARS_ABROAD)),
                  None if years_abroad is None else years_abroad >= MIN_YEARS_ABROAD),
        RuleCheck("education", str(_l("Secondary education or higher")),
                  None if highest_education is None
                  else EDUCATION_ORDER.index(highest_education) >= EDUCATION_ORDER.index(EducationLevel.SECONDARY)),
    ]


def meets_agent_rules(checks: list[RuleCheck]) -> bool:
    return all(check.met for check in checks)
