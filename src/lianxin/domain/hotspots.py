"""Hot-spot detection: does today's count of a subject (a business, a category, an issue type) jump against its
own baseline?

The test is a one-sided **Poisson upper control limit**. The baseline rate λ is the mean daily count over the
previous `baseline_days` days (a floor `min_rate` keeps a subject that was never seen from alarming on its first
two items). Today's count x is a spike when P(X ≥ x | λ) < `alpha` and x ≥ `min_count`. Under a stationary
Poisson process the false-alarm rate per subject-day is at most `alpha` (less, because counts are discrete);
`analytics/tests/test_hotspot_detection.py` measures it on generated data.

Order 121 Art. 38 asks the center to analyse complaint data and issue consumer warnings; this is the analysis
that proposes them. Pure functions: no Django, no clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SpikeRule:
    baseline_days: int = 28
    alpha: float = 0.001
    min_count: int = 5
    min_rate: float = 0.2


@dataclass(frozen=True, slots=True)
class SpikeVerdict:
    observed: int
    baseline_rate: float
    upper_limit: int  # the smallest count that would have been a spike
    p_value: float
    is_spike: bool


def poisson_tail(x: int, rate: float) -> float:
    """P(X ≥ x) for X ~ Poisson(rate), summed in log space so that large counts do not overflow."""
    if x <= 0:
        return 1.0
    if rate <= 0:
        return 0.0
    # P(X ≥ x) = 1 − Σ_{k<x} e^{−λ} λ^k / k!; for x far above λ sum the upper tail directly (more exact).
    if x > rate:
        total = 0.0
        k = x
        log_term = -rate + k * math.log(rate) - math.lgamma(k + 1)
        while True:
            term = math.exp(log_term)
            total += term
            if term < total * 1e-15 or k > x + 10_000:
                return min(total, 1.0)
            k += 1
            log_term += math.log(rate) - math.log(k)
    below = sum(math.exp(-rate + k * math.log(rate) - math.lgamma(k + 1)) for k in range(x))
    return max(0.0, 1.0 - below)


def upper_control_limit(rate: float, alpha: float) -> int:
    """The smallest count x with P(X ≥ x | rate) < alpha."""
    x = max(0, math.floor(rate))
    while poisson_tail(x, rate) >= alpha:
        x += 1
    return x


def detect_spike(history: Sequence[int], observed: int, rule: SpikeRule = SpikeRule()) -> SpikeVerdict:
    """`history` holds the daily counts before today (oldest first); only the last `baseline_days` count."""
    window = list(history)[-rule.baseline_days :]
    rate = max(rule.min_rate, sum(window) / rule.baseline_days)
    p_value = poisson_tail(observed, rate)
    limit = max(rule.min_count, upper_control_limit(rate, rule.alpha))
    return SpikeVerdict(
        observed=observed,
        baseline_rate=rate,
        upper_limit=limit,
        p_value=p_value,
        is_spike=observed >= rule.min_count and p_value < rule.alpha,
    )
