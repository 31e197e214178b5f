"""Admin for the rules and taxonomy (editable data) and a read-only view of work orders.

Work orders change only through the services, which write the append-only event in the same transaction;
the admin therefore shows them, their clocks and their history, but never edits, adds or deletes them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest

from lianxin.common.admin import ReferenceDataAdmin
from lianxin.domain.personal_data import mask_identifiers

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
    PERSONAL_FIELDS,
    can_see_personal_data,
    masked_fields,
    refused_lookups,
    work_orders_visible_to,
)

CONTACT_FIELDS = (
    "contact_name",
    "contact_phone",
    "contact_id_type",
    "contact_id_number",
    "contact_address",
    "is_anonymous",
    "is_identity_verified",
)
assert set(CONTACT_FIELDS) == PERSONAL_FIELDS[WorkOrder]  # noqa: S101 - one list, checked at import


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
    """The history, append-only: evidence is never added, rewritten or removed by hand. Notes and changes are
    shown with identifiers masked to users who see personal data masked."""

    model = WorkOrderEvent
    fields = [
        "sequence",
        "occurred_at",
        "action",
        "from_state",
        "to_state",
        "actor",
        "approver",
        "ground_code",
        "note",
        "changes",
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
                    "deadline_problem",
                    "clocks",
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
        return ["masked_summary", "masked_facts", "masked_claims", "masked_outcome"]

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
