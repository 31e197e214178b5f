"""`lianxin roster plan|simulate`: plan a roster for named agents against a demand file, or replay one.

  roster plan --demand FILE.csv [--agents N] --weeks W [--aht S] [--target 0.8] [--within S] [--patience S]
              [--supervisors K] [--special] [--minus K] [--plus-percent X] [--time-limit S] [--workers 8]
              [--no-headcount] [--output ROSTER.json] [--save [--note TEXT]] [--json]
  roster simulate --roster ROSTER.json --demand FILE.csv [--aht S] [--within S] [--patience S] [--json]
  roster export --version ID [--xlsx FILE.xlsx] [--ics-dir DIR] [--json]

Without --agents, `plan` reads the active agents (skills, leave, day-off requests), the shift templates and the
labour rules from the database (built-in defaults are stored first if none are); with --agents N it plans N
anonymous agents with the built-in templates and rules. --save stores the plan as the next version of the
roster for that period (its id is printed; `export --version ID` publishes it).

The plan's JSON: status, shortfall (agent-half-hours below requirement), shortfall_by_interval, headcount_needed
(when short), violations (independent rule check, must be 0), assignments (agent, start, end), simulation.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.calendars.management.commandline import CommandInputInvalid, dumps, refuse
from lianxin.domain.errors import DomainError
from lianxin.workforce.exports import roster_ics_write, roster_xlsx_write
from lianxin.workforce.planning.demand import Demand, demand_read
from lianxin.workforce.planning.model import DEFAULT_TEMPLATES, SPECIAL_PERIOD_RULES, LabourRules
from lianxin.workforce.planning.pipeline import (
    PlanOptions,
    assignments_from_json,
    plan_from_demand,
    simulation_payload,
    synthetic_agents,
)
from lianxin.workforce.planning.simulation import simulate_roster
from lianxin.workforce.selectors import (
    carry_in_assignments,
    labour_rules,
    planning_agents,
    planning_templates,
    roster_sheet,
)
from lianxin.workforce.services import roster_version_save, workforce_defaults_ensure


class Command(BaseCommand):
    help = "排班：按来电量文件为具名坐席排班（OR-Tools CP-SAT），或用 SimPy 模拟一份排班的服务水平。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        plan = sub.add_parser("plan", help="排班")
        plan.add_argument("--demand", required=True, help="来电量 CSV（start, calls）")
        plan.add_argument("--agents", type=int, help="坐席人数（不给出时使用数据库中的在岗坐席）")
        plan.add_argument("--weeks", type=int, default=1, help="排班周数")
        plan.add_argument("--supervisors", type=int, default=0, help="其中值班长人数（每个时段至少一名）")
        plan.add_argument("--special", action="store_true", help="特殊时期：取消休假、每周最多 6 天 48 小时")
        plan.add_argument("--minus", type=int, default=0, help="假设：减少 k 名坐席")
        plan.add_argument("--plus-percent", type=float, default=0.0, help="假设：来电量增加 x%%")
        plan.add_argument("--time-limit", type=float, default=60.0, help="求解时限（秒）")
        plan.add_argument("--workers", type=int, default=8, help="CP-SAT 线程数（默认 8）")
        plan.add_argument(
            "--no-headcount", action="store_true", help="有缺口时不测算满足需求所需人数（省去这一步求解）"
        )
        plan.add_argument(
            "--shift-design",
            action="store_true",
            help="由程序在劳动规则的上下限内选择上班时间（班次设计），而不是使用固定班次",
        )
        plan.add_argument("--output", help="把排班写入 JSON 文件（供 roster simulate 使用）")
        plan.add_argument("--save", action="store_true", help="把排班保存为该周期排班表的新版本")
        plan.add_argument("--note", default="", help="版本说明（与 --save 一起使用）")
        simulate = sub.add_parser("simulate", help="模拟")
        simulate.add_argument("--roster", required=True, help="roster plan 输出的 JSON")
        simulate.add_argument("--demand", required=True, help="来电量 CSV（start, calls）")
        simulate.add_argument("--replications", type=int, default=10)
        export = sub.add_parser("export", help="导出")
        export.add_argument(
            "--version", type=int, required=True, help="排班版本编号（roster plan --save 给出）"
        )
        export.add_argument("--xlsx", help="导出 Excel 排班表（坐席 × 日期）")
        export.add_argument("--ics-dir", help="每名坐席导出一个 iCalendar 文件到此目录")
        export.add_argument("--json", action="store_true", help="输出 JSON")
        for each in (plan, simulate):
            each.add_argument("--aht", type=float, default=300.0, help="平均处理时长（秒），默认 300")
            each.add_argument("--target", type=float, default=0.8, help="目标接通率，默认 0.8")
            each.add_argument("--within", type=float, default=20.0, help="接通时限（秒），默认 20")
            each.add_argument("--patience", type=float, help="平均耐心时长（秒）：按 Erlang A 测算并模拟放弃")
            each.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = bool(options["json"])
        try:
            if options["action"] == "export":
                payload = self._export(options)
            else:
                demand = demand_read(Path(options["demand"]))
                payload = (
                    self._plan(demand, options)
                    if options["action"] == "plan"
                    else self._simulate(demand, options)
                )
        except DomainError as error:
            refuse(self, error, as_json=as_json)
        if as_json:
            self.stdout.write(dumps(payload))
        else:
            self._write_text(payload)

    def _plan(self, demand: Demand, options: dict[str, Any]) -> dict[str, Any]:
        weeks = options["weeks"]
        if weeks <= 0:
            raise CommandInputInvalid("周数必须大于 0。")
        days = weeks * 7
        special = bool(options["special"])
        if options["agents"] is None:
            workforce_defaults_ensure()
            agents = planning_agents(demand.starts_at.date(), days)
            if options["minus"]:
                agents = agents[: max(0, len(agents) - options["minus"])]
            templates = planning_templates()
            rules = labour_rules(special_period=special)
            if not agents:
                raise CommandInputInvalid(
                    "数据库中没有在岗坐席：请在管理后台登记坐席，或用 --agents N 指定人数。"
                )
        else:
            count = options["agents"] - options["minus"]
            if count <= 0:
                raise CommandInputInvalid("坐席人数必须大于 0。")
            if options["save"]:
                raise CommandInputInvalid("--save 只能保存数据库中具名坐席的排班：请去掉 --agents。")
            agents = synthetic_agents(count, options["supervisors"])
            templates = DEFAULT_TEMPLATES
            rules = SPECIAL_PERIOD_RULES if special else LabourRules()
            if options["supervisors"] == 0:
                rules = replace(rules, skill_minimums={})
        plan_options = PlanOptions(
            weeks=weeks,
            aht_seconds=options["aht"],
            target=options["target"],
            within_seconds=options["within"],
            patience_seconds=options["patience"],
            calls_factor=1 + options["plus_percent"] / 100,
            special_period=special,
            time_limit_seconds=options["time_limit"],
            workers=options["workers"],
            headcount=not options["no_headcount"],
            shift_design=bool(options["shift_design"]),
        )
        # Named agents: the previous stored roster's last shifts carry in (synthetic agents have none).
        carry_in = carry_in_assignments(demand.starts_at.date()) if options["agents"] is None else ()
        payload = plan_from_demand(
            demand,
            agents=agents,
            options=plan_options,
            rules=rules,
            templates=templates,
            carry_in=carry_in,
        )
        if options["save"]:
            version = roster_version_save(
                starts_on=demand.starts_at.date(),
                days=days,
                assignments=assignments_from_json(payload),
                summary=payload,
                inputs={
                    "demand": {
                        "file": Path(options["demand"]).name,
                        "starts_at": demand.starts_at.isoformat(),
                        "interval_minutes": demand.interval_minutes,
                        "calls": list(demand.calls[: days * 1440 // demand.interval_minutes]),
                    },
                    "options": asdict(plan_options),
                    "agents": [agent.key for agent in agents],
                    "templates": [
                        {
                            "code": t.code,
                            "start": t.start.isoformat(),
                            "minutes": t.minutes,
                            "night": t.is_night,
                        }
                        for t in templates
                    ],
                },
                note=options["note"],
            )
            payload["version"] = {"id": version.pk, "number": version.number}
        if options["output"]:
            Path(options["output"]).write_text(dumps(payload), encoding="utf-8")
        return payload

    def _export(self, options: dict[str, Any]) -> dict[str, Any]:
        if not options["xlsx"] and not options["ics_dir"]:
            raise CommandInputInvalid("请给出 --xlsx 文件或 --ics-dir 目录。")
        sheet = roster_sheet(options["version"])
        payload: dict[str, Any] = {"version": sheet.version_id, "assignments": len(sheet.assignments)}
        try:
            if options["xlsx"]:
                roster_xlsx_write(sheet, Path(options["xlsx"]))
                payload["xlsx"] = options["xlsx"]
            if options["ics_dir"]:
                payload["ics"] = [str(p) for p in roster_ics_write(sheet, Path(options["ics_dir"]))]
        except OSError as error:
            raise CommandInputInvalid(f"无法写入导出文件：{error}") from None
        return payload

    def _simulate(self, demand: Demand, options: dict[str, Any]) -> dict[str, Any]:
        try:
            document = json.loads(Path(options["roster"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandInputInvalid(f"无法读取排班文件：{error}") from None
        assignments = assignments_from_json(document)
        report = simulate_roster(
            assignments,
            starts_at=demand.starts_at,
            calls=list(demand.calls),
            interval_minutes=demand.interval_minutes,
            aht_seconds=options["aht"],
            within_seconds=options["within"],
            patience_seconds=options["patience"],
            replications=options["replications"],
        )
        return {"simulation": simulation_payload(report, demand.interval_minutes)}

    def _write_text(self, payload: dict[str, Any]) -> None:
        if "simulation" not in payload:  # export
            self.stdout.write(f"已导出排班版本 #{payload['version']}（{payload['assignments']} 个班次）")
            if "xlsx" in payload:
                self.stdout.write(f"Excel　{payload['xlsx']}")
            if "ics" in payload:
                self.stdout.write(f"iCalendar　{len(payload['ics'])} 个文件")
            return
        if "status" in payload:
            self.stdout.write(f"求解状态　{payload['status']}（用时 {payload['solve_seconds']:.1f} 秒）")
            self.stdout.write(
                f"班次　　　{len(payload['assignments'])} 个；劳动规则违例 {payload['violations']} 处"
            )
            proof = (
                "已证明最少"
                if payload["is_proven"]
                else f"未证明最少，已证明下界 {payload['shortfall_lower_bound']}"
            )
            self.stdout.write(f"缺口　　　{payload['shortfall']} 人·半小时（{proof}）")
            if payload.get("shift_design"):
                self.stdout.write(f"班次设计　{'、'.join(payload['shift_types'])}")
            if not payload.get("carry_in_shifts"):
                self.stdout.write("首夜　　　没有上一期排班可接续：开头的夜间时段按无人值守计入缺口")
            if payload.get("version"):
                self.stdout.write(
                    f"已保存　　排班版本 #{payload['version']['id']}（第 {payload['version']['number']} 版）"
                )
            if payload.get("headcount_needed"):
                needed = payload["headcount_needed"]
                proof = "已证明最少" if needed["is_proven"] else "未证明最少"
                self.stdout.write(f"满足需求所需人数　{needed['agents']}（{proof}）")
        simulation = payload["simulation"]
        level = simulation["service_level"]
        self.stdout.write(
            f"模拟接通率 {level['mean']:.3f}（95% 置信区间 {level['low']:.3f}–{level['high']:.3f}），"
            f"平均应答 {simulation['asa_seconds']['mean']:.1f} 秒，放弃率 {simulation['abandon_rate']['mean']:.3f}"
        )
