"""A realistic daily call shape (written for the project, no third-party data): two Gaussian peaks (10:00 and
15:00) on a daytime plateau, quiet nights. Used by the demo's call history and the workforce bench."""

from __future__ import annotations

import math


def curve(calls_per_day: float = 2000.0) -> list[float]:
    """Calls per half hour over one weekday (48 values summing to `calls_per_day`)."""
    shape = []
    for half_hour in range(48):
        hour = (half_hour + 0.5) / 2
        daytime = 1.0 / (1.0 + math.exp(-(hour - 7.5) * 1.5)) * 1.0 / (1.0 + math.exp((hour - 21.5) * 1.5))
        peaks = 1.6 * math.exp(-((hour - 10.0) ** 2) / 3.0) + 1.3 * math.exp(-((hour - 15.0) ** 2) / 4.0)
        shape.append(0.06 + 1.2 * daytime + peaks)
    total = sum(shape)
    return [calls_per_day * value / total for value in shape]
