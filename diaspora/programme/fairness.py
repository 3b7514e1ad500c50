"""Fair shortlists: selection rates by group against the eligible pool, and the four-fifths (adverse impact) rule.

A group's selection rate is selected / pool. Its impact ratio is its rate divided by the highest rate among the
groups large enough to judge; below FOUR_FIFTHS the group is flagged (the US EEOC's four-fifths rule of thumb,
docs/supply-and-fairness.md). A group whose pool has fewer than MIN_GROUP people is "too few to judge": it is
counted and shown but takes no part in the comparison, because a rate of 1 out of 3 says nothing.

Written with numpy rather than fairlearn's MetricFrame: fairlearn needs pandas and scikit-learn, which Ura does
not otherwise install, for what is a grouped count and a division.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from matching.index import RankFilter

from diaspora.extensions import db
from diaspora.matches import live
from diaspora.members.models import Gender, MemberProfile
from diaspora.opportunities.models import Opportunity
from diaspora.programme import decisions
from diaspora.programme.models import DecisionAction

A = DecisionAction
MIN_GROUP = 10
FOUR_FIFTHS = 0.8
NOT_STATED = ""  # the group of members who did not answer the (optional) gender question
# The sets a posting's officer builds, by the pair's current status: a proposal was shortlisted too, in effect.
SETS = {
    "shortlist": (_l("Shortlist"), frozenset({A.SHORTLIST, A.PROPOSE, A.MINISTRY_ACCEPT, A.MINISTRY_DECLINE})),
    "proposals": (_l("Proposals"), frozenset({A.PROPOSE, A.MINISTRY_ACCEPT, A.MINISTRY_DECLINE})),
}


@dataclass(frozen=True)
class GroupRate:
    group: str  # a Gender value, NOT_STATED, or a country code
    pool: int
    selected: int
    rate: float
    ratio: float | None  # against the best judged group; None when too few or nobody judged was selected
    too_few: bool

    @property
    def adverse(self) -> bool:
        return self.ratio is not None and self.ratio < FOUR_FIFTHS


def rates(groups: list[str], pool: np.ndarray, selected: np.ndarray, min_group: int = MIN_GROUP) -> list[GroupRate]:
    """One row per group from its counts (pool and selected, aligned with `groups`), largest pool first."""
    pool, selected = np.asarray(pool, dtype=int), np.asarray(selected, dtype=int)
    shares = np.divide(selected, pool, out=np.zeros(len(pool)), where=pool > 0)
    judged = pool >= min_group
    best = shares[judged].max() if judged.any() else 0.0
    rows = [GroupRate(str(group), int(n), int(k), float(share),
                      float(share / best) if ok and best > 0 else None, not ok)
            for group, n, k, share, ok in zip(groups, pool, selected, shares, judged)]
    return sorted(rows, key=lambda row: (-row.pool, row.group))


def selection_rates(codes: np.ndarray, labels: list[str], selected: np.ndarray,
                    min_group: int = MIN_GROUP) -> list[GroupRate]:
    """`rates` of a pool given person by person: each one's group (an index into `labels`) and whether they
    were selected. Groups with nobody in the pool are left out."""
    pool = np.bincount(codes, minlength=len(labels))
    chosen = np.bincount(codes[selected], minlength=len(labels))
    present = pool > 0
    return rates([label for label, here in zip(labels, present) if here], pool[present], chosen[present], min_group)


@dataclass(frozen=True)
class SetReport:
    key: str
    label: str
    selected: int
    pool: int
    by_gender: list[GroupRate]
    by_country: list[GroupRate]

    @property
    def adverse(self) -> bool:
        return any(row.adverse for row in self.by_gender + self.by_country)


@dataclass(frozen=True)
class _People:
    """Gender group and country of every member taking part, by profile id (sorted), as codes into labels."""
    stamp: tuple[int, int]  # the match index's (epoch, version) it was read at
    ids: np.ndarray
    genders: np.ndarray
    gender_labels: list[str]
    countries: np.ndarray
    country_labels: list[str]


_PEOPLE = "ura_fairness_people"


def _codes(values: list[str]) -> tuple[np.ndarray, list[str]]:
    labels, codes = np.unique(np.array(values, dtype=str), return_inverse=True)
    return codes, labels.tolist()


def _people() -> _People:
    """Read once per change of any profile: every change bumps the match index's version (matches/changes.py),
    so the stamp says when this copy is stale. A posting's pool is tens of thousands of ids at 100,000 profiles;
    looking them up here costs milliseconds where an IN (...) query over them took seconds."""
    holder = live.live()
    stamp = (holder.epoch, holder.version)
    people = current_app.extensions.get(_PEOPLE)
    if people is None or people.stamp != stamp:
        rows = db.session.execute(sa.select(MemberProfile.id, MemberProfile.gender, MemberProfile.country)
                                  .where(MemberProfile.matchable).order_by(MemberProfile.id)).all()
        genders, gender_labels = _codes([row[1].value if row[1] else NOT_STATED for row in rows])
        countries, country_labels = _codes([row[2] for row in rows])
        people = _People(stamp, np.fromiter((row[0] for row in rows), np.int64, len(rows)),
                         genders, gender_labels, countries, country_labels)
        current_app.extensions[_PEOPLE] = people
    return people


def posting_report(opportunity: Opportunity) -> list[SetReport]:
    """The fairness of a posting's shortlist and proposals. The pool is the engine's eligible candidates plus
    anyone selected (an officer may select someone the rules now call ineligible: they were considered too),
    among the members taking part (one who withdrew consent has left the programme's figures)."""
    eligible = live.ranking(opportunity, RankFilter(eligible_only=True)).unordered_ids()
    status = {pid: action for (pid, _oid), action in decisions.statuses(opportunity_id=opportunity.id).items()}
    people = _people()
    candidates = [*map(int, eligible), *status]
    pool = np.unique(np.fromiter(candidates, np.int64, len(candidates)))
    if len(people.ids) == 0:
        pool = pool[:0]
    at = np.minimum(np.searchsorted(people.ids, pool), max(len(people.ids) - 1, 0))
    known = people.ids[at] == pool
    pool, at = pool[known], at[known]
    genders, countries = people.genders[at], people.countries[at]
    reports = []
    for key, (label, actions) in SETS.items():
        chosen = np.isin(pool, [pid for pid, action in status.items() if action in actions])
        reports.append(SetReport(key, str(label), int(chosen.sum()), len(pool),
                                 selection_rates(genders, people.gender_labels, chosen),
                                 selection_rates(countries, people.country_labels, chosen)))
    return reports


GENDER_GROUP_LABELS = {Gender.WOMAN.value: _l("Women"), Gender.MAN.value: _l("Men"),
                       Gender.ANOTHER.value: _l("Another gender"), Gender.UNDISCLOSED.value: _l("Prefer not to say"),
                       NOT_STATED: _l("Not stated")}
