"""The personal-data access log in the admin: searchable, exportable, read-only, for administrators, and scoped
like every other read (only records about work orders in the reader's data range)."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.timezone import localtime

from lianxin.common import clock
from lianxin.domain.workflow import Role
from lianxin.workorders.permissions import work_orders_visible_to

from .models import PersonalDataAccess


def _is_administrator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "role", "") == Role.ADMINISTRATOR))


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "user", "work_order", "fields", "interface", "path"]
    list_filter = ["interface"]
    search_fields = ["user__username", "user__full_name", "work_order__number"]
    date_hierarchy = "occurred_at"
    list_select_related = ["user", "work_order"]
    show_full_result_count = False
    actions = ["export_csv"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PersonalDataAccess]:
        visible = work_orders_visible_to(request.user)  # type: ignore[arg-type]
        return super().get_queryset(request).filter(work_order__in=visible)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        # The declared filters and the user or work order by id (links from elsewhere in the admin).
        allowed = {"interface", "occurred_at", "user", "work_order"}
        return lookup.split("__", 1)[0] in allowed and super().lookup_allowed(lookup, value, request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_administrator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="导出所选记录（CSV）")
    def export_csv(self, request: HttpRequest, queryset: QuerySet[PersonalDataAccess]) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="personal-data-access-{clock.today():%Y%m%d}.csv"'
        )
        response.write("\ufeff")  # so that Excel reads UTF-8
        writer = csv.writer(response)
        writer.writerow(["查看时间", "查看人", "工单编号", "查看的字段", "途径", "地址"])
        for record in queryset.select_related("user", "work_order").order_by("occurred_at", "id"):
            writer.writerow(
                [
                    localtime(record.occurred_at).isoformat(timespec="seconds"),
                    record.user.username,
                    record.work_order.number,
                    "、".join(record.fields),
                    record.get_interface_display(),
                    record.path,
                ]
            )
        return response
