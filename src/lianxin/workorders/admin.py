"""Admin for the rules and taxonomy (editable data) and a read-only view of work orders.

Work orders change only through the services, which write the append-only event in the same transaction;
the admin therefore shows them, their clocks and their history, but never edits, adds or deletes them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from lianxin.audit.models import Interface
from lianxin.audit.services import personal_data_access_record
from lianxin.calendars.notices import warn_missing_years
from lianxin.common.admin import ReferenceDataAdmin
from lianxin.domain.identifiers import is_valid_phone
from lianxin.domain.personal_data import mask_identifiers
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
from .permissions import (
    CONTACT_FIELDS,
    PERSONAL_DATA_ROLES,
    can_see_personal_data,
    masked_fields,
    refused_lookups,
    work_orders_visible_to,
)
from .selectors import work_orders_by_phone


class MaskedDataAdmin(admin.ModelAdmin):
    """Query parameters act only on the declared filters, and never on a field the user sees masked.

    Django's admin accepts a lookup on any local field from the address bar (`?contact_phone__startswith=1585`
    answers 1 or 0 rows: a masked phone falls out digit by digit). Here a lookup must belong to a declared
    `list_filter` or the `date_hierarchy`, and `workorders.permissions.refused_lookups` removes the personal and
    free-text fields from the filters, search fields and orderings of users who see them masked; a refused
    lookup answers 400 (Django's DisallowedModelAdminLookup)."""

    def _declared_filter_fields(self) -> set[str]:
        names = {item if isinstance(item, str) else item[0] for item in self.list_filter}
        if self.date_hierarchy:
            names.add(self.date_hierarchy)
        return {name.split(LOOKUP_SEP, 1)[0] for name in names}

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        if lookup.split(LOOKUP_SEP, 1)[0] not in self._declared_filter_fields():
            return False
        if request is None or refused_lookups(request.user, self.model, [lookup]):  # type: ignore[arg-type]
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_list_filter(self, request: HttpRequest) -> Any:
        names = [item if isinstance(item, str) else item[0] for item in self.list_filter]
        refused = set(refused_lookups(request.user, self.model, names))  # type: ignore[arg-type]
        return [item for item, name in zip(self.list_filter, names, strict=True) if name not in refused]

    def get_search_fields(self, request: HttpRequest) -> Any:
        refused = set(refused_lookups(request.user, self.model, self.search_fields))  # type: ignore[arg-type]
        return [name for name in self.search_fields if name not in refused]

    def get_sortable_by(self, request: HttpRequest) -> Any:
        columns = self.get_list_display(request)
        names = [c for c in columns if isinstance(c, str)]
        refused = set(refused_lookups(request.user, self.model, names))  # type: ignore[arg-type]
        return [c for c in names if c not in refused]


def _masked_text(value: str) -> str:
    return mask_identifiers(value or "")


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
        "is_statutory",
    ]


class GroundRuleInline(admin.TabularInline):
    model = GroundRule
    extra = 0
    fields = [
        "kind",
        "code",
        "label",
        "citation",
        "confidence",
        "position",
        "requires_note",
        "requires_joint_consent",
    ]


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
    """The history, append-only: evidence is never added, rewritten or removed by hand. Notes and changes are
    shown with identifiers masked to users who see personal data masked."""

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
    readonly_fields = [*fields, "masked_note", "masked_changes"]
    ordering = ["sequence"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        hidden = masked_fields(request.user, WorkOrderEvent)  # type: ignore[arg-type]
        return [f"masked_{name}" if name in hidden else name for name in self.fields]

    @admin.display(description="说明")
    def masked_note(self, event: WorkOrderEvent) -> str:
        return _masked_text(event.note)

    @admin.display(description="变更")
    def masked_changes(self, event: WorkOrderEvent) -> str:
        return _masked_text(str(event.changes))
    @admin.display(description="原状态")
    def from_state_label(self, event: WorkOrderEvent) -> str:
        return STATE_LABELS.get(State(event.from_state), event.from_state) if event.from_state else "—"

    @admin.display(description="新状态")
    def to_state_label(self, event: WorkOrderEvent) -> str:
        return STATE_LABELS.get(State(event.to_state), event.to_state)


@admin.register(WorkOrder)
class WorkOrderAdmin(MaskedDataAdmin):
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
        ("投诉人/举报人", {"fields": CONTACT_FIELDS}),
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
                    "is_due_provisional",
                    "has_provisional_deadline",
                    "deadline_problem",
                    "clocks_table",
                    "handler_page",
                    "dispatched_at",
                    "accepted_at",
                    "closed_at",
                    "ground_code",
                    "amount_recovered",
                    "outcome",
                    "transfer_destination",
                    "merged_into",
                    "return_reason_code",
                    "returned_from",
                    "returned_at",
                    "return_suggested_unit",
                    "mixed_counterpart",
                    "registered_by",
                )
            },
        ),
        (
            "标记",
            {
                "fields": (
                    "is_group_complaint",
                    "is_joint_complaint",
                    "consents_to_publish",
                    "is_delegated_mediation",
                )
            },
        ),
    )

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        provisional = WorkOrder.objects.filter(has_provisional_deadline=True).count()
        warn_missing_years(
            request, extra=f"目前有 {provisional} 件未办结工单的期限为暂定。" if provisional else ""
        )
        return super().changelist_view(request, extra_context)

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
        hidden = masked_fields(request.user, WorkOrder)  # type: ignore[arg-type]
        return tuple(
            (title, {"fields": tuple(f"masked_{n}" if n in hidden else n for n in section["fields"])})
            for title, section in self.fieldsets
            if section["fields"] is not CONTACT_FIELDS
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["masked_summary", "masked_facts", "masked_claims", "masked_outcome", "clocks_table", "handler_page"]

    @admin.display(description="摘要")
    def masked_summary(self, work_order: WorkOrder) -> str:
        return _masked_text(work_order.summary)

    @admin.display(description="事实与理由")
    def masked_facts(self, work_order: WorkOrder) -> str:
        return _masked_text(work_order.facts)

    @admin.display(description="诉求")
    def masked_claims(self, work_order: WorkOrder) -> str:
        return _masked_text(work_order.claims)

    @admin.display(description="处理结果")
    def masked_outcome(self, work_order: WorkOrder) -> str:
        return _masked_text(work_order.outcome)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        work_order = self.get_object(request, unquote(object_id))
        if response.status_code == 200 and work_order and can_see_personal_data(request.user, work_order):  # type: ignore[arg-type]
            # The page shows the contact fields and the free text in clear: record who saw them.
            personal_data_access_record(
                user=request.user,  # type: ignore[arg-type]
                work_order=work_order,
                interface=Interface.ADMIN,
                path=request.path,
            )
        return response

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkOrder]:
        return work_orders_visible_to(request.user).select_related(  # type: ignore[arg-type]
            "handling_unit", "center", "rule_set", "category", "issue_type"
        )

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> tuple[QuerySet, bool]:
        """A complete phone number also finds the work orders of that caller (exact match on the blind index;
        the phone is encrypted, so no prefix search) — only for roles that see personal data in clear."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        user = request.user
        term = search_term.strip()
        if term and is_valid_phone(term) and user.role_enum in PERSONAL_DATA_ROLES:  # type: ignore[union-attr]
            results = results | queryset.filter(pk__in=work_orders_by_phone(term).values("pk"))
        return results, may_have_duplicates

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WorkOrderEvent)
class WorkOrderEventAdmin(MaskedDataAdmin):
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
