"""Holidays (法定节假日) and make-up workdays (调休上班日), by year, as published by the State Council."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class CalendarYear(models.Model):
    """A year whose holiday arrangement is loaded. Dates in any other year are refused, never guessed."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField(
        "来源", max_length=200, help_text="例如 chinesecalendar 1.11.0 或国务院办公厅通知文号"
    )
    loaded_at = models.DateTimeField("加载时间", auto_now=True)

    class Meta:
        verbose_name = "已加载年份"
        verbose_name_plural = "已加载年份"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year} 年"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日（休息）"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班日"


class CalendarDay(models.Model):
    """A day that departs from the Monday–Friday rule."""

    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=DayKind.choices)
    name = models.CharField("节日", max_length=50, blank=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in DayKind]), name="calendarday_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.get_kind_display()} {self.name}".strip()
