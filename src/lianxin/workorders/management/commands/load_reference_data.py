from django.core.management.base import BaseCommand

from lianxin.workorders.services import reference_data_load
from lianxin.workorders.services.recompute import recompute_provisional_deadlines


class Command(BaseCommand):
    help = (
        "加载规则集、法定情形、投诉分类和工作日历（可重复执行，不覆盖管理员修改），"
        "并更新暂定或缺失的工单期限（如升级前登记、期限为空的工单）"
    )

    def handle(self, *args: object, **options: object) -> None:
        report = reference_data_load()
        years = ", ".join(map(str, report.calendar_years)) or "无新增"
        self.stdout.write(
            f"基础数据：新增规则集 {report.rule_sets}、时限 {report.time_limits}、情形 {report.grounds}、"
            f"分类 {report.categories}、问题类别 {report.issue_types}；新加载日历年份：{years}"
        )
        # Work orders registered before provisional dates existed (an empty due date and a reason) get theirs now;
        # a year loaded since the last start replaces provisional dates (also done at load time by the signal).
        deadlines = recompute_provisional_deadlines()
        if deadlines.changed:
            self.stdout.write(
                f"期限：更新 {deadlines.changed} 件；暂定 {deadlines.still_provisional} 件；"
                f"无法计算 {deadlines.still_unknown} 件。"
            )
