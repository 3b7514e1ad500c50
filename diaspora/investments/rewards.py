"""The agent reward rule: a share of the amount invested plus an amount per job created, capped.

Pure arithmetic on Decimal, so it is tested without an app. Each part is rounded half-up to
cents before adding, so the ledger shows parts that add up to the total it stores.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RewardRule:
    share_percent: Decimal
    per_job_eur: Decimal
    cap_eur: Decimal | None  # None or 0: no cap

    @classmethod
    def from_config(cls, config) -> RewardRule:
        cap = Decimal(str(config["REWARD_CAP_EUR"]))
        return cls(Decimal(str(config["REWARD_SHARE_PERCENT"])), Decimal(str(config["REWARD_PER_JOB_EUR"])),
                   cap if cap > 0 else None)


@dataclass(frozen=True)
class RewardBreakdown:
    share_eur: Decimal
    jobs_eur: Decimal
    amount_eur: Decimal
    capped: bool


def compute_reward(rule: RewardRule, amount_invested: Decimal, jobs_created: int) -> RewardBreakdown:
    if amount_invested < 0 or jobs_created < 0:
        raise ValueError("amount invested and jobs created cannot be negative")
    share = cents(Decimal(amount_invested) * rule.share_percent / 100)
    jobs = cents(rule.per_job_eur * jobs_created)
    total = share + jobs
    capped = rule.cap_eur is not None and total > rule.cap_eur
    return RewardBreakdown(share, jobs, cents(rule.cap_eur) if capped else total, capped)
