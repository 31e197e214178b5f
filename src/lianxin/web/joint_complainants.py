"""The joint-complainant steps on the work-order pages (共同投诉, Order 121 Art. 12): add a co-complainant, take one
off the complaint with the reason, record a new written election of the representatives.

Shared by the handler's page (`/handling/<id>/`, while the unit handles the item) and the center's page
(`/work-orders/<number>/`, while it waits at the intake): which steps are offered comes from the transition table
(`can_act`, `transition_offered`), and every write goes through the services (`workorders.services`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from lianxin.accounts.models import User
from lianxin.domain.errors import DomainError, IllegalTransition
from lianxin.domain.joint_complaints import CONTACT_KEY
from lianxin.domain.workflow import ACTION_LABELS, Action, Kind, State, plan_transition
from lianxin.web.handling.actions import form_add_domain_error
from lianxin.workorders.facts import transition_offered
from lianxin.workorders.models import IdType, WorkOrder
from lianxin.workorders.permissions import can_act
from lianxin.workorders.services import (
    CoComplainantAddInput,
    CoComplainantInput,
    CoComplainantRemoveInput,
    RepresentativesElectInput,
    co_complainant_add,
    co_complainant_remove,
    representatives_elect,
)

# The steps requiring `Requirement.JOINT_COMPLAINANTS` in the table, in the order the panel offers them.
JOINT_STEPS = (Action.ADD_CO_COMPLAINANT, Action.REMOVE_CO_COMPLAINANT, Action.ELECT_REPRESENTATIVES)


class CoComplainantAddForm(forms.Form):
    """The real identity every complainant gives (Order 121 Art. 10), and how they joined."""

    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30)
    id_type = forms.ChoiceField(label="证件类型", choices=[("", "—"), *IdType.choices], required=False)
    id_number = forms.CharField(label="证件号码", max_length=40, required=False)
    address = forms.CharField(label="联系地址", max_length=200, required=False)
    note = forms.CharField(
        label="说明（可选）",
        required=False,
        max_length=1000,
        help_text="如：持购买凭证来访，申请加入投诉。新增的投诉人由代表人代表的，达成协议等须经其同意。",
    )


class CoComplainantRemoveForm(forms.Form):
    co_complainant = forms.ChoiceField(label="退出的投诉人", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="原因", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), help_text="如：本人书面撤回投诉"
    )

    def __init__(self, *args: object, work_order: WorkOrder, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["co_complainant"].choices = [
            (str(p.pk), p.name) for p in work_order.co_complainants.current()
        ]


class RepresentativesForm(forms.Form):
    representatives = forms.MultipleChoiceField(
        label="推选的代表人", widget=forms.CheckboxSelectMultiple, required=False
    )
    representative_election = forms.CharField(
        label="书面推选记录",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="推选书及其证据材料（名称、收到日期）；最多推选2名代表人（第121号令第十二条）。",
    )
    note = forms.CharField(label="说明（可选）", max_length=1000, required=False)

    def __init__(self, *args: object, work_order: WorkOrder, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        people = [(CONTACT_KEY, work_order.contact_name, work_order.contact_is_representative)] + [
            (str(p.pk), p.name, p.is_representative) for p in work_order.co_complainants.current()
        ]
        self.fields["representatives"].choices = [(key, name) for key, name, _ in people]
        if not self.is_bound:
            self.initial = {
                "representatives": [key for key, _, chosen in people if chosen],
                "representative_election": work_order.representative_election,
            }


def joint_form(action: Action, work_order: WorkOrder, data: object = None) -> forms.Form:
    prefix = action.value
    if action is Action.ADD_CO_COMPLAINANT:
        return CoComplainantAddForm(data, prefix=prefix)
    if action is Action.REMOVE_CO_COMPLAINANT:
        return CoComplainantRemoveForm(data, prefix=prefix, work_order=work_order)
    return RepresentativesForm(data, prefix=prefix, work_order=work_order)


@dataclass(frozen=True, slots=True)
class JointStep:
    action: str
    label: str
    form: forms.Form
    url: str


def joint_steps(
    user: User,
    work_order: WorkOrder,
    *,
    url_for: Callable[[str], str],
    bound: tuple[str, forms.Form] | None = None,
) -> list[JointStep]:
    """The joint-complainant steps this user may take on the item now, each with its form (`bound`: the one just
    posted, with its errors)."""
    if work_order.kind != Kind.COMPLAINT:
        return []
    steps = []
    for action in JOINT_STEPS:
        try:
            step = plan_transition(Kind(work_order.kind), State(work_order.state), action)
        except IllegalTransition:
            continue
        if not can_act(user, work_order, step) or not transition_offered(work_order, step):
            continue
        form = bound[1] if bound and bound[0] == action.value else joint_form(action, work_order)
        steps.append(JointStep(action.value, ACTION_LABELS[action], form, url_for(action.value)))
    return steps


# The services' field names that these forms show under another name (the reason is the step's note).
_FORM_FIELDS = {Action.REMOVE_CO_COMPLAINANT: {"note": "reason"}}


def joint_step_take(
    user: User, work_order: WorkOrder, action: Action, form: forms.Form, *, version: int
) -> str | None:
    """Take the step with the form's data: the success message, or None with the refusal on the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if action is Action.ADD_CO_COMPLAINANT:
            person = CoComplainantInput(
                name=data["name"],
                phone=data["phone"],
                id_type=data["id_type"],
                id_number=data["id_number"],
                address=data["address"],
            )
            co_complainant_add(
                actor=user,
                work_order_id=work_order.pk,
                data=CoComplainantAddInput(person=person, note=data["note"], expected_version=version),
            )
            return f"已增加共同投诉人 {person.name}。"
        if action is Action.REMOVE_CO_COMPLAINANT:
            co_complainant_remove(
                actor=user,
                work_order_id=work_order.pk,
                data=CoComplainantRemoveInput(
                    co_complainant_id=int(data["co_complainant"]),
                    reason=data["reason"],
                    expected_version=version,
                ),
            )
            return "已减少共同投诉人。"
        representatives_elect(
            actor=user,
            work_order_id=work_order.pk,
            data=RepresentativesElectInput(
                representative_keys=tuple(data["representatives"]),
                election_record=data["representative_election"],
                note=data["note"],
                expected_version=version,
            ),
        )
        return "已记录重新推选的代表人。"
    except DomainError as error:
        form_add_domain_error(form, error, _FORM_FIELDS.get(action, {}))
        return None
