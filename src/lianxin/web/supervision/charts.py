"""Charts as SVG drawn on the server (no JavaScript, no CDN, nothing to install): plain data for a template.

A chart is a list of bars with their geometry computed here; the template only writes attributes, so the page
stays within the Content-Security-Policy (no inline styles or scripts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    href: str = ""


@dataclass(frozen=True, slots=True)
class ColumnChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    peak: float
    baseline: float


def column_chart(
    points: Sequence[tuple[str, float]], *, width: int = 900, height: int = 180, hrefs: Sequence[str] = ()
) -> ColumnChart:
    """Vertical bars (a time series), labels below every few bars."""
    bottom = height - 20
    peak = max((value for _, value in points), default=0) or 1
    slot = width / max(1, len(points))
    bars = tuple(
        Bar(
            label=label,
            value=value,
            x=round(index * slot + slot * 0.1, 2),
            y=round(bottom - (bottom - 10) * value / peak, 2),
            width=round(slot * 0.8, 2),
            height=round((bottom - 10) * value / peak, 2),
            href=hrefs[index] if index < len(hrefs) else "",
        )
        for index, (label, value) in enumerate(points)
    )
    return ColumnChart(width=width, height=height, bars=bars, peak=peak, baseline=bottom)


def bar_chart(points: Sequence[tuple[str, float]], *, width: int = 420, row: int = 22) -> ColumnChart:
    """Horizontal bars (a breakdown): label on the left, bar, value on the right."""
    peak = max((value for _, value in points), default=0) or 1
    label_width, value_width = 130, 60
    span = width - label_width - value_width
    bars = tuple(
        Bar(
            label=label,
            value=value,
            x=label_width,
            y=index * row + 3,
            width=round(max(1.0, span * value / peak), 2),
            height=row - 8,
        )
        for index, (label, value) in enumerate(points)
    )
    return ColumnChart(width=width, height=max(row, len(points) * row), bars=bars, peak=peak, baseline=0)
