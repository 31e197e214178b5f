"""The steps a handler can take on one work order, each as a form asking exactly what the step requires:
the grounds of the rule set in force for that item, a note, an amount, a deadline (from the transition table)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django import forms

from lianxin.accounts.models import OrgUnit, UnitKind, User
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.domain.claims import CLAIMS_CHANGE_LABELS, ClaimsChange
from lianxin.domain.errors import CalendarYearNotLoaded, DomainError
from lianxin.domain.joint_complaints import represented
from lianxin.domain.rules import GroundKind
from lianxin.domain.text_limits import CLAIMS_MAX
from lianxin.domain.workflow import (
    ACTION_LABELS,
    REQUIREMENT_LABELS,
    Action,
    Kind,
    Requirement,
    Role,
    State,
    Transition,
    available_actions,
    plan_transition,
)
from lianxin.workorders.facts import transition_offered
from lianxin.workorders.models import MediationMethod, WorkOrder
from lianxin.workorders.permissions import can_act
from lianxin.workorders.selectors import rule_set_by_id
from lianxin.workorders.services import JointConsentInput, TransitionInput
from lianxin.workorders.services.joint import joint_complainants_of

# Steps taken elsewhere: by the center (merge, the split of a mixed filing), and — any step requiring
# JOINT_COMPLAINANTS — in the page's own 共同投诉人 panel (web/joint_complainants.py: who joins, leaves or
# represents). Steps that need a leader's approval (Requirement.APPROVER) are offered as approval requests
# (`approvals.py`), decided in the leader's queue.
NOT_HERE = frozenset({Action.MERGE, Action.SPLIT_MIXED})
# Steps that change the outcome for the consumer: the button asks for confirmation.
IDENTITY_PROOF_WORKDAYS = (
    5  # the default date offered in the identity-proof notice (the handler may change it)
)


class ActionForm(forms.Form):
    """Fields are added per step; a bound form carries the step's inline errors."""

    note = forms.CharField(label="办理说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ApprovalRequestForm(forms.Form):
    """Asking the unit leader to approve a step: the reason is required (the leader decides on it)."""

    note = forms.CharField(label="申请理由", widget=forms.Textarea(attrs={"rows": 3}))


# The service's field names that the step forms show under another name.
_FORM_FIELD = {"joint_consent": "consented"}


def form_add_domain_error(
    form: forms.Form, error: DomainError, names: Mapping[str, str] = _FORM_FIELD
) -> None:
    """The service's errors inline on the form: per field where the form has the field (`names`: the service's
    field names the form calls otherwise); otherwise the service's full Chinese message (it explains the rule,
    e.g. why an extension can no longer be asked)."""
    elsewhere = not error.fields
    for name, errors in error.fields.items():
        field = names.get(name, name)
        if field not in form.fields:
            elsewhere = True
            continue
        for message in errors:
            form.add_error(field, message)
    if elsewhere:
        form.add_error(None, error.handler_message)


def needs_approval(step: Transition) -> bool:
    return Requirement.APPROVER in step.requires


def _return_units(work_order: WorkOrder) -> list[tuple[str, str]]:
    """The units a returning unit may name as competent: every handling unit but itself."""
    kinds = [UnitKind.COUNTY_BUREAU, UnitKind.CITY_BUREAU, UnitKind.ZONE_BUREAU, UnitKind.PROVINCE_BUREAU]
    units = OrgUnit.objects.filter(is_active=True, kind__in=kinds).exclude(pk=work_order.handling_unit_id)
    return [("", "（不确定，由12315中心判断）")] + [(str(u.pk), u.name) for u in units.order_by("path")]


def _consent_choices(work_order: WorkOrder) -> list[tuple[str, str]]:
    """The represented complainants of a joint complaint, each to be ticked as consenting (Order 121 Art. 12)."""
    return [(c.key, c.name) for c in represented(joint_complainants_of(work_order))]


def _needs_consent_field(step: Transition, work_order: WorkOrder) -> bool:
    if not work_order.is_joint_complaint:
        return False
    if Requirement.JOINT_CONSENT in step.requires:
        return True
    return step.ground_kind is not None and any(
        g.requires_joint_consent for g in rule_set_by_id(work_order.rule_set_id).grounds_of(step.ground_kind)
    )


def action_form(step: Transition, work_order: WorkOrder, data: dict | None = None) -> forms.Form:
    if needs_approval(step):
        return ApprovalRequestForm(data, prefix=step.action.value)
    form = ActionForm(data, prefix=step.action.value)
    requires = step.requires
    form.fields["note"].required = Requirement.NOTE in requires
    if Requirement.NOTE not in requires:
        form.fields["note"].label = "办理说明（可选）"
    if Requirement.GROUND in requires and step.ground_kind is not None:
        grounds = rule_set_by_id(work_order.rule_set_id).grounds_of(step.ground_kind)
        form.fields["ground_code"] = forms.ChoiceField(
            label="法定情形",
            choices=[("", "请选择")] + [(g.code, f"{g.label}（{g.citation}）") for g in grounds],
            widget=forms.RadioSelect,
        )
        form.order_fields(["ground_code", "note"])
    if Requirement.RETURN_REASON in requires:
        # Order 121 Art. 41: a unit without competence reports back to the 12315 center with a coded reason.
        reasons = rule_set_by_id(work_order.rule_set_id).grounds_of(GroundKind.RETURN)
        form.fields["return_reason"] = forms.ChoiceField(
            label="退回原因",
            choices=[(r.code, f"{r.label}（{r.citation}）") for r in reasons],
            widget=forms.RadioSelect,
            error_messages={"required": REQUIREMENT_LABELS[Requirement.RETURN_REASON]},
        )
        form.fields["suggested_unit"] = forms.ChoiceField(
            label="建议的承办单位（可选）", choices=_return_units(work_order), required=False
        )
        form.fields["note"].label = "退回说明（选择「其他」时必填）"
        form.fields["note"].help_text = "本单位不得自行移送，由12315中心重新分送（第121号令第四十一条）。"
        form.order_fields(["return_reason", "suggested_unit", "note"])
    if Requirement.CLAIMS in requires:
        # 变更或者放弃投诉请求 (Order 121 Art. 12): what the requests now are; dropping them all is a withdrawal.
        form.fields["claims_change"] = forms.ChoiceField(
            label="变更方式",
            choices=[(c.value, CLAIMS_CHANGE_LABELS[c]) for c in ClaimsChange],
            widget=forms.RadioSelect,
            help_text="放弃全部投诉请求即撤回投诉：请在调解中以「终止调解」选择撤回投诉的情形办理。",
        )
        form.fields["claims"] = forms.CharField(
            label="变更后的投诉请求",
            max_length=CLAIMS_MAX,
            required=False,
            initial=work_order.claims,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        form.fields["note"].label = "投诉人提出变更的方式与说明"
        form.order_fields(["claims_change", "claims", "note"])
    if _needs_consent_field(step, work_order):
        form.fields["consented"] = forms.MultipleChoiceField(
            label="被代表的投诉人已同意",
            choices=_consent_choices(work_order),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text="共同投诉：代表人变更、放弃投诉请求，达成调解协议、撤回投诉或和解，"
            "须经被代表的投诉人同意（第121号令第十二条）。",
        )
        form.fields["consent_record"] = forms.CharField(
            label="同意的方式与凭据",
            required=False,
            max_length=1000,
            help_text="如：书面同意书（已上传为证据材料）、电话确认并录音",
        )
    if Requirement.AMOUNT_RECOVERED in requires:
        form.fields["money"] = forms.DecimalField(
            label="挽回金额（元）", min_value=Decimal(0), max_digits=14, decimal_places=2, initial=Decimal(0)
        )
        form.fields["goods_value"] = forms.DecimalField(
            label="退换、维修商品折价（元）",
            min_value=Decimal(0),
            max_digits=14,
            decimal_places=2,
            required=False,
            initial=Decimal(0),
        )
    if step.action is Action.REQUEST_IDENTITY:
        calendar = deadline_calendar()
        try:
            default = calendar.add_workdays(clock.today(), IDENTITY_PROOF_WORKDAYS)
        except CalendarYearNotLoaded:
            default = None
        provisional = default is not None and calendar.spans_provisional(clock.today(), default)
        form.fields["deadline"] = forms.DateField(
            label="提供身份证明材料的期限",
            initial=default,
            help_text=(
                f"暂定：按 {IDENTITY_PROOF_WORKDAYS} 个工作日推算，跨入节假日安排尚未公布的年份；"
                "通知书上该日期将标注“暂定”。"
                if provisional
                else ""
            ),
            widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        )
    return form


def transition_input(step: Transition, form: forms.Form, version: int) -> TransitionInput:
    data = form.cleaned_data
    money = data.get("money")
    goods = data.get("goods_value") or None
    amount = None if money is None else money + (goods or Decimal(0))
    consent = None
    if "consent_record" in data and (data.get("consent_record") or data.get("consented")):
        consent = JointConsentInput(
            complainant_keys=tuple(data.get("consented") or ()), record=data.get("consent_record", "")
        )
    suggested = data.get("suggested_unit")
    return TransitionInput(
        action=step.action,
        note=data.get("note", ""),
        ground_code=data.get("ground_code", ""),
        amount_recovered=amount,
        goods_value=goods,
        deadline=data.get("deadline"),
        expected_version=version,
        return_reason=data.get("return_reason", ""),
        suggested_unit_id=int(suggested) if suggested else None,
        joint_consent=consent,
        claims=data.get("claims", ""),
        claims_change=data.get("claims_change", ""),
    )


@dataclass(frozen=True, slots=True)
class ActionChoice:
    action: str
    label: str
    form: forms.Form
    is_leader_only: bool
    asks_confirmation: bool
    needs_approval: bool = False


def actions_for(
    user: User, work_order: WorkOrder, bound: tuple[str, forms.Form] | None = None
) -> list[ActionChoice]:
    kind, state = Kind(work_order.kind), State(work_order.state)
    choices = []
    for action in available_actions(kind, state):
        if action in NOT_HERE:
            continue
        step = plan_transition(kind, state, action)
        if Requirement.JOINT_COMPLAINANTS in step.requires:
            continue
        if not can_act(user, work_order, step) or not transition_offered(work_order, step):
            continue
        form = bound[1] if bound and bound[0] == action.value else action_form(step, work_order)
        choices.append(
            ActionChoice(
                action=action.value,
                label=ACTION_LABELS[action],
                form=form,
                is_leader_only=step.roles == frozenset({Role.UNIT_LEADER}),
                asks_confirmation=action in (Action.DECLINE, Action.TERMINATE_MEDIATION, Action.RETURN),
                needs_approval=needs_approval(step),
            )
        )
    return choices


class MediationSessionForm(forms.Form):
    held_on = forms.DateField(
        label="调解日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    method = forms.ChoiceField(label="调解方式", choices=MediationMethod.choices)
    participants = forms.CharField(label="参加人员", max_length=300)
    statements = forms.CharField(label="调解情况（各方陈述）", widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.CharField(label="结果", max_length=300)
