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
        self._intake_demo()
        self._list_users()
        if report.users_created and password:
            self.stdout.write(
                "演示用户（demo_agent、demo_handler_yanta 等）的密码取自 LIANXIN_DEMO_PASSWORD。"
            )
        elif report.generated_password:
            self.stdout.write(
                "演示用户（demo_agent、demo_supervisor、demo_handler_yanta、demo_leader_yanta、demo_manager、"
                f"demo_analyst、demo_administrator 等）的初始密码：{report.generated_password}  （只显示这一次）"
            )

    def _intake_demo(self) -> None:
        """The workstation's demo: seats 8001–8010, call history of the demo work orders, a blocked number."""
        from lianxin.accounts.models import User
        from lianxin.intake.demo import intake_demo_load

        registrars = list(User.objects.filter(username__in=["demo_agent", "demo_supervisor"]))
        supervisor = next((u for u in registrars if u.username == "demo_supervisor"), None)
        result = intake_demo_load(registrars=registrars, supervisor=supervisor)
        self.stdout.write(
            f"坐席工作台：新建坐席 {result['seats_created']} 个（分机 8001–8010）、来电记录 {result['calls_created']} 条，"
            "黑名单演示号码 13800138000。"
        )
        if result["pbx_token"]:
            self.stdout.write(
                f"演示交换机令牌（只显示这一次）：{result['pbx_token']}  → POST /api/v1/cti/<令牌>"
            )
        if result["sample_caller"]:
            token = result["pbx_token"] or "<令牌>"
            self.stdout.write(
                "演示弹屏：以 demo_agent 登录工作台、签入分机 8001 后运行 "
                f"./lianxin cti call --from {result['sample_caller']} --token {token}"
            )

    def _list_users(self) -> None:
        from lianxin.domain.workflow import ROLE_LABELS, Role
        from lianxin.workorders.demo.organisation import demo_people

        self.stdout.write("演示用户（用户名 · 角色 · 姓名）：")
        for person in demo_people():
            self.stdout.write(
                f"  {person.username:<24} {ROLE_LABELS[Role(person.role)]:<8} {person.full_name}"
            )
