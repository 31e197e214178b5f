"""`lianxin staffing --calls N --interval 30 --aht S --target 0.8 --within S [--patience S] [--agents N] [--json]`.

Without --agents: the fewest agents that meet the target (Erlang C, or Erlang A with --patience) and their figures.
With --agents: the figures for that many agents. JSON keys: agents, service_level, asa_seconds, occupancy,
abandon_rate (plus traffic_erlangs, scheduled_agents after --shrinkage, and the service-level basis).
"""

from __future__ import annotations

import math
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lianxin.calendars.management.commandline import dumps, refuse
from lianxin.domain.errors import DomainError
from lianxin.domain.staffing import (
    SERVICE_LEVEL_BASIS_LABELS,
    Interval,
    Performance,
    ServiceLevelBasis,
    Target,
    agents_needed,
    performance,
    scheduled_agents,
)


class Command(BaseCommand):
    help = "按 Erlang C（或给出平均耐心时长时按 Erlang A）测算一个时段需要的坐席数、接通率、平均应答时间、占用率和放弃率。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--calls", type=float, required=True, help="时段内来电量")
        parser.add_argument("--interval", type=float, default=30.0, help="时段长度（分钟），默认 30")
        parser.add_argument("--aht", type=float, required=True, help="平均处理时长 AHT（秒）")
        parser.add_argument("--target", type=float, default=0.8, help="目标接通率，默认 0.8")
        parser.add_argument("--within", type=float, default=20.0, help="接通时限（秒），默认 20")
        parser.add_argument(
            "--patience", type=float, help="来电者平均耐心时长（秒）；给出时按 Erlang A 计算放弃"
        )
        parser.add_argument("--agents", type=int, help="给定坐席数时，输出该人数下的指标")
        parser.add_argument("--max-occupancy", type=float, help="最高占用率，例如 0.85")
        parser.add_argument("--shrinkage", type=float, default=0.0, help="缩减率（休息、培训等），例如 0.3")
        parser.add_argument(
            "--basis",
            choices=[b.value for b in ServiceLevelBasis],
            default=ServiceLevelBasis.OFFERED.value,
            help="接通率口径：offered（全部来电，默认）/answered（已接通）/short_abandons_out（扣除阈值内放弃）",
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = bool(options["json"])
        basis = ServiceLevelBasis(options["basis"])
        try:
            interval = Interval(
                calls=options["calls"],
                interval_seconds=options["interval"] * 60.0,
                aht_seconds=options["aht"],
                patience_seconds=options["patience"],
            )
            target = Target(
                service_level=options["target"],
                within_seconds=options["within"],
                basis=basis,
                max_occupancy=options["max_occupancy"],
                shrinkage=options["shrinkage"],
            )
            if options["agents"] is not None:
                figures = performance(
                    interval, options["agents"], within_seconds=target.within_seconds, basis=basis
                )
            else:
                figures = agents_needed(interval, target)
            scheduled = scheduled_agents(figures.agents, target.shrinkage)
        except DomainError as error:
            refuse(self, error, as_json=as_json)
        if as_json:
            self.stdout.write(dumps(_payload(figures, scheduled, basis)))
        else:
            self._write_text(figures, scheduled, basis, options)

    def _write_text(
        self, figures: Performance, scheduled: int, basis: ServiceLevelBasis, options: dict
    ) -> None:
        model = "Erlang A" if options["patience"] else "Erlang C"
        self.stdout.write(f"话务量 {figures.traffic:.2f} Erl（{model}）")
        self.stdout.write(
            f"在线坐席　　{figures.agents}　（排班人数 {scheduled}，含缩减率 {options['shrinkage']:.0%}）"
        )
        self.stdout.write(
            f"接通率　　　{figures.service_level:.3f}　（{options['within']:g} 秒内，{SERVICE_LEVEL_BASIS_LABELS[basis]}）"
        )
        self.stdout.write(f"平均应答　　{_seconds(figures.asa_seconds)}")
        self.stdout.write(f"占用率　　　{figures.occupancy:.3f}")
        self.stdout.write(f"放弃率　　　{figures.abandon_rate:.3f}")


def _seconds(value: float) -> str:
    return "无穷（队列不稳定）" if math.isinf(value) else f"{value:.2f} 秒"


def _payload(figures: Performance, scheduled: int, basis: ServiceLevelBasis) -> dict[str, Any]:
    return {
        **{
            key: (None if isinstance(v, float) and math.isinf(v) else v)
            for key, v in figures.as_dict().items()
        },
        "traffic_erlangs": figures.traffic,
        "scheduled_agents": scheduled,
        "service_level_basis": basis.value,
    }
