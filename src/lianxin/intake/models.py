"""Calls from the PBX, their CTI events, agent seats and states, blocked numbers, and the distribution policy."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from lianxin.common.fields import BlindIndexField, EncryptedTextField
from lianxin.domain.agent_states import AGENT_STATE_LABELS, CALL_CAUSE_LABELS, AgentState, CallCause

AGENT_STATE_CHOICES = [(s.value, AGENT_STATE_LABELS[s]) for s in AgentState]
CALL_CAUSE_CHOICES = [(c.value, CALL_CAUSE_LABELS[c]) for c in CallCause]


class PbxToken(models.Model):
    """The secret a PBX puts in its CTI address (`/api/v1/cti/<token>`). Only its SHA-256 is stored."""

    name = models.CharField("名称", max_length=100, unique=True)
    token_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(
        "令牌前缀", max_length=8, editable=False, help_text="便于辨认，不足以使用"
    )
    is_revoked = models.BooleanField("已吊销", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "交换机令牌"
        verbose_name_plural = "交换机令牌"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"


class Direction(models.TextChoices):
    IN = "in", "呼入"
    OUT = "out", "呼出"


class Call(models.Model):
    """One call as the PBX reported it: numbers, queue, times, the agent, how it ended, what was registered."""

    call_id = models.CharField("呼叫标识", max_length=250, unique=True)
    direction = models.CharField("方向", max_length=3, choices=Direction.choices, default=Direction.IN)
    # Numbers are personal data: encrypted at rest; the caller's history is found by the blind index, whose
    # digest is the same as the work orders' contact_phone_index for the same number (ADR 0019 §4).
    from_number = EncryptedTextField("主叫号码", blank=True)
    to_number = EncryptedTextField("被叫号码", blank=True)
    caller_number = EncryptedTextField(
        "来电人号码（规范化）", blank=True, help_text="呼入为主叫、呼出为被叫，去掉国家码"
    )
    caller_number_index = BlindIndexField("来电人号码盲索引", source="caller_number", normalizer="phone")
    queue = models.CharField("队列", max_length=100, blank=True)
    offered_at = models.DateTimeField("来电时间", null=True, blank=True)
    answered_at = models.DateTimeField("接听时间", null=True, blank=True)
    ended_at = models.DateTimeField("挂机时间", null=True, blank=True)
    wait_seconds = models.PositiveIntegerField("等待秒数", null=True, blank=True)
    talk_seconds = models.PositiveIntegerField("通话秒数", null=True, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接听坐席",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answered_calls",
    )
    offered_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="正在振铃的坐席",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    offer_expires_at = models.DateTimeField("振铃截止", null=True, blank=True)
    offered_user_ids = models.JSONField("已振铃过的坐席", default=list, blank=True)
    cause = models.CharField("结果", max_length=10, choices=CALL_CAUSE_CHOICES, blank=True)
    pbx_cause = models.CharField("交换机挂机原因", max_length=30, blank=True)
    pbx_users = models.JSONField("交换机提供的用户", default=list, blank=True)
    work_orders = models.ManyToManyField(
        "workorders.WorkOrder", verbose_name="登记的工单", blank=True, related_name="calls"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "来电记录"
        verbose_name_plural = "来电记录"
        ordering = ["-offered_at", "-id"]
        indexes = [
            models.Index(fields=["caller_number_index", "offered_at"], name="call_caller_offered"),
            models.Index(fields=["agent", "offered_at"], name="call_agent_offered"),
            # The wallboard: today's calls, and the calls waiting now (neither answered nor ended).
            models.Index(fields=["offered_at"], name="call_offered"),
            models.Index(
                fields=["offered_at"],
                condition=Q(answered_at__isnull=True, ended_at__isnull=True),
                name="call_waiting",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cause__in=["", *[c.value for c in CallCause]]), name="call_cause_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.from_number}→{self.to_number}"


class CtiEvent(models.Model):
    """Each CTI event once per (call, event): a repeat is answered with the first answer and changes nothing."""

    call_id = models.CharField("呼叫标识", max_length=250)
    event = models.CharField("事件", max_length=20)
    token = models.ForeignKey(
        PbxToken, verbose_name="令牌", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    payload = models.JSONField("内容", default=dict)
    response = models.JSONField("应答", default=dict)
    received_at = models.DateTimeField("接收时间")

    class Meta:
        verbose_name = "CTI 事件"
        verbose_name_plural = "CTI 事件"
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["call_id", "event"], name="ctievent_once_per_call")]

    def __str__(self) -> str:
        return f"{self.call_id} {self.event}"


class BlockedNumber(models.Model):
    """A number the supervisors block (骚扰电话等): its `newCall` is rejected until the block expires."""

    number = EncryptedTextField("号码", help_text="去掉国家码的号码")
    number_index = BlindIndexField("号码盲索引", source="number", normalizer="phone", unique=True)
    reason = models.CharField("原因", max_length=200)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True, help_text="留空为长期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="设置人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "黑名单号码"
        verbose_name_plural = "黑名单号码"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number


class BreakReason(models.Model):
    """A reason code for 小休 (用餐、培训、会议…): data, editable in the admin."""

    code = models.CharField("代码", max_length=30, unique=True)
    label = models.CharField("名称", max_length=50)
    is_active = models.BooleanField("启用", default=True)
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        verbose_name = "小休原因"
        verbose_name_plural = "小休原因"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label


class IntakePolicy(models.Model):
    """How calls are distributed and when supervisors are alerted (the newest row is used). Data, not literals."""

    ring_seconds = models.PositiveSmallIntegerField(
        "振铃超时（秒）", default=15, help_text="坐席在此时间内未接听，来电转给下一位就绪坐席"
    )
    wrap_up_max_seconds = models.PositiveSmallIntegerField(
        "话后整理上限（秒）", default=120, help_text="超过后坐席自动回到就绪"
    )
    flagged_caller_skill = models.CharField(
        "重点来电人所需技能",
        max_length=30,
        blank=True,
        help_text="如 senior：有重复来电等标记的来电人优先分给具备该技能的坐席；留空不启用",
    )
    prefer_work_order_agent = models.BooleanField("优先分给登记过来电人未办结工单的坐席", default=True)
    group_alert_complaints = models.PositiveSmallIntegerField(
        "群体投诉提醒阈值", default=3, help_text="同一经营者一天内未办结投诉达到此数时，实时提醒值班长"
    )
    service_level_percent = models.PositiveSmallIntegerField(
        "服务水平目标（%）",
        default=80,
        validators=[MaxValueValidator(100)],
        help_text="实时监控：在下方秒数内接听的来电占呼入来电的目标比例，低于目标时提醒",
    )
    service_level_seconds = models.PositiveSmallIntegerField(
        "服务水平时限（秒）", default=20, help_text="接听等待不超过此秒数计为达标"
    )
    quick_answer_seconds = models.PositiveSmallIntegerField(
        "快速接听时限（秒）", default=3, help_text="实时监控另行显示在此秒数内接听的比例"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "话务分配与提醒参数"
        verbose_name_plural = "话务分配与提醒参数"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"振铃 {self.ring_seconds} 秒 / 话后 {self.wrap_up_max_seconds} 秒"


class AgentSeat(models.Model):
    """A seat with its extension (分机号); skills are tags such as `senior`."""

    extension = models.CharField("分机号", max_length=20, unique=True)
    name = models.CharField("名称", max_length=50, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "坐席"
        verbose_name_plural = "坐席"
        ordering = ["extension"]

    def __str__(self) -> str:
        return self.name or self.extension


class AgentSkill(models.Model):
    """A skill of one agent (e.g. `senior` for flagged callers)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_skills")
    skill = models.CharField("技能", max_length=30)

    class Meta:
        verbose_name = "坐席技能"
        verbose_name_plural = "坐席技能"
        constraints = [models.UniqueConstraint(fields=["user", "skill"], name="agentskill_unique")]

    def __str__(self) -> str:
        return self.skill


