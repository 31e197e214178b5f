"""The registration form of the workstation: all four kinds, with what follows registration in the same action."""

from __future__ import annotations

from typing import Any

from django import forms

from lianxin.domain.workflow import Channel, Kind
from lianxin.workorders.models import OnlineRole

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
