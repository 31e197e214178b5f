"""`lianxin load_directory [--province 610000] [--force]`: import divisions and build the regulator directory.

Idempotent and fast when nothing changed (the package versions are recorded); `lianxin start` runs it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from lianxin.directory.selectors import home_province_code
from lianxin.directory.services import directory_load


class Command(BaseCommand):
    help = "从 PyPI 数据包导入行政区划，生成各级市场监管单位、功能区和各省 12315 中心，并挂接本省组织机构。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", default=None, help="本中心所在省的 6 位代码（默认 610000 陕西）")
        parser.add_argument("--force", action="store_true", help="即使数据包版本未变也重新导入")

    def handle(self, *args: object, **options: object) -> None:
        province = str(options["province"] or home_province_code())
        report = directory_load(home_province=province, force=bool(options["force"]))
        if report.skipped:
            self.stdout.write("管辖目录：数据包版本未变，跳过导入。")
            return
        self.stdout.write(
            f"管辖目录：新增区划 {report.divisions}、曾用名 {report.former_names}、监管单位 {report.units}、"
            f"功能区 {report.zones}、挂接组织机构 {report.org_units}"
        )
