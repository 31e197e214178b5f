"""Filters of the wallboard."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def wallboard_duration(seconds: int) -> str:
    """Time in a state as 分:秒, or 时:分:秒 from an hour on (e.g. 75 → "1:15", 3700 → "1:01:40")."""
    minutes, rest = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{rest:02d}" if hours else f"{minutes}:{rest:02d}"
