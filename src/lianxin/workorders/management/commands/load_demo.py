import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianxin.domain.workflow import STATE_LABELS, State
from lianxin.workorders.demo import DEFAULT_SEED, demo_load


class Command(BaseCommand):
    help = "加载演示数据：演示单位、各角色演示用户和数百条工单（可重复运行，不会重复创建）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=300, help="演示工单总数（默认300）")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子，相同种子生成相同数据")

    def handle(self, *args: object, **options: object) -> None:
        count = int(options["count"])  # type: ignore[call-overload]
        seed = int(options["seed"])  # type: ignore[call-overload]
        password = os.environ.get("LIANXIN_DEMO_PASSWORD") or None
        if password:
            try:
                validate_password(password)
            except ValidationError as error:
                raise CommandError("LIANXIN_DEMO_PASSWORD 不符合密码要求：" + "；".join(error.messages)) from error
        report = demo_load(count=count, seed=seed, password=password)
        states = "，".join(
            f"{STATE_LABELS[State(state)]} {number}" for state, number in report.states.most_common()
        )
        self.stdout.write(
            f"演示数据：新建单位 {report.units_created} 个、用户 {report.users_created} 个、"
            f"工单 {report.work_orders_created} 件（用时 {report.seconds:.1f} 秒）。"
        )
        if states:
            self.stdout.write(f"新工单状态：{states}。")
        if report.users_created and password:
            self.stdout.write(
                "演示用户（demo_agent、demo_handler_yanta 等）的密码取自 LIANXIN_DEMO_PASSWORD。"
            )
        elif report.generated_password:
            self.stdout.write(
                "演示用户（demo_agent、demo_supervisor、demo_handler_yanta、demo_leader_yanta、demo_manager、"
                f"demo_analyst、demo_administrator 等）的初始密码：{report.generated_password}  （只显示这一次）"
            )
