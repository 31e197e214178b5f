"""`lianxin cti token create NAME [--json]`, `cti token revoke NAME`, `cti token list`, and `cti simulate …`.

The token is printed once (only its digest is stored): configure the PBX with `POST /api/v1/cti/<token>`.
`cti simulate` drives the real CTI endpoint as a PBX would, with simulated agents answering through the API;
see `lianxin.intake.simulator`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.calendars.management.commandline import dumps, refuse
from lianxin.domain.errors import DomainError
from lianxin.intake.models import PbxToken
from lianxin.intake.services import pbx_token_create, pbx_token_revoke


class Command(BaseCommand):
    help = "CTI：交换机令牌（创建、吊销、列出）与来电模拟器。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="area", required=True)
        token = sub.add_parser("token", help="交换机令牌")
        token_sub = token.add_subparsers(dest="action", required=True)
        create = token_sub.add_parser("create", help="为一台交换机创建令牌（只显示一次）")
        create.add_argument("name", help="交换机名称")
        create.add_argument("--json", action="store_true")
        revoke = token_sub.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("name", help="交换机名称")
        revoke.add_argument("--json", action="store_true")
        listing = token_sub.add_parser("list", help="列出令牌")
        listing.add_argument("--json", action="store_true")
        call = sub.add_parser(
            "call", help="向运行中的服务发送一通来电（演示弹屏）：newCall，可选若干秒后 hangup"
        )
        call.add_argument("--from", dest="from_number", required=True, help="来电号码")
        call.add_argument("--url", default="http://127.0.0.1:8000", help="服务地址")
        call.add_argument("--token", required=True, help="交换机令牌")
        call.add_argument(
            "--hangup-after", type=float, default=None, help="若干秒后发送挂机（normalClearing）"
        )
        call.add_argument("--json", action="store_true")
        simulate = sub.add_parser("simulate", help="模拟交换机来电与坐席接听，报告服务水平与弹屏延迟")
        from lianxin.intake.simulator import add_arguments

        add_arguments(simulate)

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = bool(options.get("json"))
        try:
            if options["area"] == "call":
                from lianxin.intake.simulator import single_call

                payload = single_call(
                    url=options["url"],
                    token=options["token"],
                    from_number=options["from_number"],
                    hangup_after=options["hangup_after"],
                )
                text = f"来电 {payload['call_id']}：{payload['answers']}"
            elif options["area"] == "simulate":
                from lianxin.intake.simulator import run_from_options

                payload = run_from_options(options)
                text = None
            else:
                payload, text = self._token(options)
        except DomainError as error:
            refuse(self, error, as_json=as_json)
        if as_json:
            self.stdout.write(dumps(payload))
        elif text is not None:
            self.stdout.write(text)
        else:
            from lianxin.intake.simulator import report_text

            self.stdout.write(report_text(payload))

    def _token(self, options: dict[str, Any]) -> tuple[dict[str, Any], str]:
        action = options["action"]
        if action == "create":
            token, raw = pbx_token_create(name=options["name"])
            payload = {"name": token.name, "token": raw, "endpoint": f"/api/v1/cti/{raw}"}
            return (
                payload,
                f"已创建交换机「{token.name}」的令牌（只显示这一次）：\n{raw}\n地址：/api/v1/cti/{raw}",
            )
        if action == "revoke":
            token = pbx_token_revoke(name=options["name"])
            return {"name": token.name, "is_revoked": True}, f"已吊销「{token.name}」的令牌。"
        rows = [
            {
                "name": t.name,
                "prefix": t.token_prefix,
                "is_revoked": t.is_revoked,
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            }
            for t in PbxToken.objects.all()
        ]
        lines = [f"{r['name']}\t{r['prefix']}…\t{'已吊销' if r['is_revoked'] else '有效'}" for r in rows]
        return {"tokens": rows}, "\n".join(lines) or "（没有令牌）"
