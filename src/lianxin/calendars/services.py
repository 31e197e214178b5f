"""Loading and editing the holiday calendar (writes). Each service owns its transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from lianxin.common.reference_cache import reference_changed
from lianxin.domain.errors import DomainError

from .arrangements import YearArrangement, arrangement_from_package, package_years
from .errors import CalendarYearAlreadyLoaded
from .models import CalendarDay, CalendarYear, DayKind
from .signals import calendar_year_loaded

__all__ = [
    "YearArrangement",
    "arrangement_from_package",
    "calendar_load_package_years",
    "calendar_year_delete",
    "calendar_year_import",
    "calendar_year_save",
    "package_years",
]


@transaction.atomic
def calendar_year_save(arrangement: YearArrangement, *, replace: bool = False) -> bool:
    """Store a year's arrangement. Returns False (and changes nothing) when the year is loaded and
    `replace` is not asked for, so `lianxin start` can call it every time."""
    exists = CalendarYear.objects.filter(year=arrangement.year).exists()
    if exists and not replace:
        return False
    overlap = set(arrangement.holidays) & set(arrangement.makeup_workdays)
    if overlap:
        days = "、".join(sorted(d.isoformat() for d in overlap))
        raise DomainError(f"{days} 不能既是节假日又是调休上班日。")
    outside = [d for d in (*arrangement.holidays, *arrangement.makeup_workdays) if d.year != arrangement.year]
    if outside:
        raise DomainError(f"{outside[0].isoformat()} 不在 {arrangement.year} 年内。")
    CalendarDay.objects.filter(day__year=arrangement.year).delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(day=d, kind=DayKind.HOLIDAY, name=n) for d, n in arrangement.holidays.items()]
        + [
            CalendarDay(day=d, kind=DayKind.MAKEUP_WORKDAY, name=n)
            for d, n in arrangement.makeup_workdays.items()
        ]
    )
    CalendarYear.objects.update_or_create(year=arrangement.year, defaults={"source": arrangement.source})
    reference_changed()
    _announce(arrangement.year)
    return True


def _announce(year: int) -> None:
    """After commit, tell subscribers (the work orders replace their provisional due dates)."""
    transaction.on_commit(lambda: calendar_year_loaded.send(sender=CalendarYear, year=year))


@transaction.atomic
def calendar_year_import(arrangement: YearArrangement, *, replace: bool = False) -> None:
    """Store a year an administrator asked for explicitly (`calendar add-year`).

    Unlike `calendar_year_save`, a year already loaded is refused (CalendarYearAlreadyLoaded) unless `replace`:
    replacing drops any correction made in the admin, so it must be asked for.
    """
    existing = CalendarYear.objects.select_for_update().filter(year=arrangement.year).first()
    if existing is not None and not replace:
        raise CalendarYearAlreadyLoaded(arrangement.year, existing.source)
    calendar_year_save(arrangement, replace=True)


@transaction.atomic
def calendar_load_package_years(years: Iterable[int] | None = None, *, replace: bool = False) -> list[int]:
    """Load every year the package has (or the given ones) that is not loaded yet — or every one of them with
    `replace` — and return the years written. Idempotent without `replace`; all or nothing (a year the package
    lacks raises CalendarYearMissingFromPackage and nothing is written)."""
    loaded = []
    for year in years or package_years():
        if calendar_year_save(arrangement_from_package(year), replace=replace):
            loaded.append(year)
    return loaded


@transaction.atomic
def calendar_year_delete(year: int) -> None:
    """Unload a year: its days go with it, and dates in it are refused again until it is reloaded."""
    CalendarDay.objects.filter(day__year=year).delete()
    CalendarYear.objects.filter(year=year).delete()
    reference_changed()
    _announce(year)
