"""The statutory lifecycle of a work order (工单) as one transition table.

Every (kind, state, action) has at most one legal transition; anything else is refused with
`IllegalTransition` — there is no permissive fallback. A transition declares who may take it, what it
requires, and what it does to each statutory clock (start / pause / resume / stop / extend).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from .errors import IllegalTransition
from .rules import ClockName, GroundKind


class Kind(StrEnum):
    CONSULTATION = "consultation"  # 咨询
    COMPLAINT = "complaint"  # 投诉
    REPORT = "report"  # 举报
    SUGGESTION = "suggestion"  # 建议


class Channel(StrEnum):
    HOTLINE = "hotline"  # 12315 热线
    WEB = "web"  # 全国12315平台（网站）
    APP = "app"  # 移动应用
    MINI_PROGRAM = "mini_program"  # 小程序
    LETTER = "letter"  # 信函
    WALK_IN = "walk_in"  # 来访
    TRANSFERRED_IN = "transferred_in"  # 外省转入


class State(StrEnum):
    REGISTERED = "registered"  # 登记
    DISPATCHED = "dispatched"  # 已分送
    RETURNED = "returned"  # 退回（非本单位管辖）
    IDENTITY_PENDING = "identity_pending"  # 待核验身份（限期提供身份证明材料）
    ACCEPTED = "accepted"  # 受理
    DECLINED = "declined"  # 不予受理
    MEDIATING = "mediating"  # 调解中
    MEDIATION_SUSPENDED = "mediation_suspended"  # 调解中止（检测鉴定等，不计入期限）
    AGREED = "agreed"  # 达成调解协议
    TERMINATED = "terminated"  # 终止调解
    VERIFYING = "verifying"  # 核查中
    CASE_OPENED = "case_opened"  # 立案
    CASE_NOT_OPENED = "case_not_opened"  # 不予立案
    REPORTER_INFORMED = "reporter_informed"  # 已告知举报人
    TRANSFERRED = "transferred"  # 已转外省12315
    MERGED = "merged"  # 已合并
    CLOSED = "closed"  # 办结


TERMINAL_STATES: Final = frozenset({State.CLOSED, State.TRANSFERRED, State.MERGED})


class Action(StrEnum):
    REGISTER = "register"  # 登记
    DISPATCH = "dispatch"  # 分送
    RETURN = "return"  # 退回
    REDISPATCH = "redispatch"  # 重新分送
    REQUEST_IDENTITY = "request_identity"  # 限期提供身份证明
    CONFIRM_IDENTITY = "confirm_identity"  # 身份核验通过
    ACCEPT = "accept"  # 受理
    DECLINE = "decline"  # 不予受理
    START_MEDIATION = "start_mediation"  # 开始调解
    SUSPEND_MEDIATION = "suspend_mediation"  # 中止调解（检测、鉴定、身份核验）
    REQUEST_RECUSAL = "request_recusal"  # 当事人申请回避，调解中止（第121号令第二十一条）
    RESUME_MEDIATION = "resume_mediation"  # 恢复调解
    REACH_AGREEMENT = "reach_agreement"  # 达成调解协议
    TERMINATE_MEDIATION = "terminate_mediation"  # 终止调解
    ANSWER = "answer"  # 解答（咨询、建议）
    START_VERIFICATION = "start_verification"  # 开始核查
    EXTEND_VERIFICATION = "extend_verification"  # 延长核查期限（经负责人批准）
    OPEN_CASE = "open_case"  # 立案
    DECLINE_CASE = "decline_case"  # 不予立案
    INFORM_REPORTER = "inform_reporter"  # 告知举报人
    TRANSFER_OUT = "transfer_out"  # 转外省12315
    MERGE = "merge"  # 合并相关举报
    DISMISS_REPEAT = "dismiss_repeat"  # 重复举报，不再处理（第121号令第三十五条）
    SETTLE_ONLINE = "settle_online"  # 经营者与消费者在线和解（ODR）后办结
    SPLIT_MIXED = "split_mixed"  # 混合诉求拆分，投诉、举报分别处理（第121号令第九条）
    # Joint complaints after registration (共同投诉, Order 121 Art. 12): the parties and the requests change in place.
    ADD_CO_COMPLAINANT = "add_co_complainant"  # 增加共同投诉人
    REMOVE_CO_COMPLAINANT = "remove_co_complainant"  # 减少共同投诉人（须说明原因）
    ELECT_REPRESENTATIVES = "elect_representatives"  # 重新推选代表人（书面推选）
    CHANGE_CLAIMS = "change_claims"  # 变更或者放弃投诉请求
    CLOSE = "close"  # 办结


class Role(StrEnum):
    AGENT = "agent"  # 话务员
    SHIFT_SUPERVISOR = "shift_supervisor"  # 值班长
    UNIT_HANDLER = "unit_handler"  # 承办人
    UNIT_LEADER = "unit_leader"  # 单位负责人（审批）
    CENTER_MANAGER = "center_manager"  # 中心管理人员
    ANALYST = "analyst"  # 分析员
    ADMINISTRATOR = "administrator"  # 系统管理员


class Requirement(StrEnum):
    """What a transition needs before it may be taken."""

    HANDLING_UNIT = "handling_unit"  # 承办单位
    NOTE = "note"  # 说明
    GROUND = "ground"  # 法定情形
    AMOUNT_RECOVERED = "amount_recovered"  # 挽回经济损失
    APPROVER = "approver"  # 审批人
    TRANSFER_DESTINATION = "transfer_destination"  # 接收的外省12315
    MERGE_TARGET = "merge_target"  # 合并到的工单
    ANONYMOUS_REPORTER = "anonymous_reporter"  # 仅匿名举报可不告知即办结
    NOT_YET_EXTENDED = "not_yet_extended"  # 只能延长一次
    ODR_SETTLED = "odr_settled"  # 经营者在线和解（ODR）且消费者已接受其处理方案
    RETURN_REASON = "return_reason"  # 退回原因（第121号令第四十一条）
    JOINT_CONSENT = "joint_consent"  # 共同投诉：被代表的投诉人同意（第121号令第十二条）
    COUNTERPART = "counterpart"  # 拆分出的另一件诉求（举报或投诉）的内容
    NOT_YET_SPLIT = "not_yet_split"  # 只能拆分一次
    # Who joins, who leaves, who represents whom: structured input only the joint-complainant services take.
    JOINT_COMPLAINANTS = "joint_complainants"  # 共同投诉人的变更（增加或减少的投诉人、推选的代表人）
    JOINT_COMPLAINT = "joint_complaint"  # 须为共同投诉（两名以上投诉人）
    CLAIMS = "claims"  # 变更后的投诉请求及变更方式（变更或者部分放弃）


class ClockEffect(StrEnum):
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    EXTEND = "extend"


# Requirements on facts recorded outside the work order that nothing typed into the action's form can supply:
# while one is unmet the action is not offered at all (no button, not among the API's available actions), and the
# service still refuses it (requirement_missing) if it is asked for.
OFFER_GATES: Final = frozenset({Requirement.ODR_SETTLED})

CENTER_ROLES: Final = frozenset({Role.AGENT, Role.SHIFT_SUPERVISOR, Role.CENTER_MANAGER})
UNIT_ROLES: Final = frozenset({Role.UNIT_HANDLER, Role.UNIT_LEADER})
LEADER_ONLY: Final = frozenset({Role.UNIT_LEADER})

ALL_CLOCKS: Final = tuple(ClockName)


@dataclass(frozen=True, slots=True)
class Transition:
    kinds: frozenset[Kind]
    action: Action
    sources: frozenset[State]
    target: State
    roles: frozenset[Role]
    requires: frozenset[Requirement] = frozenset()
    ground_kind: GroundKind | None = None
    clocks: tuple[tuple[ClockName, ClockEffect], ...] = ()
    # Why a PAUSE pauses (a 不计入期限 situation): must be listed in the time-limit row's `paused_by`. None means
    # the chosen ground's code is the reason (中止调解 with a ground).
    pause_reason: str | None = None

    @property
    def clock_effects(self) -> Mapping[ClockName, ClockEffect]:
        return dict(self.clocks)


def _t(
    kinds: set[Kind],
    action: Action,
    sources: set[State],
    target: State,
    roles: frozenset[Role],
    requires: set[Requirement] | None = None,
    ground_kind: GroundKind | None = None,
    clocks: tuple[tuple[ClockName, ClockEffect], ...] = (),
    pause_reason: str | None = None,
) -> Transition:
    return Transition(
        frozenset(kinds),
        action,
        frozenset(sources),
        target,
        roles,
        frozenset(requires or ()),
        ground_kind,
        clocks,
        pause_reason,
    )


def _in_place(
    kinds: set[Kind],
    action: Action,
    states: frozenset[State],
    roles: frozenset[Role],
    requires: set[Requirement],
) -> tuple[Transition, ...]:
    """A step that records something about the item without moving it: one row per state, back to itself."""
    return tuple(_t(kinds, action, {state}, state, roles, requires) for state in sorted(states))


C, R, Q, S = Kind.COMPLAINT, Kind.REPORT, Kind.CONSULTATION, Kind.SUGGESTION
ANY_KIND: Final = {C, R, Q, S}
# A complaint waiting at the intake (before dispatch, or returned), and one a unit handles before its decision.
WAITING_AT_CENTER: Final = frozenset({State.REGISTERED, State.RETURNED})
OPEN_AT_UNIT: Final = frozenset(
    {
        State.DISPATCHED,
        State.IDENTITY_PENDING,
        State.ACCEPTED,
        State.MEDIATING,
        State.MEDIATION_SUSPENDED,
    }
)
_STOP_ALL = tuple((clock, ClockEffect.STOP) for clock in ALL_CLOCKS)
ACCEPT_CLOCK, MEDIATION_CLOCK = ClockName.ACCEPT_DECISION, ClockName.MEDIATION
RECUSAL_PAUSE: Final = "recusal_application"  # the `paused_by` code of a recusal application

# Registration starts the clocks that run from receipt: the decision on a complaint (Order 20 Art. 14,
# Order 121 Art. 15) and the verification of a report (《市场监督管理行政处罚程序规定》第十八条).
REGISTRATION_CLOCKS: Final[Mapping[Kind, tuple[ClockName, ...]]] = {
    C: (ACCEPT_CLOCK,),
    R: (ClockName.VERIFICATION,),
    Q: (),
    S: (),
}

TRANSITIONS: Final[tuple[Transition, ...]] = (
    # Intake → unit (分送) and back when the unit is not competent (退回, not passed on again).
    _t(
        {C, R},
        Action.DISPATCH,
        {State.REGISTERED},
        State.DISPATCHED,
        CENTER_ROLES,
        {Requirement.HANDLING_UNIT},
    ),
    # The unit reports back with a coded reason (Order 121 Art. 41); the note is needed when the reason's row
    # says so ("其他（须说明）").
    _t({C, R}, Action.RETURN, {State.DISPATCHED}, State.RETURNED, UNIT_ROLES, {Requirement.RETURN_REASON}),
    _t(
        {C, R},
        Action.REDISPATCH,
        {State.RETURNED},
        State.DISPATCHED,
        CENTER_ROLES,
        {Requirement.HANDLING_UNIT},
    ),
    # Complaint: identity verification before the decision does not count (Order 121 Art. 10).
    _t(
        {C},
        Action.REQUEST_IDENTITY,
        {State.DISPATCHED},
        State.IDENTITY_PENDING,
        UNIT_ROLES,
        {Requirement.NOTE},
        clocks=((ACCEPT_CLOCK, ClockEffect.PAUSE),),
    ),
    _t(
        {C},
        Action.CONFIRM_IDENTITY,
        {State.IDENTITY_PENDING},
        State.DISPATCHED,
        UNIT_ROLES,
        {Requirement.NOTE},
        clocks=((ACCEPT_CLOCK, ClockEffect.RESUME),),
    ),
    _t(
        {C},
        Action.ACCEPT,
        {State.DISPATCHED},
        State.ACCEPTED,
        UNIT_ROLES,
        clocks=((ACCEPT_CLOCK, ClockEffect.STOP), (MEDIATION_CLOCK, ClockEffect.START)),
    ),
    _t(
        {C},
        Action.DECLINE,
        {State.DISPATCHED, State.IDENTITY_PENDING},
        State.DECLINED,
        UNIT_ROLES,
        {Requirement.GROUND, Requirement.NOTE},
        GroundKind.DECLINE,
        clocks=((ACCEPT_CLOCK, ClockEffect.STOP),),
    ),
    _t({C}, Action.START_MEDIATION, {State.ACCEPTED}, State.MEDIATING, UNIT_ROLES),
    _t(
        {C},
        Action.SUSPEND_MEDIATION,
        {State.MEDIATING},
        State.MEDIATION_SUSPENDED,
        UNIT_ROLES,
        {Requirement.GROUND, Requirement.NOTE},
        GroundKind.SUSPEND,
        clocks=((MEDIATION_CLOCK, ClockEffect.PAUSE),),
    ),
    # A recusal application (申请回避) suspends mediation until it is decided (Order 121 Art. 21).
    _t(
        {C},
        Action.REQUEST_RECUSAL,
        {State.ACCEPTED, State.MEDIATING},
        State.MEDIATION_SUSPENDED,
        UNIT_ROLES,
        {Requirement.NOTE},
        clocks=((MEDIATION_CLOCK, ClockEffect.PAUSE),),
        pause_reason=RECUSAL_PAUSE,
    ),
    _t(
        {C},
        Action.RESUME_MEDIATION,
        {State.MEDIATION_SUSPENDED},
        State.MEDIATING,
        UNIT_ROLES,
        {Requirement.NOTE},
        clocks=((MEDIATION_CLOCK, ClockEffect.RESUME),),
    ),
    _t(
        {C},
        Action.REACH_AGREEMENT,
        {State.MEDIATING},
        State.AGREED,
        UNIT_ROLES,
        # A joint complaint settles only with the represented complainants' consent (Order 121 Art. 12).
        {Requirement.AMOUNT_RECOVERED, Requirement.NOTE, Requirement.JOINT_CONSENT},
        clocks=((MEDIATION_CLOCK, ClockEffect.STOP),),
    ),
    _t(
        {C},
        Action.TERMINATE_MEDIATION,
        {State.MEDIATING, State.MEDIATION_SUSPENDED},
        State.TERMINATED,
        UNIT_ROLES,
        {Requirement.GROUND, Requirement.NOTE},
        GroundKind.TERMINATE,
        clocks=((MEDIATION_CLOCK, ClockEffect.STOP), (ClockName.TERMINATION_NOTICE, ClockEffect.START)),
    ),
    # Settled directly with an enrolled business before dispatch (在线消费纠纷解决, Order 121 Art. 6): the center
    # closes it with the business's answer as the note; no unit decision is due any more. Only a complaint that
    # went through the ODR portal and whose consumer accepted the business's answer (ODR_SETTLED): any other
    # registered complaint is dispatched, or closed by a unit's decision.
    _t(
        {C},
        Action.SETTLE_ONLINE,
        {State.REGISTERED},
        State.CLOSED,
        CENTER_ROLES,
        # A joint complaint settles only with the represented complainants' consent (Art. 12), which the ODR portal
        # does not collect: the portal never offers one to the business (portal.services.odr).
        {Requirement.NOTE, Requirement.ODR_SETTLED, Requirement.JOINT_CONSENT},
        clocks=_STOP_ALL,
    ),
    _t({C}, Action.CLOSE, {State.DECLINED, State.AGREED}, State.CLOSED, UNIT_ROLES),
    _t(
        {C},
        Action.CLOSE,
        {State.TERMINATED},
        State.CLOSED,
        UNIT_ROLES,
        {Requirement.NOTE},
        clocks=((ClockName.TERMINATION_NOTICE, ClockEffect.STOP),),
    ),
    # Consultation and suggestion: answered by the agent and closed.
    _t({Q, S}, Action.ANSWER, {State.REGISTERED}, State.CLOSED, CENTER_ROLES, {Requirement.NOTE}),
    # Report: verify within 15 working days, once extended by 15 with approval (处罚程序规定第十八条).
    _t({R}, Action.START_VERIFICATION, {State.DISPATCHED}, State.VERIFYING, UNIT_ROLES),
    _t(
        {R},
        Action.EXTEND_VERIFICATION,
        {State.VERIFYING},
        State.VERIFYING,
        UNIT_ROLES,
        {Requirement.APPROVER, Requirement.NOTE, Requirement.NOT_YET_EXTENDED},
        clocks=((ClockName.VERIFICATION, ClockEffect.EXTEND),),
    ),
    _t(
        {R},
        Action.OPEN_CASE,
        {State.VERIFYING},
        State.CASE_OPENED,
        LEADER_ONLY,
        {Requirement.NOTE},
        clocks=((ClockName.VERIFICATION, ClockEffect.STOP), (ClockName.REPORTER_NOTICE, ClockEffect.START)),
    ),
    _t(
        {R},
        Action.DECLINE_CASE,
        {State.VERIFYING},
        State.CASE_NOT_OPENED,
        LEADER_ONLY,
        {Requirement.NOTE},
        clocks=((ClockName.VERIFICATION, ClockEffect.STOP), (ClockName.REPORTER_NOTICE, ClockEffect.START)),
    ),
    _t(
        {R},
        Action.INFORM_REPORTER,
        {State.CASE_OPENED, State.CASE_NOT_OPENED},
        State.REPORTER_INFORMED,
        UNIT_ROLES,
        {Requirement.NOTE},
        clocks=((ClockName.REPORTER_NOTICE, ClockEffect.STOP),),
    ),
    _t({R}, Action.CLOSE, {State.REPORTER_INFORMED}, State.CLOSED, UNIT_ROLES),
    _t(
        {R},
        Action.CLOSE,
        {State.CASE_OPENED, State.CASE_NOT_OPENED},
        State.CLOSED,
        UNIT_ROLES,
        {Requirement.ANONYMOUS_REPORTER},
        clocks=((ClockName.REPORTER_NOTICE, ClockEffect.STOP),),
    ),
    _t(
        {R},
        Action.MERGE,
        {State.REGISTERED, State.DISPATCHED, State.VERIFYING},
        State.MERGED,
        CENTER_ROLES | UNIT_ROLES,
        {Requirement.MERGE_TARGET, Requirement.NOTE},
        clocks=_STOP_ALL,
    ),
    # A repeated report — same reporter, same facts, same business — is not handled again (Order 121 Art. 35):
    # closed with a link to the report it repeats. (A re-report adding facts is merged instead: MERGE.)
    _t(
        {R},
        Action.DISMISS_REPEAT,
        {State.REGISTERED, State.DISPATCHED, State.VERIFYING},
        State.CLOSED,
        CENTER_ROLES | UNIT_ROLES,
        {Requirement.MERGE_TARGET, Requirement.NOTE},
        clocks=_STOP_ALL,
    ),
    # A filing that mixes a complaint and a report is handled separately under each procedure (Order 121 Art. 9):
    # the center splits it, before dispatch or when a unit returns it, into two linked items. The item itself
    # stays where it is; the counterpart is registered beside it (services/mixed.py).
    _t(
        {C, R},
        Action.SPLIT_MIXED,
        {State.REGISTERED},
        State.REGISTERED,
        CENTER_ROLES,
        {Requirement.COUNTERPART, Requirement.NOT_YET_SPLIT},
    ),
    _t(
        {C, R},
        Action.SPLIT_MIXED,
        {State.RETURNED},
        State.RETURNED,
        CENTER_ROLES,
        {Requirement.COUNTERPART, Requirement.NOT_YET_SPLIT},
    ),
    # Any kind: a business in another province goes to that province's 12315.
    _t(
        ANY_KIND,
        Action.TRANSFER_OUT,
        {State.REGISTERED, State.RETURNED},
        State.TRANSFERRED,
        CENTER_ROLES,
        {Requirement.TRANSFER_DESTINATION, Requirement.NOTE},
        clocks=_STOP_ALL,
    ),
    # A complaint's parties and requests while it is open (Order 121 Art. 12): the center while the item waits at
    # the intake, the handling unit until it decides (受理后调解中、中止); the item stays where it is and no clock
    # moves. Changing or dropping requests on a joint complaint needs the represented complainants' consent, like
    # an agreement (JOINT_CONSENT); dropping them all is a withdrawal (撤回投诉), ended by TERMINATE_MEDIATION on
    # its ground, not a step of its own (the service refuses it and says so).
    *(
        row
        for action, requires in (
            (Action.ADD_CO_COMPLAINANT, {Requirement.JOINT_COMPLAINANTS}),
            (
                Action.REMOVE_CO_COMPLAINANT,
                {Requirement.JOINT_COMPLAINANTS, Requirement.JOINT_COMPLAINT, Requirement.NOTE},
            ),
            (Action.ELECT_REPRESENTATIVES, {Requirement.JOINT_COMPLAINANTS, Requirement.JOINT_COMPLAINT}),
            (Action.CHANGE_CLAIMS, {Requirement.CLAIMS, Requirement.NOTE, Requirement.JOINT_CONSENT}),
        )
        for states, roles in ((WAITING_AT_CENTER, CENTER_ROLES), (OPEN_AT_UNIT, UNIT_ROLES))
        for row in _in_place({C}, action, states, roles, requires)
    ),
)


def _index() -> dict[tuple[Kind, State, Action], Transition]:
    table: dict[tuple[Kind, State, Action], Transition] = {}
    for transition in TRANSITIONS:
        for kind in transition.kinds:
            for source in transition.sources:
                key = (kind, source, transition.action)
                if key in table:  # pragma: no cover - guarded by a test
                    raise AssertionError(f"two transitions for {key}")
                table[key] = transition
    return table


_TABLE: Final = _index()


def plan_transition(kind: Kind, state: State, action: Action) -> Transition:
    """The single legal transition for `action` on a `kind` in `state`, or `IllegalTransition`."""
    try:
        return _TABLE[(kind, state, action)]
    except KeyError:
        raise IllegalTransition(
            f"{KIND_LABELS[kind]}工单在「{STATE_LABELS[state]}」状态下不能执行「{ACTION_LABELS[action]}」。"
        ) from None


def available_actions(kind: Kind, state: State) -> tuple[Action, ...]:
    return tuple(a for a in Action if (kind, state, a) in _TABLE)


KIND_LABELS: Final[Mapping[Kind, str]] = {
    Kind.CONSULTATION: "咨询",
    Kind.COMPLAINT: "投诉",
    Kind.REPORT: "举报",
    Kind.SUGGESTION: "建议",
}
CHANNEL_LABELS: Final[Mapping[Channel, str]] = {
    Channel.HOTLINE: "12315热线",
    Channel.WEB: "网站",
    Channel.APP: "移动应用",
    Channel.MINI_PROGRAM: "小程序",
    Channel.LETTER: "信函",
    Channel.WALK_IN: "来访",
    Channel.TRANSFERRED_IN: "外省转入",
}
STATE_LABELS: Final[Mapping[State, str]] = {
    State.REGISTERED: "已登记",
    State.DISPATCHED: "已分送",
    State.RETURNED: "已退回",
    State.IDENTITY_PENDING: "待核验身份",
    State.ACCEPTED: "已受理",
    State.DECLINED: "不予受理",
    State.MEDIATING: "调解中",
    State.MEDIATION_SUSPENDED: "调解中止",
    State.AGREED: "调解成功",
    State.TERMINATED: "终止调解",
    State.VERIFYING: "核查中",
    State.CASE_OPENED: "已立案",
    State.CASE_NOT_OPENED: "不予立案",
    State.REPORTER_INFORMED: "已告知举报人",
    State.TRANSFERRED: "已转外省",
    State.MERGED: "已合并",
    State.CLOSED: "已办结",
}
ACTION_LABELS: Final[Mapping[Action, str]] = {
    Action.REGISTER: "登记",
    Action.DISPATCH: "分送",
    Action.RETURN: "退回",
    Action.REDISPATCH: "重新分送",
    Action.REQUEST_IDENTITY: "限期提供身份证明",
    Action.CONFIRM_IDENTITY: "身份核验通过",
    Action.ACCEPT: "受理",
    Action.DECLINE: "不予受理",
    Action.START_MEDIATION: "开始调解",
    Action.SUSPEND_MEDIATION: "中止调解",
    Action.REQUEST_RECUSAL: "申请回避（中止调解）",
    Action.RESUME_MEDIATION: "恢复调解",
    Action.REACH_AGREEMENT: "达成调解协议",
    Action.TERMINATE_MEDIATION: "终止调解",
    Action.ANSWER: "解答",
    Action.START_VERIFICATION: "开始核查",
    Action.EXTEND_VERIFICATION: "延长核查期限",
    Action.OPEN_CASE: "立案",
    Action.DECLINE_CASE: "不予立案",
    Action.INFORM_REPORTER: "告知举报人",
    Action.TRANSFER_OUT: "转外省12315",
    Action.MERGE: "合并",
    Action.DISMISS_REPEAT: "重复举报不再处理",
    Action.SETTLE_ONLINE: "在线和解办结",
    Action.SPLIT_MIXED: "拆分混合诉求（分别处理）",
    Action.ADD_CO_COMPLAINANT: "增加共同投诉人",
    Action.REMOVE_CO_COMPLAINANT: "减少共同投诉人",
    Action.ELECT_REPRESENTATIVES: "重新推选代表人",
    Action.CHANGE_CLAIMS: "变更或者放弃投诉请求",
    Action.CLOSE: "办结",
}
ROLE_LABELS: Final[Mapping[Role, str]] = {
    Role.AGENT: "话务员",
    Role.SHIFT_SUPERVISOR: "值班长",
    Role.UNIT_HANDLER: "承办人",
    Role.UNIT_LEADER: "单位负责人",
    Role.CENTER_MANAGER: "中心管理人员",
    Role.ANALYST: "数据分析员",
    Role.ADMINISTRATOR: "系统管理员",
}
REQUIREMENT_LABELS: Final[Mapping[Requirement, str]] = {
    Requirement.HANDLING_UNIT: "请选择承办单位。",
    Requirement.NOTE: "请填写办理说明。",
    Requirement.GROUND: "请选择法定情形。",
    Requirement.AMOUNT_RECOVERED: "请填写挽回经济损失金额（元，可为0）。",
    Requirement.APPROVER: "请指定审批的单位负责人。",
    Requirement.TRANSFER_DESTINATION: "请填写接收的外省12315机构。",
    Requirement.MERGE_TARGET: "请指定合并到的（或所重复的）工单。",
    Requirement.ANONYMOUS_REPORTER: "实名举报须先告知举报人处理结果，方可办结。",
    Requirement.NOT_YET_EXTENDED: "核查期限已经延长过一次，不能再次延长。",
    Requirement.ODR_SETTLED: "只有经在线纠纷解决（ODR）由经营者答复、且消费者已接受处理方案的投诉，才能在线和解办结。",
    Requirement.RETURN_REASON: "请选择退回原因。",
    Requirement.JOINT_CONSENT: (
        "共同投诉须记录被代表的投诉人同意（《市场监督管理投诉举报处理办法》第十二条）：请逐一确认并说明同意的方式。"
    ),
    Requirement.COUNTERPART: "请填写拆分出的另一件诉求的事实与理由（投诉另须填写诉求）。",
    Requirement.NOT_YET_SPLIT: "该工单已经拆分过，关联的另一件工单已存在。",
    Requirement.JOINT_COMPLAINANTS: (
        "增加、减少共同投诉人或重新推选代表人须通过共同投诉人功能提交（工单页面「共同投诉人」，"
        "或 POST /api/v1/work-orders/{id}/co-complainants/、/representatives/）。"
    ),
    Requirement.JOINT_COMPLAINT: "只有两名以上投诉人的共同投诉才有代表人、才能减少共同投诉人。",
    Requirement.CLAIMS: "请填写变更后的投诉请求，并选择变更方式（变更或者放弃部分请求）。",
}
