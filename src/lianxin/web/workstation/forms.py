"""The registration form of the workstation: all four kinds, with what follows registration in the same action."""

from __future__ import annotations

from typing import Any

from django import forms

from lianxin.domain.text_limits import FACTS_MAX
from lianxin.domain.workflow import Channel, Kind
from lianxin.workorders.models import OnlineRole
from lianxin.workorders.services import CoComplainantInput

_REQUIRED = {"required": "此项为必填项。"}


class RegistrationForm(forms.Form):
    call_id = forms.CharField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="类型",
        choices=[
            (Kind.COMPLAINT.value, "投诉"),
            (Kind.REPORT.value, "举报"),
            (Kind.CONSULTATION.value, "咨询"),
            (Kind.SUGGESTION.value, "建议"),
        ],
        initial=Kind.COMPLAINT.value,
    )
    contact_name = forms.CharField(label="来电人姓名", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    contact_address = forms.CharField(label="联系地址", max_length=200, required=False)
    is_anonymous = forms.BooleanField(label="匿名举报", required=False)
    respondent_name = forms.CharField(label="被投诉（举报）经营者", max_length=200, required=False)
    respondent_address = forms.CharField(
        label="经营地址", max_length=300, required=False, help_text="可用繁体；系统实时给出管辖建议"
    )
    respondent_online_role = forms.ChoiceField(
        label="网络交易身份", choices=OnlineRole.choices, required=False
    )
    respondent_platform_name = forms.CharField(label="所在平台", max_length=100, required=False)
    respondent_published_address = forms.CharField(label="平台公示地址", max_length=300, required=False)
    respondent_platform_address = forms.CharField(label="平台经营者住所地", max_length=300, required=False)
    category_code = forms.CharField(label="分类", max_length=40, required=False)
    issue_type_code = forms.CharField(label="问题类别", max_length=40, required=False)
    summary = forms.CharField(label="摘要", max_length=200, required=False)
    facts = forms.CharField(label="事实与理由", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    claims = forms.CharField(label="诉求", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    amount_involved = forms.DecimalField(
        label="涉及金额（元）",
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        error_messages={"invalid": "请输入金额数字。", "min_value": "金额不能为负数。"},
    )
    is_group_complaint = forms.BooleanField(label="群体投诉", required=False)
    # 共同投诉 (Order 121 Art. 12): the other complainants are the `co-N-…` rows (CoComplainantFormSet).
    is_joint = forms.BooleanField(label="共同投诉（两名以上投诉人）", required=False)
    contact_is_representative = forms.BooleanField(label="来电人为代表人", required=False)
    representative_election = forms.CharField(
        label="代表人书面推选记录",
        required=False,
        max_length=FACTS_MAX,
        help_text="推选代表人（最多2名）须书面推选：记录推选书及其收到方式",
    )
    # 混合诉求 (Order 121 Art. 9): the report half, registered and dispatched beside the complaint.
    is_mixed = forms.BooleanField(label="同时举报（混合诉求，投诉与举报分别处理）", required=False)
    report_summary = forms.CharField(label="举报摘要", max_length=200, required=False)
    report_facts = forms.CharField(
        label="举报的事实（违法行为线索）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    report_issue_type_code = forms.CharField(label="举报类别", max_length=40, required=False)
    report_dispatch_unit_id = forms.IntegerField(label="举报分送到", required=False, widget=forms.HiddenInput)
    report_dispatch_note = forms.CharField(label="举报改派理由", required=False, max_length=500)
    dispatch_unit_id = forms.IntegerField(label="承办单位", required=False, widget=forms.HiddenInput)
    dispatch_note = forms.CharField(label="改派理由", required=False, max_length=500)
    answer_note = forms.CharField(
        label="当场解答内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="咨询、建议当场答复后办结；可在右侧选用口径",
    )
    answer_entry_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    link_work_order_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def work_order_values(self) -> dict[str, Any]:
        """The registration service's fields (WorkOrderInput) from the cleaned form."""
        data = self.cleaned_data
        return {
            "kind": Kind(data["kind"]),
            "channel": Channel.HOTLINE,
            "contact_name": data["contact_name"],
            "contact_phone": data["contact_phone"],
            "contact_address": data["contact_address"],
            "is_anonymous": data["is_anonymous"],
            "respondent_name": data["respondent_name"],
            "respondent_address": data["respondent_address"],
            "respondent_online_role": data["respondent_online_role"] or "",
            "respondent_platform_name": data["respondent_platform_name"],
            "respondent_published_address": data["respondent_published_address"],
            "respondent_platform_address": data["respondent_platform_address"],
            "category_code": data["category_code"],
            "issue_type_code": data["issue_type_code"],
            "summary": data["summary"],
            "facts": data["facts"],
            "claims": data["claims"],
            "amount_involved": data["amount_involved"],
            "is_group_complaint": data["is_group_complaint"],
        }

    @property
    def is_joint_complaint(self) -> bool:
        return self.cleaned_data["kind"] == Kind.COMPLAINT.value and self.cleaned_data["is_joint"]

    @property
    def is_mixed_filing(self) -> bool:
        return self.cleaned_data["kind"] == Kind.COMPLAINT.value and self.cleaned_data["is_mixed"]


class CoComplainantForm(forms.Form):
    """One more complainant of a joint complaint: the identity Art. 10 asks of every complainant."""

    name = forms.CharField(label="姓名", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    address = forms.CharField(label="联系地址", max_length=200, required=False)
    is_representative = forms.BooleanField(label="代表人", required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(str(data.get(name) or "").strip() for name in ("name", "phone", "address"))

    def to_input(self) -> CoComplainantInput:
        data = self.cleaned_data
        return CoComplainantInput(
            name=data["name"],
            phone=data["phone"],
            address=data["address"],
            is_representative=data["is_representative"],
        )


CO_PREFIX = "co"
CoComplainantFormSet = forms.formset_factory(CoComplainantForm, extra=3, max_num=30, validate_max=True)


def co_complainant_inputs(formset: forms.BaseFormSet) -> tuple[CoComplainantInput, ...]:
    """The rows the agent filled in (blank rows are the spare ones and are skipped)."""
    return tuple(form.to_input() for form in formset.forms if form.is_valid() and not form.is_blank())
