"""Workforce data: named agents and their skills, shift templates, labour rules, leave and requests, rosters and
their versions. Written through `services`, read through `selectors`; the planning package never imports these.

A roster is a planning period (a Monday and a number of days); each `roster plan --save` stores a new version:
the plan's assignments, its inputs (demand, options, rules, agents) and the solver's status. Versions are never
edited, so a published roster can always be traced back to what produced it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Skill(models.Model):
    """A skill the rules may ask for on every shift, e.g. `supervisor` (值班长) or `senior` (资深坐席)."""

    code = models.SlugField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=50)

    class Meta:
        verbose_name = "技能"
        verbose_name_plural = "技能"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    """A named agent (话务员) who can be rostered. Inactive agents keep their history but are not planned."""

    code = models.CharField("工号", max_length=20, unique=True)
    name = models.CharField("姓名", max_length=50)
    skills = models.ManyToManyField(Skill, verbose_name="技能", blank=True, related_name="agents")
    active = models.BooleanField("在岗", default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workforce_agent",
    )

    class Meta:
        verbose_name = "坐席"
        verbose_name_plural = "坐席"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ShiftTemplate(models.Model):
    """A shift pattern as printed on the published roster: its code (A, N…), start time and paid length.

    A shift belongs to the day it starts on; one that starts at 22:00 runs into the next morning."""

    code = models.CharField("班次代码", max_length=4, unique=True)
    name = models.CharField("名称", max_length=20)
    start = models.TimeField("开始时间")
    minutes = models.PositiveSmallIntegerField("时长（分钟）", default=480)
    is_night = models.BooleanField("夜班", default=False)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "班次模板"
        verbose_name_plural = "班次模板"
        ordering = ["start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=60) & Q(minutes__lte=720), name="shifttemplate_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name} {self.start:%H:%M}"


class RuleSetKind(models.TextChoices):
    STANDARD = "standard", "平时"
    SPECIAL_PERIOD = "special_period", "特殊时期（取消休假、全员在岗）"


class LabourRuleSet(models.Model):
    """The labour rules the roster must satisfy, one editable row per kind; `notes` cites where each comes from."""

    kind = models.CharField("适用", max_length=20, choices=RuleSetKind.choices, unique=True)
    min_rest_hours = models.PositiveSmallIntegerField("两班之间最少休息（小时）", default=12)
    min_days_per_week = models.PositiveSmallIntegerField("每周最少工作天数", default=5)
    max_days_per_week = models.PositiveSmallIntegerField("每周最多工作天数", default=5)
    max_consecutive_days = models.PositiveSmallIntegerField("最多连续工作天数", default=6)
    max_hours_per_week = models.PositiveSmallIntegerField("每周最多工作小时", default=40)
    max_nights_per_week = models.PositiveSmallIntegerField("每周最多夜班", default=2)
    max_consecutive_nights = models.PositiveSmallIntegerField("最多连续夜班", default=2)
    skill_minimums = models.JSONField(
        "每个时段的技能最低人数",
        default=dict,
        blank=True,
        help_text='例如 {"supervisor": 1}：每个时段至少一名值班长',
    )
    design_earliest_start = models.TimeField(
        "班次设计：最早上班时间",
        default=datetime.time(0, 0),
        help_text="排班程序自行设计班次时，上班时间的下限",
    )
    design_latest_start = models.TimeField(
        "班次设计：最晚上班时间", default=datetime.time(23, 30), help_text="上班时间的上限（含）"
    )
    design_step_minutes = models.PositiveSmallIntegerField(
        "班次设计：上班时间步长（分钟）", default=30, help_text="30 = 任意整点或半点"
    )
    design_shift_minutes = models.PositiveSmallIntegerField("班次设计：班次时长（分钟）", default=480)
    design_max_shift_types = models.PositiveSmallIntegerField(
        "班次设计：最多班次种类",
        default=10,
        help_text="一张排班表最多使用几种上班时间（中心自定的管理要求：班次太多难以交接）",
    )
    night_starts = models.TimeField(
        "夜间时段开始", default=datetime.time(0, 0), help_text="设计出的班次只要有一分钟落在夜间时段即算夜班"
    )
    night_ends = models.TimeField("夜间时段结束", default=datetime.time(6, 0))
    notes = models.TextField("依据与说明", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "劳动规则"
        verbose_name_plural = "劳动规则"
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_days_per_week__lte=F("max_days_per_week")) & Q(max_days_per_week__lte=7),
                name="labourruleset_days_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"劳动规则（{self.get_kind_display()}）"


class LeaveKind(models.TextChoices):
    LEAVE = "leave", "休假（不排班）"
    DAY_OFF_REQUEST = "day_off_request", "休息申请（尽量满足）"


class LeaveStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
    CANCELLED = "cancelled", "已取消（特殊时期）"


class Leave(models.Model):
    """Leave (no shift may start on these days) or a wish for days off (the planner honours it if it can).
    Only approved rows reach the planner; a supervisor approves or rejects requests."""

    agent = models.ForeignKey(Agent, verbose_name="坐席", on_delete=models.CASCADE, related_name="leaves")
    kind = models.CharField("类型", max_length=20, choices=LeaveKind.choices, default=LeaveKind.LEAVE)
    first_day = models.DateField("开始日期")
    last_day = models.DateField("结束日期")
    note = models.CharField("说明", max_length=200, blank=True)
    status = models.CharField(
        "审批", max_length=12, choices=LeaveStatus.choices, default=LeaveStatus.APPROVED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "休假与休息申请"
        verbose_name_plural = "休假与休息申请"
        ordering = ["first_day", "agent"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=F("first_day")), name="leave_days_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.agent} {self.get_kind_display()} {self.first_day}–{self.last_day}"


class Roster(models.Model):
    """A planning period: `days` days from `starts_on` (a Monday, so weekly rules follow calendar weeks)."""

    starts_on = models.DateField("开始日期")
    days = models.PositiveSmallIntegerField("天数")
    title = models.CharField("名称", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "排班表"
        verbose_name_plural = "排班表"
        ordering = ["-starts_on", "days"]
        constraints = [
            models.UniqueConstraint(fields=["starts_on", "days"], name="roster_period_unique"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.starts_on} 起 {self.days} 天"


class RosterVersion(models.Model):
    """One stored plan of a roster: its assignments, the inputs that produced it and the solver's verdict."""

    roster = models.ForeignKey(
        Roster, verbose_name="排班表", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    status = models.CharField("求解状态", max_length=20)
    is_proven = models.BooleanField("已证明最优", default=False)
    shortfall = models.PositiveIntegerField("缺口（人·时段）", default=0)
    skill_shortfall = models.PositiveIntegerField("技能缺口（时段）", default=0)
    violations = models.PositiveIntegerField("劳动规则违例", default=0)
    solve_seconds = models.FloatField("求解用时（秒）", default=0.0)
    service_level = models.FloatField("模拟接通率", null=True, blank=True)
    inputs = models.JSONField("输入（来电量、参数、规则、坐席）", default=dict)
    outcome = models.JSONField("结果摘要（缺口、所需人数、模拟）", default=dict)
    note = models.CharField("说明", max_length=200, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "排班版本"
        verbose_name_plural = "排班版本"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["roster", "number"], name="rosterversion_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.roster} 第 {self.number} 版（#{self.pk}）"


class RosterAssignment(models.Model):
    """A shift of one agent in a version. The code and times are copied: editing a template later does not
    rewrite a roster already published."""

    version = models.ForeignKey(
        RosterVersion, verbose_name="排班版本", on_delete=models.CASCADE, related_name="assignments"
    )
    agent = models.ForeignKey(
        Agent, verbose_name="坐席", on_delete=models.PROTECT, related_name="assignments"
    )
    shift_code = models.CharField("班次代码", max_length=4)
    starts_at = models.DateTimeField("上班时间")
    ends_at = models.DateTimeField("下班时间")
    is_night = models.BooleanField("夜班", default=False)

    class Meta:
        verbose_name = "班次安排"
        verbose_name_plural = "班次安排"
        ordering = ["starts_at", "agent"]
        indexes = [models.Index(fields=["version", "agent", "starts_at"], name="rosterassign_version_agent")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="rosterassignment_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.agent} {self.shift_code} {self.starts_at:%Y-%m-%d %H:%M}"


class SpecialPeriodSwitch(models.Model):
    """The special-period switch (特殊时期), append-only: the latest row is the current state. Switching on
    cancels the approved leave from that day on and plans under the special-period labour rules."""

    is_on = models.BooleanField("特殊时期")
    switched_at = models.DateTimeField("时间")
    switched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    leaves_cancelled = models.PositiveIntegerField("取消的休假", default=0)

    class Meta:
        verbose_name = "特殊时期开关记录"
        verbose_name_plural = "特殊时期开关记录"
        ordering = ["-switched_at", "-id"]

    def __str__(self) -> str:
        return f"{self.switched_at:%Y-%m-%d %H:%M} {'开启' if self.is_on else '关闭'}"


class CallVolume(models.Model):
    """Calls offered per half hour: the history the forecast reads (from the call records once intake stores
    them, or loaded from a CSV)."""

    starts_at = models.DateTimeField("时段开始", unique=True)
    calls = models.FloatField("来电量")

    class Meta:
        verbose_name = "历史来电量"
        verbose_name_plural = "历史来电量"
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.calls}"
