"""The administrator's instruction when a year's arrangement is missing. Handlers never see it: they see the
provisional date and its 暂定 mark; the admin pages show this (calendars and work orders)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest

from lianxin.common import clock

from .selectors import years_not_loaded


def missing_years_instruction(years: list[int]) -> str:
    named = "、".join(str(y) for y in years)
    first = years[0]
    return (
        f"{named} 年的节假日与调休安排尚未加载：落在该年的期限暂按《全国年节及纪念日放假办法》的法定节日计算并标为暂定。"
        f"国务院办公厅通知发布后，请运行 ./lianxin calendar add-year {first} --file 文件.csv"
        f"（或升级 chinesecalendar 后运行 ./lianxin calendar load-package {first}），加载后暂定期限自动更新。"
    )


def warn_missing_years(request: HttpRequest, *, extra: str = "") -> None:
    """Add the instruction as an admin warning when this year or next is not loaded."""
    years = years_not_loaded(clock.today())
    if years:
        messages.warning(request, missing_years_instruction(years) + extra)
