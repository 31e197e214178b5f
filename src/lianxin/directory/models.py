"""The jurisdiction directory: administrative divisions, their former names, regulator units, special zones.

Divisions are imported from PyPI packages (see `sources.py`); units are generated from them and then edited in the
admin (names, links to the organisation tree). Every write calls `reference_changed()` so that each process's
cached gazetteer and directory are rebuilt.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from lianxin.accounts.models import OrgUnit
from lianxin.domain.address import Level


class Division(models.Model):
    """A current administrative division (GB/T 2260 code, 6 digits)."""

    code = models.CharField("行政区划代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=[(lv.value, lv.value) for lv in Level])
    kind = models.CharField("类型", max_length=20, blank=True)
    province_code = models.CharField("省级代码", max_length=6, db_index=True)
    city_code = models.CharField("地级代码", max_length=6, blank=True, db_index=True)
    is_county_level = models.BooleanField("不设区县的地级市", default=False)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=[lv.value for lv in Level]), name="division_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FormerDivisionName(models.Model):
    """A former name or code of a division (户县 610125 → 鄠邑区 610118)."""

    name = models.CharField("曾用名", max_length=50)
    former_code = models.CharField("原代码", max_length=6, blank=True)
    division = models.ForeignKey(
        Division, verbose_name="今属", on_delete=models.CASCADE, related_name="former_names"
    )
    last_year = models.PositiveSmallIntegerField("最后使用年份")

    class Meta:
        verbose_name = "区划曾用名"
        verbose_name_plural = "区划曾用名"
        constraints = [models.UniqueConstraint(fields=["name", "division"], name="former_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} → {self.division_id}"


class UnitLevel(models.TextChoices):
    PROVINCE = "province", "省级局"
    CITY = "city", "市级局"
    COUNTY = "county", "县级局"
    ZONE = "zone", "功能区局"
    CENTER = "center", "12315 中心"


class RegulatorUnit(models.Model):
    """The market-regulation unit competent for a division (or a zone), and each province's 12315 center.

    `org_unit` links it to the organisation tree where this center dispatches to it (its own province).
    """

    code = models.CharField("单位编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=UnitLevel.choices)
    division = models.ForeignKey(
        Division, verbose_name="行政区划", on_delete=models.PROTECT, related_name="units"
    )
    org_unit = models.OneToOneField(
        OrgUnit,
        verbose_name="组织机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regulator",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "监管单位"
        verbose_name_plural = "监管单位"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=UnitLevel.values), name="regulator_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Zone(models.Model):
    """A special zone (开发区, 高新区, 示范区) and the unit that handles businesses in it: the zone → unit table."""

    key = models.CharField("编号", max_length=40, unique=True)
    names = models.CharField(
        "写法（逗号分隔）", max_length=300, help_text="地址中出现的名称，如：杨凌示范区,杨凌农高区"
    )
    division = models.ForeignKey(
        Division, verbose_name="所在区划", on_delete=models.PROTECT, related_name="zones"
    )
    unit = models.ForeignKey(
        RegulatorUnit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="zones"
    )
    effective_from = models.DateField("生效日期", null=True, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "功能区"
        verbose_name_plural = "功能区"
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    @property
    def name_list(self) -> tuple[str, ...]:
        return tuple(n.strip() for n in self.names.replace("，", ",").split(",") if n.strip())


class DirectorySource(models.Model):
    """Which package version the divisions were last imported from (so `lianxin start` skips a repeat)."""

    package = models.CharField(max_length=50, unique=True)
    version = models.CharField(max_length=30)

    class Meta:
        verbose_name = "数据来源"
        verbose_name_plural = "数据来源"

    def __str__(self) -> str:
        return f"{self.package} {self.version}"
