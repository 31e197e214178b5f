"""The record of who viewed whose personal data (《个人信息保护法》第五十一条: access control and audit of
personal information processing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from lianxin.workorders.models import WorkOrder


class Interface(models.TextChoices):
    API = "api", "API"
    WEB = "web", "工作台页面"
    ADMIN = "admin", "管理后台"


class PersonalDataAccess(models.Model):
    """One view of a work order's personal data in clear: who, when, which work order, which fields, where.
    Append-only (and on PostgreSQL a trigger refuses UPDATE and DELETE)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查看人", on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField("查看时间", db_index=True)
    work_order = models.ForeignKey(
        WorkOrder, verbose_name="工单", on_delete=models.PROTECT, related_name="personal_data_accesses"
    )
    fields = models.JSONField("查看的字段", default=list)
    interface = models.CharField("途径", max_length=10, choices=Interface.choices)
    path = models.CharField("地址", max_length=300, blank=True)

    class Meta:
        verbose_name = "个人信息查看记录"
        verbose_name_plural = "个人信息查看记录"
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["work_order", "occurred_at"], name="access_work_order_time"),
            models.Index(fields=["user", "occurred_at"], name="access_user_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interface__in=Interface.values), name="access_interface_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.work_order_id} {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("personal data access records are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("personal data access records are append-only")
