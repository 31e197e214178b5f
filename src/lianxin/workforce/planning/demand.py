"""Demand files: a CSV with `start` (ISO date-time of a half-hour interval, local time) and `calls`."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from lianxin.domain.errors import DomainError


class DemandInvalid(DomainError):
    code = "invalid_demand"


@dataclass(frozen=True, slots=True)
class Demand:
    starts_at: datetime
    interval_minutes: int
    calls: tuple[float, ...]


def demand_read(path: Path, *, interval_minutes: int = 30) -> Demand:
    """Read and validate a demand CSV: consecutive intervals of `interval_minutes`, first one at midnight."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise DemandInvalid(f"无法读取来电量文件 {path}：{error.strerror}") from None
    if not rows or not {"start", "calls"} <= set(rows[0]):
        raise DemandInvalid("来电量文件应有 start（时段开始时间）和 calls（来电量）两列。")
    step = timedelta(minutes=interval_minutes)
    calls: list[float] = []
    first: datetime | None = None
    for number, row in enumerate(rows, start=2):
        try:
            start = datetime.fromisoformat(row["start"].strip()).replace(tzinfo=None)
            volume = float(row["calls"])
        except (ValueError, AttributeError):
            raise DemandInvalid(f"第 {number} 行无法解析：{row}") from None
        if volume < 0:
            raise DemandInvalid(f"第 {number} 行来电量为负。")
        if first is None:
            first = start
            if start.hour or start.minute:
                raise DemandInvalid("来电量文件的第一个时段应从 0:00 开始。")
        elif start != first + step * len(calls):
            raise DemandInvalid(f"第 {number} 行时段 {start} 不连续，应为 {first + step * len(calls)}。")
        calls.append(volume)
    assert first is not None  # noqa: S101 — rows is not empty
    return Demand(first, interval_minutes, tuple(calls))


def demand_write(path: Path, demand: Demand) -> None:
    step = timedelta(minutes=demand.interval_minutes)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["start", "calls"])
        for t, volume in enumerate(demand.calls):
            writer.writerow([(demand.starts_at + step * t).isoformat(), f"{volume:g}"])
