"""The center's forms on its work-order pages: the split of a mixed filing (Order 121 Art. 9) and the
(re)dispatch of an item waiting at the intake, including one a unit returned (Art. 41)."""

from __future__ import annotations

from typing import Any

from django import forms

from lianxin.accounts.models import OrgUnit, UnitKind
from lianxin.domain.text_limits import CLAIMS_MAX, FACTS_MAX, NOTE_MAX
from lianxin.workorders.models import IssueType

HANDLING_KINDS = (
    UnitKind.COUNTY_BUREAU,
    UnitKind.CITY_BUREAU,
    UnitKind.ZONE_BUREAU,
    UnitKind.PROVINCE_BUREAU,
)


def handling_unit_choices() -> list[tuple[str, str]]:
    units = OrgUnit.objects.filter(is_active=True, kind__in=HANDLING_KINDS).order_by("path")
    return [("", "— 请选择承办单位 —")] + [(str(u.pk), u.name) for u in units]


class SplitForm(forms.Form):
    """The other half of the filing. `counterpart_kind` decides whether claims are asked (a complaint's)."""

    facts = forms.CharField(
        label="另一件诉求的事实与理由", max_length=FACTS_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    summary = forms.CharField(label="摘要", max_length=200, required=False)
    claims = forms.CharField(
        label="诉求", max_length=CLAIMS_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    issue_type_code = forms.ChoiceField(label="类别", required=False)
    note = forms.CharField(label="拆分说明", max_length=NOTE_MAX, required=False)
    dispatch_unit = forms.ChoiceField(label="拆出的工单分送到（可稍后分送）", required=False)
    dispatch_note = forms.CharField(
        label="改派理由（未采纳管辖建议时必填）", max_length=NOTE_MAX, required=False
    )

    def __init__(
        self, *args: Any, counterpart_kind: str, suggested_unit_id: int | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.counterpart_kind = counterpart_kind
        types = IssueType.objects.filter(is_active=True, applies_to=counterpart_kind).order_by("position")
        self.fields["issue_type_code"].choices = [("", "—")] + [(t.code, t.name) for t in types]
        self.fields["dispatch_unit"].choices = handling_unit_choices()
        if suggested_unit_id and not self.is_bound:
            self.initial["dispatch_unit"] = str(suggested_unit_id)
        if counterpart_kind == "complaint":
            self.fields["claims"].required = True
            self.fields["issue_type_code"].label = "问题类别"
        else:
            del self.fields["claims"]
            self.fields["issue_type_code"].label = "举报类别"


class DispatchForm(forms.Form):
    """Dispatch (or redispatch) one waiting item, or transfer it to another province's 12315."""

    handling_unit = forms.ChoiceField(label="分送到", required=False)
    note = forms.CharField(label="说明（改派或分送回退回单位时必填）", max_length=NOTE_MAX, required=False)
    transfer_destination = forms.CharField(label="转往的外省12315", max_length=100, required=False)

    def __init__(
        self,
        *args: Any,
        suggested_unit_id: int | None = None,
        unit_choices: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ):
        """`unit_choices`: a list of forms (the queue, one per row) reads `handling_unit_choices()` once."""
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].choices = (
            unit_choices if unit_choices is not None else handling_unit_choices()
        )
        if suggested_unit_id and not self.is_bound:
            self.initial["handling_unit"] = str(suggested_unit_id)
