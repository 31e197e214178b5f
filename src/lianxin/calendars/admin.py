"""Admin for the working calendar. Editing a CalendarDay here is how an administrator corrects a holiday or a
make-up workday; whole years are added with `./lianxin calendar load-package|add-year`, never by hand, because a
"loaded" year with no rows would silently count every weekday as a workday."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from lianxin.common.admin import ReferenceDataAdmin

from .models import CalendarDay, CalendarYear, DayKind
from .notices import warn_missing_years
from .services import calendar_year_delete

_WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_SATURDAY = 5


class YearListFilter(admin.SimpleListFilter):
    title = "年份"
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (str(y), f"{y} 年") for y in CalendarYear.objects.order_by("-year").values_list("year", flat=True)
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() and self.value().isdigit():
            return queryset.filter(day__year=int(self.value()))
        return queryset


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["day", "kind", "name"]

    def clean(self) -> dict[str, Any]:
        """Only days of a loaded year (others are refused anyway), and a make-up workday only on a weekend."""
        cleaned = super().clean()
        day, kind = cleaned.get("day"), cleaned.get("kind")
        if day is not None and not CalendarYear.objects.filter(year=day.year).exists():
            self.add_error(
                "day",
                f"{day.year} 年日历尚未加载，请先用 ./lianxin calendar add-year {day.year} --file … 加载整年。",
            )
        if day is not None and kind == DayKind.MAKEUP_WORKDAY and day.weekday() < _SATURDAY:
            self.add_error("kind", f"{day.isoformat()} 是{_WEEKDAY_NAMES[day.weekday()]}，本来就是工作日。")
        return cleaned


@admin.register(CalendarDay)
class CalendarDayAdmin(ReferenceDataAdmin):
    form = CalendarDayForm
    list_display = ["day", "weekday", "kind", "name"]
    list_filter = [YearListFilter, "kind"]
    search_fields = ["name"]
    date_hierarchy = "day"
    ordering = ["day"]
    list_per_page = 100

    @admin.display(description="星期")
    def weekday(self, obj: CalendarDay) -> str:
        return _WEEKDAY_NAMES[obj.day.weekday()]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[CalendarDay], search_term: str
    ) -> tuple[QuerySet[CalendarDay], bool]:
        """Search by festival name, or by a date (2024-02-10) or a month (2024-02)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        by_date = _date_filter(search_term.strip())
        if by_date is not None:
            results |= queryset.filter(by_date)
        return results, may_have_duplicates


def _date_filter(term: str) -> Q | None:
    """YYYY-MM-DD → that day; YYYY-MM → that month; YYYY → that year; anything else → None."""
    parts = term.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3 or len(parts[0]) != 4:
        return None
    try:
        if len(parts) == 3:
            return Q(day=date(int(parts[0]), int(parts[1]), int(parts[2])))
    except ValueError:
        return None
    lookup = Q(day__year=int(parts[0]))
    if len(parts) == 2:
        lookup &= Q(day__month=int(parts[1]))
    return lookup


def _day_count(kind: DayKind) -> Coalesce:
    days = (
        CalendarDay.objects.filter(day__year=OuterRef("year"), kind=kind)
        .order_by()
        .values("kind")
        .annotate(count=Count("id"))
        .values("count")[:1]
    )
    return Coalesce(Subquery(days), Value(0))


@admin.register(CalendarYear)
class CalendarYearAdmin(ReferenceDataAdmin):
    list_display = ["year", "holiday_count", "makeup_workday_count", "source", "loaded_at"]
    search_fields = ["source"]
    readonly_fields = ["year", "loaded_at"]
    fields = ["year", "source", "loaded_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                holidays=_day_count(DayKind.HOLIDAY), makeup_workdays=_day_count(DayKind.MAKEUP_WORKDAY)
            )
        )

    @admin.display(description="节假日天数", ordering="holidays")
    def holiday_count(self, obj: Any) -> int:
        return int(obj.holidays)

    @admin.display(description="调休上班日天数", ordering="makeup_workdays")
    def makeup_workday_count(self, obj: Any) -> int:
        return int(obj.makeup_workdays)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # whole years come from `calendar load-package|add-year`

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        warn_missing_years(request)
        return super().changelist_view(request, extra_context)

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        calendar_year_delete(obj.year)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for year in queryset.values_list("year", flat=True):
            calendar_year_delete(year)