class AgentSession(models.Model):
    """An agent signed in at a seat, from sign-in to sign-out, with the current state."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="坐席人员",
        on_delete=models.PROTECT,
        related_name="agent_sessions",
    )
    seat = models.ForeignKey(
        AgentSeat, verbose_name="坐席", on_delete=models.PROTECT, related_name="sessions"
    )
    started_at = models.DateTimeField("签入时间")
    ended_at = models.DateTimeField("签出时间", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=AGENT_STATE_CHOICES, default=AgentState.READY)
    state_since = models.DateTimeField("进入状态时间")
    ready_since = models.DateTimeField("空闲起始", null=True, blank=True, help_text="最长空闲优先分配的依据")
    reason_code = models.CharField("小休原因", max_length=30, blank=True)
    current_call = models.ForeignKey(
        Call, verbose_name="当前来电", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    wrap_up_until = models.DateTimeField("话后整理截止", null=True, blank=True)

    class Meta:
        verbose_name = "签入记录"
        verbose_name_plural = "签入记录"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(ended_at__isnull=True), name="agentsession_one_open_per_user"
            ),
            models.UniqueConstraint(
                fields=["seat"], condition=Q(ended_at__isnull=True), name="agentsession_one_open_per_seat"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in AgentState]), name="agentsession_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "ready_since"], name="agentsession_state_ready")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.seat}"


class AgentStateEvent(models.Model):
    """Append-only: every change of an agent's state with its time (for occupancy and adherence)."""

    session = models.ForeignKey(AgentSession, on_delete=models.PROTECT, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField("原状态", max_length=20, choices=AGENT_STATE_CHOICES)
    to_state = models.CharField("新状态", max_length=20, choices=AGENT_STATE_CHOICES)
    reason_code = models.CharField("原因", max_length=30, blank=True)
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    occurred_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "坐席状态记录"
        verbose_name_plural = "坐席状态记录"
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["user", "occurred_at"], name="agentstateevent_user_time")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.from_state}→{self.to_state}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("agent state events are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class CallDraft(models.Model):
    """What an agent has typed for one call (or one free registration), kept until registered."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField("草稿标识", max_length=260, help_text="来电标识或 free-…")
    data = models.JSONField("内容", default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "登记草稿"
        verbose_name_plural = "登记草稿"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="calldraft_unique")]

    def __str__(self) -> str:
        return self.key


class WorkOrderReference(models.Model):
    """An article or script cited on a work order from the workstation's legal panel (one key attaches it)."""

    work_order = models.ForeignKey(
        "workorders.WorkOrder", verbose_name="工单", on_delete=models.CASCADE, related_name="references"
    )
    article = models.ForeignKey(
        "knowledge.Article",
        verbose_name="法条",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entry = models.ForeignKey(
        "knowledge.KnowledgeEntry",
        verbose_name="口径",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    citation = models.CharField("引用", max_length=200)
    attached_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attached_at = models.DateTimeField("引用时间")

    class Meta:
        verbose_name = "工单引用的法条与口径"
        verbose_name_plural = "工单引用的法条与口径"
        ordering = ["attached_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False) | Q(entry__isnull=False),
                name="workorderreference_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.citation
