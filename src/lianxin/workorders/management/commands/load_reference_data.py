from django.core.management.base import BaseCommand

from lianxin.workorders.services import reference_data_load


class Command(BaseCommand):
    help = "加载规则集、法定情形、投诉分类和工作日历（可重复执行，不覆盖管理员修改）"

    def handle(self, *args: object, **options: object) -> None:
        report = reference_data_load()
        years = ", ".join(map(str, report.calendar_years)) or "无新增"
        self.stdout.write(
            f"基础数据：新增规则集 {report.rule_sets}、时限 {report.time_limits}、情形 {report.grounds}、"
            f"分类 {report.categories}、问题类别 {report.issue_types}；新加载日历年份：{years}"
        )
