"""False-alarm rate and power of the hot-spot test (Poisson upper control limit, lianxin.domain.hotspots) on
generated data: stationary Poisson counts per subject and day, and injected k-fold spikes.

    .venv/bin/python bench/analytics/hotspots.py [--subjects 2000] [--days 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from lianxin.domain.hotspots import SpikeRule, detect_spike


def false_alarms(rule: SpikeRule, subjects: int, days: int, low: float, high: float, seed: int) -> float:
    rng = np.random.default_rng(seed)
    rates = rng.uniform(low, high, size=subjects)
    counts = rng.poisson(rates[:, None], size=(subjects, days))
    alarms = trials = 0
    for row in counts:
        for day in range(rule.baseline_days, days):
            trials += 1
            alarms += detect_spike(row[:day].tolist(), int(row[day]), rule).is_spike
    return alarms / trials


def power(rule: SpikeRule, factor: float, low: float, high: float, seed: int, trials: int = 2000) -> float:
    rng = np.random.default_rng(seed)
    hits = 0
    for _ in range(trials):
        rate = rng.uniform(low, high)
        history = rng.poisson(rate, size=rule.baseline_days).tolist()
        hits += detect_spike(history, int(rng.poisson(rate * factor)), rule).is_spike
    return hits / trials


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, default=2000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print("alpha    baseline/day  false alarms per subject-day   power ×3   power ×4")
    for alpha in (0.01, 0.001, 0.0001):
        for low, high in ((0.2, 1.0), (1.0, 5.0), (5.0, 20.0)):
            rule = SpikeRule(alpha=alpha)
            rate = false_alarms(rule, args.subjects, args.days, low, high, args.seed)
            print(
                f"{alpha:<8} {low:>4}–{high:<6}   {rate:.5f}                        "
                f"{power(rule, 3, low, high, args.seed):.2f}       {power(rule, 4, low, high, args.seed):.2f}"
            )


if __name__ == "__main__":
    main()
