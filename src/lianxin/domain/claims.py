"""Changing or dropping a complaint's requests (变更或者放弃投诉请求, Order 121 Art. 12): what a change may be.

A complainant may change the requests (诉求) or drop part of them while the complaint is handled; on a joint
complaint that needs the represented complainants' consent (the step requires `Requirement.JOINT_CONSENT`, like an
agreement). Dropping every request is withdrawing the complaint: it ends on the withdrawal ground of termination
(投诉人撤回投诉, Art. 23(1)(1)), which the rule set marks as needing the same consent — never a second way to close.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from .errors import AllClaimsDropped
from .rules import GroundKind, RuleSet


class ClaimsChange(StrEnum):
    CHANGED = "changed"  # 变更投诉请求
    PARTLY_DROPPED = "partly_dropped"  # 放弃部分投诉请求
    ALL_DROPPED = "all_dropped"  # 放弃全部投诉请求（即撤回投诉：以终止调解办结，不是本步骤）


CLAIMS_CHANGE_LABELS: Final[Mapping[ClaimsChange, str]] = {
    ClaimsChange.CHANGED: "变更投诉请求",
    ClaimsChange.PARTLY_DROPPED: "放弃部分投诉请求",
    ClaimsChange.ALL_DROPPED: "放弃全部投诉请求（撤回投诉）",
}


def refuse_all_dropped(rule_set: RuleSet) -> AllClaimsDropped:
    """The refusal of a change that drops every request, naming the step and ground that end a withdrawal in this
    rule set: the termination ground whose row asks for the joint complainants' consent (撤回投诉或者和解)."""
    withdrawal = next(
        (g for g in rule_set.grounds_of(GroundKind.TERMINATE) if g.requires_joint_consent), None
    )
    where = f"「{withdrawal.label}」（{withdrawal.citation}）" if withdrawal else "投诉人撤回投诉的情形"
    return AllClaimsDropped(
        f"放弃全部投诉请求即撤回投诉，不作为变更处理：请在调解中执行「终止调解」，选择{where}；"
        "共同投诉的撤回同样须记录被代表的投诉人同意（《市场监督管理投诉举报处理办法》第十二条）。",
        fields={"claims_change": ["全部放弃请以「终止调解（撤回投诉）」办理。"]},
    )
