"""A realistic demand curve: about 2,000 calls a day, morning and afternoon peaks, quiet nights (half hours).

Written for the project (no third-party data): the shape is a sum of two Gaussian peaks (10:00 and 15:00) on a
daytime plateau, scaled to `calls_per_day`; weekends carry 70 % of a weekday.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

from lianxin.workforce.planning.shape import curve


def week_rows(start: datetime, weeks: int, calls_per_day: float = 2000.0) -> list[tuple[datetime, float]]:
    rows = []
    base = curve(calls_per_day)
    for day in range(weeks * 7):
        factor = 0.7 if (start + timedelta(days=day)).weekday() >= 5 else 1.0
        for half_hour, volume in enumerate(base):
            rows.append((start + timedelta(days=day, minutes=30 * half_hour), round(volume * factor, 1)))
    return rows


def main() -> None:
    weeks = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("demand.csv")
    with out.open("w", encoding="utf-8") as handle:
        handle.write("start,calls\n")
        for start, volume in week_rows(datetime(2026, 3, 2), weeks):  # noqa: DTZ001 — local time
            handle.write(f"{start.isoformat()},{volume}\n")
    print(out)


if __name__ == "__main__":
    main()
