"""The organisation tree (province bureau → 12315 center, city and county units) and the people in it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from lianxin.domain.workflow import ROLE_LABELS, Role


class UnitKind(models.TextChoices):
    PROVINCE_BUREAU = "province_bureau", "省级市场监管局"
    CENTER = "center", "12315 指挥中心"
    CITY_BUREAU = "city_bureau", "市级市场监管局"
    COUNTY_BUREAU = "county_bureau", "县级市场监管局"
    ZONE_BUREAU = "zone_bureau", "功能区分局"
    BRANCH = "branch", "市场监管所"


class OrgUnit(models.Model):
    """A unit of the market regulation system. `path` ("/1/4/17/") makes "this unit and below" one query."""

    name = models.CharField("名称", max_length=100)
    code = models.CharField("编码", max_length=32, unique=True)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    division_code = models.CharField("行政区划代码", max_length=12, blank=True)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in UnitKind]), name="orgunit_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_center(self) -> bool:
        return self.kind == UnitKind.CENTER


class User(AbstractUser):
    """A person who signs in. One role and one unit: what they may do, and which work orders they see."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField(
        "角色", max_length=20, choices=[(r.value, ROLE_LABELS[r]) for r in Role], default=Role.AGENT
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(condition=Q(role__in=[r.value for r in Role]), name="user_role_valid"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # set_password() keeps the raw password in _password until the next save: the password changed.
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            # A new password ends every API token issued under the old one (issue 14 item 3).
            ApiToken.objects.filter(user=self, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revoked_reason="password_changed"
            )


class ApiToken(models.Model):
    """An API token for programs. Only the SHA-256 of the key is stored: the key is shown once, when issued.

    Listed and revoked by its owner; revoked when the owner's password changes; expires at `expires_at`."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=100, blank=True)
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    prefix = models.CharField("令牌前缀", max_length=12, editable=False, help_text="用于辨认，不能用于认证")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_reason = models.CharField("吊销原因", max_length=40, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_active")]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"
