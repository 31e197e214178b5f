from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from lianxin.common.fields import blind_index_for
from lianxin.domain.personal_data import mask_identifiers

from .models import (
    AgentSeat,
    AgentSession,
    AgentSkill,
    AgentStateEvent,
    BlockedNumber,
    BreakReason,
    Call,
    CtiEvent,
    IntakePolicy,
    PbxToken,
)
from .numbers import national_number
from .services.tokens import pbx_token_create


@admin.register(PbxToken)
class PbxTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "token_prefix", "is_revoked", "created_at", "last_used_at"]
    fields = ["name", "is_revoked", "token_prefix", "created_at", "last_used_at"]
    readonly_fields = ["token_prefix", "created_at", "last_used_at"]
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: PbxToken, form: object, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = pbx_token_create(name=obj.name)
        obj.pk, obj.token_hash, obj.token_prefix = token.pk, token.token_hash, token.token_prefix
        obj.created_at = token.created_at
        self.message_user(
            request, f"令牌只显示这一次，请配置到交换机：/api/v1/cti/{raw}", level=messages.WARNING
        )

    @admin.action(description="吊销所选令牌")
    def revoke(self, request: HttpRequest, queryset: object) -> None:
        queryset.update(is_revoked=True)  # type: ignore[attr-defined]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = [
        "call_id",
        "direction",
        "caller",
        "queue",
        "offered_at",
        "agent",
        "cause",
        "wait_seconds",
    ]
    list_filter = ["direction", "cause", "queue"]
    search_fields = ["call_id"]
    raw_id_fields = ["agent", "offered_to", "work_orders"]

    @admin.display(description="来电号码")
    def caller(self, call: Call) -> str:
        # A list is for finding calls, not for reading numbers: masked here, in clear on the call's own page.
        return mask_identifiers(call.caller_number)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(CtiEvent)
class CtiEventAdmin(admin.ModelAdmin):
    list_display = ["call_id", "event", "received_at", "token"]
    search_fields = ["call_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(BlockedNumber)
class BlockedNumberAdmin(admin.ModelAdmin):
    list_display = ["number", "reason", "expires_at", "created_by", "created_at"]
    search_fields = ["reason"]
    search_help_text = "按原因搜索；按号码查找请输入完整号码"
    readonly_fields = ["created_by"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[BlockedNumber], search_term: str
    ) -> tuple[QuerySet[BlockedNumber], bool]:
        # The number is encrypted: a complete number is found through its blind index (ADR 0019 §4).
        national = national_number(search_term)
        if len(national) >= 7:
            digest = blind_index_for(BlockedNumber, "number_index", national)
            return queryset.filter(number_index=digest), False
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request: HttpRequest, obj: BlockedNumber, form: object, change: bool) -> None:
        obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(BreakReason)
class BreakReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "is_active", "position"]


@admin.register(IntakePolicy)
class IntakePolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "flagged_caller_skill", "group_alert_complaints", "created_at"]


class AgentSkillInline(admin.TabularInline):
    model = AgentSkill
    extra = 0


@admin.register(AgentSeat)
class AgentSeatAdmin(admin.ModelAdmin):
    list_display = ["extension", "name", "is_active"]


@admin.register(AgentSkill)
class AgentSkillAdmin(admin.ModelAdmin):
    list_display = ["user", "skill"]


@admin.register(AgentSession)
class AgentSessionAdmin(admin.ModelAdmin):
    list_display = ["user", "seat", "state", "state_since", "started_at", "ended_at"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in AgentSession._meta.fields]


@admin.register(AgentStateEvent)
class AgentStateEventAdmin(admin.ModelAdmin):
    list_display = ["user", "from_state", "to_state", "reason_code", "occurred_at"]
    list_filter = ["to_state"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
