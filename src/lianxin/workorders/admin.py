"""Admin for the rules and taxonomy (editable data) and a read-only view of work orders.

Work orders change only through the services, which write the append-only event in the same transaction;
the admin therefore shows them, their clocks and their history, but never edits, adds or deletes them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from lianxin.common.admin import ReferenceDataAdmin
from lianxin.domain.rules import CLOCK_LABELS
from lianxin.domain.workflow import STATE_LABELS, State

from .clock_storage import clocks_load
from .models import (
    Category,
    GroundRule,
    IssueType,
    RuleSet,
    TimeLimitRule,
    WorkOrder,
    WorkOrderEvent,
)
from .permissions import can_see_personal_data, work_orders_visible_to

PERSONAL_FIELDS = (
    "contact_name",
    "contact_phone",
    "contact_id_type",
    "contact_id_number",
    "contact_address",
    "is_anonymous",
    "is_identity_verified",
)


class TimeLimitRuleInline(admin.TabularInline):
    model = TimeLimitRule
    extra = 0
    fields = [
        "clock",
        "amount",
        "unit",
        "starts_on",
        "paused_by",
        "extension_amount",
        "citation",
        "confidence",
    ]


class GroundRuleInline(admin.TabularInline):
    model = GroundRule
    extra = 0
    fields = ["kind", "code", "label", "citation", "confidence", "position"]


@admin.register(RuleSet)
class RuleSetAdmin(ReferenceDataAdmin):
    list_display = ["title", "code", "effective_from", "effective_to", "citation"]
    search_fields = ["title", "code", "citation"]
    inlines = [TimeLimitRuleInline, GroundRuleInline]


@admin.register(Category)
class CategoryAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "group", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["name", "code"]


@admin.register(IssueType)
class IssueTypeAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "applies_to", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["applies_to", "is_active"]
    search_fields = ["name", "code"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WorkOrderEventInline(ReadOnlyInline):
    """The history, append-only: evidence is never added, rewritten or removed by hand."""

    model = WorkOrderEvent
    fields = [
        "sequence",
        "occurred_at",
        "action",
        "from_state_label",
        "to_state_label",
        "actor",
        "approver",
        "ground_code",
        "note",
    ]
    readonly_fields = fields
    ordering = ["sequence"]

    @admin.display(description="原状态")
    def from_state_label(self, event: WorkOrderEvent) -> str:
        return STATE_LABELS.get(State(event.from_state), event.from_state) if event.from_state else "—"

    @admin.display(description="新状态")
    def to_state_label(self, event: WorkOrderEvent) -> str:
        return STATE_LABELS.get(State(event.to_state), event.to_state)


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    """Read-only, scoped by the administrator's own data scope like every other read."""

    list_display = ["number", "kind", "state", "received_at", "respondent_name", "handling_unit", "due_on"]
    list_filter = ["kind", "state", "channel", "rule_set", "is_group_complaint"]
    search_fields = ["number", "respondent_name", "summary"]
    date_hierarchy = "received_at"
    list_select_related = ["handling_unit"]
    inlines = [WorkOrderEventInline]
    show_full_result_count = False
    fieldsets = (
        ("工单", {"fields": ("number", "center", "kind", "channel", "received_at", "rule_set", "state")}),
        ("投诉人/举报人", {"fields": PERSONAL_FIELDS}),
        (
            "被投诉人/被举报人",
            {
                "fields": (
                    "respondent_name",
                    "respondent_credit_code",
                    "respondent_address",
                    "respondent_division_code",
                    "respondent_online_role",
                    "respondent_published_address",
                    "respondent_platform_name",
                )
            },
        ),
        (
            "内容",
            {"fields": ("category", "issue_type", "summary", "facts", "claims", "amount_involved")},
        ),
        (
            "办理",
            {
                "fields": (
                    "handling_unit",
                    "due_on",
                    "due_clock",
                    "deadline_problem",
                    "clocks_table",
                    "handler_page",
                    "accepted_at",
                    "closed_at",
                    "ground_code",
                    "amount_recovered",
                    "outcome",
                    "transfer_destination",
                    "merged_into",
                    "registered_by",
                )
            },
        ),
        ("标记", {"fields": ("is_group_complaint", "consents_to_publish", "is_delegated_mediation")}),
    )

    readonly_fields = ("clocks_table", "handler_page")

    @admin.display(description="法定期限")
    def clocks_table(self, obj: WorkOrder) -> str:
        """Each clock as people read it: its name, start, due date and state (Beijing dates, Chinese labels)."""
        rows = []
        for name, stored in clocks_load(obj.clocks).items():
            state = stored.state
            if state.stopped_on:
                status = f"已于 {state.stopped_on:%Y-%m-%d} 停止"
            elif state.paused_on:
                status = f"自 {state.paused_on:%Y-%m-%d} 暂停（不计入期限）"
            else:
                status = "计时中" + ("（已延长）" if state.is_extended else "")
            due = f"{stored.due_on:%Y-%m-%d}" if stored.due_on else "—"
            rows.append(
                format_html(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    CLOCK_LABELS[name], f"{state.started_on:%Y-%m-%d}", due, status,
                )
            )
        if not rows:
            return "—"
        head = mark_safe("<table><tr><th>期限</th><th>起算日</th><th>届满日</th><th>状态</th></tr>")
        return head + format_html_join("", "{}", ((row,) for row in rows)) + mark_safe("</table>")

    @admin.display(description="承办页面")
    def handler_page(self, obj: WorkOrder) -> str:
        try:
            url = reverse("handling:detail", args=[obj.pk])
        except NoReverseMatch:
            return "—"
        return format_html('<a href="{}">在承办工作页面打开</a>', url)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        # Personal data only for the people who handle the item (《消费者权益保护法》第二十九条;
        # a reporter's identity is confidential, Order 20 Art. 33) — not for every administrator.
        if obj is not None and can_see_personal_data(request.user, obj):  # type: ignore[arg-type]
            return self.fieldsets
        return tuple(section for section in self.fieldsets if section[1]["fields"] is not PERSONAL_FIELDS)

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkOrder]:
        return work_orders_visible_to(request.user).select_related(  # type: ignore[arg-type]
            "handling_unit", "center", "rule_set", "category", "issue_type"
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WorkOrderEvent)
class WorkOrderEventAdmin(admin.ModelAdmin):
    """The audit trail across work orders, append-only (view permission only)."""

    list_display = ["work_order", "sequence", "occurred_at", "action", "from_state", "to_state", "actor"]
    list_filter = ["action", "to_state"]
    search_fields = ["work_order__number", "note"]
    date_hierarchy = "occurred_at"
    list_select_related = ["work_order", "actor"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkOrderEvent]:
        visible = work_orders_visible_to(request.user)  # type: ignore[arg-type]
        return super().get_queryset(request).filter(work_order__in=visible)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
