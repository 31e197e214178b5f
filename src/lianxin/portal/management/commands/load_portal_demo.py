import os

from django.core.management.base import BaseCommand

from lianxin.portal.demo import portal_demo_load


class Command(BaseCommand):
    help = "加载网上投诉、在线纠纷解决、回访和公示的演示数据（在 load_demo 之后运行，可重复运行）"

    def handle(self, *args: object, **options: object) -> None:
        report = portal_demo_load(password=os.environ.get("LIANXIN_DEMO_PASSWORD") or None)
        self.stdout.write(
            f"网上演示数据：ODR 经营者 {report.businesses} 家、纠纷 {report.odr_cases} 件、评价 {report.ratings} 条、"
            f"回访任务 {report.callbacks} 条（已记录回访结果 {report.callbacks_recorded} 条）、"
            f"新公示投诉 {report.disclosed} 件。"
        )
        if report.accounts:
            who = "、".join(report.accounts)
            if report.generated_password:
                self.stdout.write(
                    f"ODR 经营者账号（{who}，登录 /odr/login/）的初始密码：{report.generated_password}  （只显示这一次）"
                )
            else:
                self.stdout.write(
                    f"ODR 经营者账号（{who}，登录 /odr/login/）的密码取自 LIANXIN_DEMO_PASSWORD。"
                )
