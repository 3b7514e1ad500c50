"""The programme's fairness over time, for the dashboard: per quarter, the members proposed to institutions by
gender, against the members taking part who had registered by the quarter's end (the programme-wide pool: a
posting's own eligible pool is reported on its review page, diaspora/programme/fairness.py). Aggregate queries,
rates and the four-fifths ratio from programme/fairness.py."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from diaspora.extensions import db
from diaspora.members.models import MemberProfile
from diaspora.programme.fairness import GENDER_GROUP_LABELS, NOT_STATED, GroupRate, rates
from diaspora.programme.models import DecisionAction, MatchDecision

QUARTERS_SHOWN = 8


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int
    proposed: int
    groups: dict[str, GroupRate]  # by gender group (GENDER_GROUP_LABELS' keys)

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def lowest_ratio(self) -> float | None:
        ratios = [row.ratio for row in self.groups.values() if row.ratio is not None]
        return min(ratios) if ratios else None

    @property
    def adverse(self) -> bool:
        return any(row.adverse for row in self.groups.values())


def _quarter_of(column):
    month = sa.cast(sa.extract("month", column), sa.Integer)
    return sa.cast(sa.extract("year", column), sa.Integer), (month - 1) // 3 + 1


def _gender(value) -> str:
    return value.value if value is not None else NOT_STATED


def quarters(shown: int = QUARTERS_SHOWN) -> list[Quarter]:
    """The last `shown` quarters in which someone was proposed, oldest first."""
    year, quarter = _quarter_of(MatchDecision.created_at)
    proposed = db.session.execute(
        sa.select(year, quarter, MemberProfile.gender, sa.func.count(sa.distinct(MatchDecision.profile_id)))
        .join(MemberProfile, MemberProfile.id == MatchDecision.profile_id)
        .where(MatchDecision.action == DecisionAction.PROPOSE)
        .group_by(year, quarter, MemberProfile.gender)).all()
    if not proposed:
        return []
    joined_year, joined_quarter = _quarter_of(MemberProfile.created_at)
    joined = db.session.execute(
        sa.select(joined_year, joined_quarter, MemberProfile.gender, sa.func.count())
        .where(MemberProfile.matchable).group_by(joined_year, joined_quarter, MemberProfile.gender)).all()
    selected: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for y, q, gender, count in proposed:
        selected[(y, q)][_gender(gender)] += count
    groups = list(GENDER_GROUP_LABELS)
    out = []
    for key in sorted(selected)[-shown:]:
        pool = [sum(n for y, q, g, n in joined if (y, q) <= key and _gender(g) == group) for group in groups]
        chosen = [selected[key][group] for group in groups]
        out.append(Quarter(key[0], key[1], sum(chosen),
                           {row.group: row for row in rates(groups, pool, chosen)}))
    return out
