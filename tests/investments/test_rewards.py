"""The reward rule: share of the investment + amount per job, capped, rounded half-up to cents."""
from decimal import Decimal

import pytest

from diaspora.investments.rewards import RewardRule, cents, compute_reward

D = Decimal


@pytest.mark.parametrize("share, per_job, cap, invested, jobs, expected_share, expected_jobs, expected_total", [
    ("1.5", "200", "25000", "100000.00", 10, "1500.00", "2000.00", "3500.00"),
    ("1.5", "200", "25000", "2000000.00", 50, "30000.00", "10000.00", "25000.00"),   # capped
    ("1.5", "200", "0", "2000000.00", 50, "30000.00", "10000.00", "40000.00"),       # 0: no cap
    ("1.5", "200", "25000", "0.00", 0, "0.00", "0.00", "0.00"),
    ("1.5", "0", "25000", "333.33", 0, "5.00", "0.00", "5.00"),                      # 4.99995 rounds up
    ("2.5", "0", "25000", "0.20", 0, "0.01", "0.00", "0.01"),                        # 0.005 half-up
    ("2.5", "0", "25000", "0.18", 0, "0.00", "0.00", "0.00"),                        # 0.0045 down
    ("1", "199.995", "25000", "0.00", 1, "0.00", "200.00", "200.00"),
    ("1.5", "200", "3499.99", "100000.00", 10, "1500.00", "2000.00", "3499.99"),     # just over the cap
    ("1.5", "200", "3500.00", "100000.00", 10, "1500.00", "2000.00", "3500.00"),     # exactly the cap
])
def test_reward_rule(share, per_job, cap, invested, jobs, expected_share, expected_jobs, expected_total):
    rule = RewardRule.from_config({"REWARD_SHARE_PERCENT": share, "REWARD_PER_JOB_EUR": per_job,
                                   "REWARD_CAP_EUR": cap})
    result = compute_reward(rule, D(invested), jobs)
    assert (result.share_eur, result.jobs_eur, result.amount_eur) == (D(expected_share), D(expected_jobs),
                                                                      D(expected_total))
    assert all(isinstance(v, Decimal) and v.as_tuple().exponent == -2
               for v in (result.share_eur, result.jobs_eur, result.amount_eur))
    assert result.capped == (result.amount_eur < result.share_eur + result.jobs_eur)


def test_cents_rounds_half_up_not_to_even():
    assert cents(D("0.125")) == D("0.13")
    assert cents(D("0.135")) == D("0.14")
    assert cents(D("-0.125")) == D("-0.13")


def test_negative_inputs_are_refused():
    rule = RewardRule(D("1"), D("1"), None)
    with pytest.raises(ValueError):
        compute_reward(rule, D("-1"), 0)
    with pytest.raises(ValueError):
        compute_reward(rule, D("1"), -1)
