"""The state mix of the demo work orders, and the transitions that bring each one to its state.

A "path" names where a work order ends up (e.g. "agreed_closed"); young and old work orders draw their path from
different weights, so recent items are mostly still open and older ones mostly closed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from lianxin.domain.workflow import Action, Channel, Kind

from . import content
from .organisation import COUNTIES, DemoUnit


@dataclass(frozen=True, slots=True)
class DemoStep:
    """One transition to take, naming the actor, unit and approver by demo key rather than by id."""

    action: Action
    actor: str
    note: str = ""
    ground_code: str = ""
    amount_recovered: Decimal | None = None
    unit: str | None = None
    approver: str | None = None
    transfer_destination: str = ""
    return_reason: str = ""
    suggested_unit: str | None = None


COMPLAINT_PATHS_YOUNG = {  # received within the last week
    "registered": 4,
    "dispatched": 30,
    "identity_pending": 3,
    "returned": 4,
    "redispatched": 3,
    "accepted": 16,
    "mediating": 14,
    "suspended": 2,
    "agreed": 10,
    "declined": 6,
    "terminated": 2,
    "transferred": 3,
}
COMPLAINT_PATHS_OLD = {
    "registered": 0,
    "dispatched": 6,
    "identity_pending": 2,
    "returned": 2,
    "redispatched": 2,
    "accepted": 5,
    "mediating": 18,
    "suspended": 3,
    "agreed": 16,
    "agreed_closed": 20,
    "declined": 4,
    "declined_closed": 8,
    "terminated": 5,
    "terminated_closed": 8,
    "transferred": 3,
}
REPORT_PATHS_YOUNG = {"registered": 3, "dispatched": 10, "verifying": 12, "transferred": 1}
REPORT_PATHS_OLD = {
    "dispatched": 2,
    "verifying": 8,
    "extended": 5,
    "case_opened": 4,
    "case_not_opened": 3,
    "informed": 5,
    "closed": 8,
    "transferred": 1,
}
KIND_WEIGHTS = {Kind.COMPLAINT: 52, Kind.CONSULTATION: 30, Kind.REPORT: 15, Kind.SUGGESTION: 3}
CHANNEL_WEIGHTS = {
    Channel.HOTLINE: 55,
    Channel.WEB: 18,
    Channel.MINI_PROGRAM: 11,
    Channel.APP: 8,
    Channel.WALK_IN: 5,
    Channel.LETTER: 3,
}


def _transfer_out(registrar: str, destination: str, *, party: str) -> tuple[DemoStep, ...]:
    """A business outside Shaanxi: the center hands the item to that province's 12315 (属地管辖)."""
    note = f"{party}位于外省，按属地管辖转{destination}处理。"
    return (DemoStep(Action.TRANSFER_OUT, registrar, note=note, transfer_destination=destination),)


