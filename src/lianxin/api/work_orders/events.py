"""GET /work-orders/{id}/events/: the append-only history of one work order."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.api.schema import error_responses
from lianxin.domain.personal_data import mask_identifiers
from lianxin.domain.workflow import ACTION_LABELS, STATE_LABELS, Action, State
from lianxin.workorders.models import ACTION_CHOICES
from lianxin.workorders.permissions import can_see_personal_data
from lianxin.workorders.selectors import work_order_events

from .access import work_order_in_scope
from .bodies import free_text
from .serializers import TAG, WORK_ORDER_ID


def masked_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """The before/after values of an event with identifiers in text values masked (an outcome is free text)."""
    return {
        name: [mask_identifiers(v) if isinstance(v, str) else v for v in values]
        if isinstance(values, list)
        else values
        for name, values in changes.items()
    }


class WorkOrderEventListApi(APIView):
    """GET /api/v1/work-orders/{id}/events/ — the append-only history, oldest first."""

    class OutputSerializer(serializers.Serializer):
        sequence = serializers.IntegerField()
        action = serializers.ChoiceField(choices=ACTION_CHOICES)
        action_label = serializers.CharField()
        actor_name = serializers.CharField(allow_blank=True)
        approver_name = serializers.CharField(allow_null=True)
        occurred_at = serializers.DateTimeField()
        from_state = serializers.CharField(allow_blank=True)
        from_state_label = serializers.CharField(allow_blank=True)
        to_state = serializers.CharField()
        to_state_label = serializers.CharField()
        note = serializers.CharField(allow_blank=True)
        ground_code = serializers.CharField(allow_blank=True)
        changes = serializers.DictField(help_text="变更：{字段: [原值, 新值]}")

        class Meta:
            ref_name = "WorkOrderEvent"

    @staticmethod
    def _state_label(value: str) -> str:
        return STATE_LABELS[State(value)] if value else ""

    @extend_schema(
        operation_id="work_orders_events_list",
        summary="工单办理记录",
        tags=[TAG],
        parameters=[WORK_ORDER_ID],
        responses={200: OutputSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, work_order_id: int) -> Response:
        work_order = work_order_in_scope(request.user, work_order_id)
        masked = not can_see_personal_data(request.user, work_order)
        events = [
            {
                "sequence": e.sequence,
                "action": e.action,
                "action_label": ACTION_LABELS[Action(e.action)],
                "actor_name": str(e.actor) if e.actor else "",
                "approver_name": str(e.approver) if e.approver else None,
                "occurred_at": e.occurred_at,
                "from_state": e.from_state,
                "from_state_label": self._state_label(e.from_state),
                "to_state": e.to_state,
                "to_state_label": self._state_label(e.to_state),
                "note": free_text(e.note, masked=masked),
                "ground_code": e.ground_code,
                "changes": masked_changes(e.changes) if masked else e.changes,
            }
            for e in work_order_events(work_order=work_order)
        ]
        return Response(self.OutputSerializer(events, many=True).data)
