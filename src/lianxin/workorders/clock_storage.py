"""How a work order stores its statutory clocks: a JSON object on the row, one entry per clock.

    {"accept_decision": {"started_on": "2026-05-06", "paused_on": null, "paused_units": 0,
                         "is_extended": false, "stopped_on": "2026-05-08", "due_on": null,
                         "provisional": false}, …}

`provisional` marks a due date counted through a year whose holiday arrangement is not loaded (暂定).

The clocks belong to the work order and are only ever read and written with it, under its row lock; keeping them
on the row spares every transition a read and one or two writes of a side table (see docs/adr/0004).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from lianxin.domain.deadlines import ClockState
from lianxin.domain.rules import ClockName


@dataclass(frozen=True, slots=True)
class StoredClock:
    state: ClockState
    due_on: date | None
    is_provisional: bool = False


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def clocks_load(data: Mapping[str, Any] | None) -> dict[ClockName, StoredClock]:
    result: dict[ClockName, StoredClock] = {}
    for name, entry in (data or {}).items():
        clock = ClockName(name)
        started_on = _day(entry["started_on"])
        assert started_on is not None  # noqa: S101 - written by clocks_dump, never without a start
        result[clock] = StoredClock(
            state=ClockState(
                clock=clock,
                started_on=started_on,
                paused_on=_day(entry.get("paused_on")),
                paused_units=int(entry.get("paused_units", 0)),
                is_extended=bool(entry.get("is_extended", False)),
                stopped_on=_day(entry.get("stopped_on")),
            ),
            due_on=_day(entry.get("due_on")),
            is_provisional=bool(entry.get("provisional", False)),
        )
    return result


def clocks_dump(
    states: Mapping[ClockName, ClockState],
    dues: Mapping[ClockName, date | None],
    provisional: Collection[ClockName] = (),
) -> dict[str, Any]:
    return {
        clock.value: {
            "started_on": _iso(state.started_on),
            "paused_on": _iso(state.paused_on),
            "paused_units": state.paused_units,
            "is_extended": state.is_extended,
            "stopped_on": _iso(state.stopped_on),
            "due_on": _iso(dues.get(clock)),
            "provisional": clock in provisional and dues.get(clock) is not None,
        }
        for clock, state in sorted(states.items(), key=lambda item: list(ClockName).index(item[0]))
    }
