"""The steps a handler can take on one work order, each as a form asking exactly what the step requires:
the grounds of the rule set in force for that item, a note, an amount, a deadline (from the transition table)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms

from lianxin.accounts.models import User
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.domain.errors import CalendarYearNotLoaded, DomainError
from lianxin.domain.workflow import (
    ACTION_LABELS,
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
from lianxin.workorders.services import TransitionInput

# Steps taken elsewhere: by the center (merge). Steps that need a leader's approval (Requirement.APPROVER) are
# offered as approval requests (`approvals.py`), decided in the leader's queue.
NOT_HERE = frozenset({Action.MERGE})
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


def form_add_domain_error(form: forms.Form, error: DomainError) -> None:
    """The service's errors inline on the form: per field where the form has the field; otherwise the service's
    full Chinese message (it explains the rule, e.g. why an extension can no longer be asked)."""
    elsewhere = not error.fields
    for field, errors in error.fields.items():
        if field not in form.fields:
            elsewhere = True
            continue
        for message in errors:
            form.add_error(field, message)
    if elsewhere:
        form.add_error(None, error.handler_message)


def needs_approval(step: Transition) -> bool:
    return Requirement.APPROVER in step.requires


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
    return TransitionInput(
        action=step.action,
        note=data.get("note", ""),
        ground_code=data.get("ground_code", ""),
        amount_recovered=amount,
        goods_value=goods,
        deadline=data.get("deadline"),
        expected_version=version,
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