def complaint_steps(
    rng: random.Random,
    path: str,
    registrar: str,
    county: DemoUnit | None,
    destination: str,
    amount: Decimal,
    scenario: content.ComplaintScenario,
) -> tuple[DemoStep, ...]:
    """The transitions that take a complaint along `path` (a key of the complaint state mix)."""
    if path == "registered":
        return ()
    if path == "transferred":
        return _transfer_out(registrar, destination, party="被投诉人")
    assert county is not None  # noqa: S101 - only transfers have no county
    handler, leader = f"demo_handler_{county.key}", f"demo_leader_{county.key}"
    if path in ("returned", "redispatched"):
        wrong = rng.choice([c for c in COUNTIES if c.key != county.key])
        steps = [
            DemoStep(Action.DISPATCH, registrar, unit=wrong.key),
            DemoStep(
                Action.RETURN,
                f"demo_handler_{wrong.key}",
                note=f"经核实，被投诉人经营地址位于{county.place.removeprefix('陕西省')}，"
                "不属于本单位管辖，退回重新分送。",
                return_reason="not_competent",
                suggested_unit=county.key,
            ),
        ]
        if path == "redispatched":
            steps.append(DemoStep(Action.REDISPATCH, registrar, unit=county.key))
        return tuple(steps)
    steps = [DemoStep(Action.DISPATCH, registrar, unit=county.key)]
    if path == "dispatched":
        return tuple(steps)
    if path == "identity_pending":
        steps.append(DemoStep(Action.REQUEST_IDENTITY, handler, note="已通知投诉人限期提供身份证明材料。"))
        return tuple(steps)
    if path.startswith("declined"):
        ground, note = rng.choice(content.DECLINES)
        steps.append(DemoStep(Action.DECLINE, handler, note=note, ground_code=ground))
        if path == "declined_closed":
            steps.append(DemoStep(Action.CLOSE, handler))
        return tuple(steps)
    steps.append(DemoStep(Action.ACCEPT, handler, note="材料齐全，依法受理。"))
    if path == "accepted":
        return tuple(steps)
    steps.append(DemoStep(Action.START_MEDIATION, handler, note="已通知双方调解时间和地点。"))
    if path == "suspended":
        steps.append(
            DemoStep(
                Action.SUSPEND_MEDIATION,
                handler,
                ground_code="testing_appraisal",
                note="双方同意送检，检测期间不计入调解期限。",
            )
        )
    elif path.startswith("agreed"):
        negotiated = Decimal(rng.choice((100, 90, 80, 60, 50))) / 100
        multiple = negotiated if scenario.price_multiple is None else scenario.price_multiple
        recovered = (amount * multiple + scenario.compensation).quantize(Decimal("0.01"))
        steps.append(
            DemoStep(
                Action.REACH_AGREEMENT,
                handler,
                note="经调解，" + scenario.resolution.format(recovered=f"{recovered:,.2f}"),
                amount_recovered=recovered,
            )
        )
        if path == "agreed_closed":
            steps.append(DemoStep(Action.CLOSE, handler, note="调解协议已履行。"))
    elif path.startswith("terminated"):
        ground, note = rng.choice(content.TERMINATIONS)
        steps.append(DemoStep(Action.TERMINATE_MEDIATION, handler, note=note, ground_code=ground))
        if path == "terminated_closed":
            steps.append(DemoStep(Action.CLOSE, leader, note="已书面告知双方终止调解。"))
    return tuple(steps)


def report_steps(
    rng: random.Random,
    path: str,
    registrar: str,
    county: DemoUnit | None,
    destination: str,
    *,
    is_anonymous: bool,
    finding: str,
) -> tuple[DemoStep, ...]:
    """The transitions that take a report along `path` (a key of the report state mix)."""
    if path == "registered":
        return ()
    if path == "transferred":
        return _transfer_out(registrar, destination, party="被举报人")
    assert county is not None  # noqa: S101 - only transfers have no county
    handler, leader = f"demo_handler_{county.key}", f"demo_leader_{county.key}"
    steps = [DemoStep(Action.DISPATCH, registrar, unit=county.key)]
    if path != "dispatched":
        steps.append(DemoStep(Action.START_VERIFICATION, handler, note="已安排执法人员现场核查。"))
    if path == "extended":
        steps.append(
            DemoStep(
                Action.EXTEND_VERIFICATION,
                handler,
                approver=leader,
                note="情况复杂，经负责人批准延长核查期限十五个工作日。",
            )
        )
    if path in ("case_opened", "case_not_opened", "informed", "closed"):
        if rng.random() < 0.55:
            steps.append(DemoStep(Action.OPEN_CASE, leader, note=f"经核查，{finding}，决定立案。"))
        else:
            steps.append(
                DemoStep(Action.DECLINE_CASE, leader, note="经核查，未发现举报所称违法行为，决定不予立案。")
            )
        if path in ("informed", "closed") and not is_anonymous:
            steps.append(DemoStep(Action.INFORM_REPORTER, handler, note="已电话告知举报人处理结果。"))
        if path == "closed":
            steps.append(DemoStep(Action.CLOSE, handler))
    return tuple(steps)
