"""/api/v1/workforce/: the center's agents, shift templates, roster versions (publish), leave requests (decide),
the special-period switch and planning from the forecast (202, a background job). Supervisors and managers of a
12315 center only: the workforce is the center's own."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.accounts.models import User
from lianxin.common.jobs import enqueue
from lianxin.workforce.models import Agent, Leave, RosterVersion, ShiftTemplate
from lianxin.workforce.selectors import roster_sheet
from lianxin.workforce.supervision import (
    PlanRequest,
    WorkforceForbidden,
    can_manage_workforce,
    leave_decide,
    leave_request_create,
    roster_version_publish,
    special_period_is_on,
    special_period_switch,
)

from .schema import error_responses

TAG = "排班与人员测算"


class _SupervisorApi(APIView):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        user = request.user
        if not isinstance(user, User) or not can_manage_workforce(user):
            raise exceptions.PermissionDenied()

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, WorkforceForbidden):
            exc = exceptions.PermissionDenied()
        return super().handle_exception(exc)


class AgentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="工号")
    name = serializers.CharField()
    skills = serializers.ListField(child=serializers.CharField())
    active = serializers.BooleanField()


class AgentListApi(_SupervisorApi):
    @extend_schema(
        tags=[TAG], responses={200: AgentOutput(many=True), **error_responses(401, 403)}, summary="坐席"
    )
    def get(self, request: Request) -> Response:
        agents = Agent.objects.prefetch_related("skills").order_by("code")
        data = [
            {
                "id": a.pk,
                "code": a.code,
                "name": a.name,
                "skills": [s.code for s in a.skills.all()],
                "active": a.active,
            }
            for a in agents
        ]
        return Response(AgentOutput(data, many=True).data)


class ShiftTemplateOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    start = serializers.TimeField()
    minutes = serializers.IntegerField()
    is_night = serializers.BooleanField()


class ShiftTemplateListApi(_SupervisorApi):
    @extend_schema(
        tags=[TAG],
        responses={200: ShiftTemplateOutput(many=True), **error_responses(401, 403)},
        summary="班次模板",
    )
    def get(self, request: Request) -> Response:
        rows = ShiftTemplate.objects.filter(active=True).order_by("start")
        return Response(ShiftTemplateOutput(rows, many=True).data)


class RosterVersionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    starts_on = serializers.DateField(source="roster.starts_on")
    days = serializers.IntegerField(source="roster.days")
    number = serializers.IntegerField()
    status = serializers.CharField()
    shortfall = serializers.IntegerField()
    violations = serializers.IntegerField()
    service_level = serializers.FloatField(allow_null=True)
    note = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class RosterVersionListApi(_SupervisorApi):
    @extend_schema(
        tags=[TAG],
        responses={200: RosterVersionOutput(many=True), **error_responses(401, 403)},
        summary="排班版本",
    )
    def get(self, request: Request) -> Response:
        rows = RosterVersion.objects.select_related("roster").order_by("-id")[:100]
        return Response(RosterVersionOutput(rows, many=True).data)


class AssignmentOutput(serializers.Serializer):
    agent = serializers.CharField()
    shift_code = serializers.CharField(source="template")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    is_night = serializers.BooleanField()


class RosterVersionDetailApi(_SupervisorApi):
    @extend_schema(
        tags=[TAG],
        responses={200: AssignmentOutput(many=True), **error_responses(401, 403, 404)},
        summary="排班明细",
        operation_id="workforce_roster_version_detail",
    )
    def get(self, request: Request, version_id: int) -> Response:
        if not RosterVersion.objects.filter(pk=version_id).exists():
            raise exceptions.NotFound()
        return Response(AssignmentOutput(roster_sheet(version_id).assignments, many=True).data)


class RosterVersionPublishApi(_SupervisorApi):
    @extend_schema(
        tags=[TAG],
        request=None,
        responses={200: RosterVersionOutput, **error_responses(400, 401, 403)},
        summary="发布",
    )
    def post(self, request: Request, version_id: int) -> Response:
        version = roster_version_publish(version_id=version_id, actor=request.user)
        return Response(RosterVersionOutput(version).data)


class LeaveOutput(serializers.Serializer):
    id = serializers.IntegerField()
    agent = serializers.CharField(source="agent.code")
    kind = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    note = serializers.CharField()
    status = serializers.CharField()


class LeaveInput(serializers.Serializer):
    agent = serializers.CharField(help_text="工号")
    kind = serializers.CharField(help_text="leave（休假）或 day_off_request（休息申请）")
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class LeaveListApi(_SupervisorApi):
    @extend_schema(
        tags=[TAG],
        responses={200: LeaveOutput(many=True), **error_responses(401, 403)},
        summary="休假与休息申请",
    )
    def get(self, request: Request) -> Response:
        rows = Leave.objects.select_related("agent").order_by("-first_day")[:500]
        return Response(LeaveOutput(rows, many=True).data)

    @extend_schema(
        tags=[TAG],
        request=LeaveInput,
        responses={201: LeaveOutput, **error_responses(400, 401, 403)},
        summary="申请",
    )
    def post(self, request: Request) -> Response:
        data = LeaveInput(data=request.data)
        data.is_valid(raise_exception=True)
        agent = Agent.objects.filter(code=data.validated_data["agent"]).first()
        if agent is None:
            raise serializers.ValidationError({"agent": ["坐席不存在。"]})
        leave = leave_request_create(
            agent_id=agent.pk,
            kind=data.validated_data["kind"],
            first_day=data.validated_data["first_day"],
            last_day=data.validated_data["last_day"],
            note=data.validated_data["note"],
        )
        return Response(LeaveOutput(leave).data, status=status.HTTP_201_CREATED)


class LeaveDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()


class LeaveDecisionApi(_SupervisorApi):
    @extend_schema(
        tags=[TAG],
        request=LeaveDecisionInput,
        responses={200: LeaveOutput, **error_responses(400, 401, 403)},
        summary="审批",
    )
    def post(self, request: Request, leave_id: int) -> Response:
        data = LeaveDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        leave = leave_decide(leave_id=leave_id, actor=request.user, approve=data.validated_data["approve"])
        return Response(LeaveOutput(leave).data)


class SpecialPeriodInput(serializers.Serializer):
    is_on = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SpecialPeriodOutput(serializers.Serializer):
    is_on = serializers.BooleanField()
    leaves_cancelled = serializers.IntegerField(required=False)


class SpecialPeriodApi(_SupervisorApi):
    @extend_schema(
        tags=[TAG], responses={200: SpecialPeriodOutput, **error_responses(401, 403)}, summary="特殊时期"
    )
    def get(self, request: Request) -> Response:
        return Response({"is_on": special_period_is_on()})

    @extend_schema(
        tags=[TAG],
        summary="开启或关闭特殊时期",
        request=SpecialPeriodInput,
        responses={200: SpecialPeriodOutput, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = SpecialPeriodInput(data=request.data)
        data.is_valid(raise_exception=True)
        switch = special_period_switch(actor=request.user, **data.validated_data)
        return Response({"is_on": switch.is_on, "leaves_cancelled": switch.leaves_cancelled})


class PlanInput(serializers.Serializer):
    starts_on = serializers.DateField(help_text="星期一")
    weeks = serializers.IntegerField(default=1)
    minus_agents = serializers.IntegerField(default=0, help_text="假设：减少 k 名坐席")
    plus_percent = serializers.FloatField(default=0.0, help_text="假设：来电量增加 x%")


class RosterPlanApi(_SupervisorApi):
    @extend_schema(
        tags=[TAG],
        request=PlanInput,
        responses={202: None, **error_responses(400, 401, 403)},
        summary="按预测排班",
    )
    def post(self, request: Request) -> Response:
        data = PlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = PlanRequest(**data.validated_data)
        plan.check()
        enqueue(
            "lianxin.workforce.supervision.roster_plan_task",
            plan.starts_on.isoformat(),
            plan.weeks,
            plan.minus_agents,
            plan.plus_percent,
            request.user.pk,
        )
        return Response(status=status.HTTP_202_ACCEPTED)
