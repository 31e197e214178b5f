"""What a document may say: a flat dict of plain values taken from the work order, never the row itself.

The complainant's or reporter's personal data is put in only when the document is addressed to them, or — for
a complaint — to the parties of the mediation (both sides know each other there). A reporter's identity is
confidential from the reported business and from anyone not involved (Order 121 Art. 37): nothing addressed to
the business, the parties or another unit carries it, and `assert_no_reporter_identity` checks the rendered text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from lianxin.accounts.selectors import unit_entry
from lianxin.domain.rules import GroundKind
from lianxin.domain.workflow import KIND_LABELS, Kind
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.selectors import rule_set_by_id

from .errors import ConfidentialityBreach
from .models import Addressee

_GROUND_KIND_FOR_DOC = {"non_acceptance": GroundKind.DECLINE, "termination": GroundKind.TERMINATE}


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# A date counted through a year whose holiday arrangement the State Council has not published (issue 13 §2) is
# never stated on a document as final: it carries this mark, and the document ends with `provisional_note`.
PROVISIONAL_MARK = "（暂定）"


def provisional_note(years: list[int]) -> str:
    """The closing paragraph of a document that states a provisional date (Order 121 Art. 45: a period that ends
    on a statutory holiday ends on the first working day after it)."""
    named = "、".join(f"{year}年" for year in years)
    return (
        f"注：标注“暂定”的日期按《全国年节及纪念日放假办法》规定的节日和周末推算，{named}节假日安排尚未公布；"
        "该日期如依公布的安排为节假日，顺延至其后的第一个工作日。"
    )


def _chinese_numeral(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else f"十{digits[n - 10]}" if n < 20 else str(n)


def money(amount: Decimal | None) -> str:
    return f"{(amount or Decimal(0)):,.2f}"


def may_carry_identity(work_order: WorkOrder, addressee: str) -> bool:
    """Whether a document for `addressee` may name the person who filed the item."""
    if Kind(work_order.kind) is Kind.REPORT:
        return addressee == Addressee.REPORTER
    return addressee in (Addressee.COMPLAINANT, Addressee.PARTIES)


def ground_lines(work_order: WorkOrder, kind: str) -> list[dict[str, Any]]:
    """The grounds of the rule set in force for this item, the one chosen ticked (☑) and the others not (☐)."""
    ground_kind = _GROUND_KIND_FOR_DOC.get(kind)
    if ground_kind is None:
        return []
    rule_set = rule_set_by_id(work_order.rule_set_id)
    return [
        {"ticked": g.code == work_order.ground_code, "label": g.label, "citation": g.citation, "code": g.code}
        for g in rule_set.grounds_of(ground_kind)
    ]


def joint_complainant_names(work_order: WorkOrder) -> tuple[list[str], list[str]]:
    """All complainants of a joint complaint (the main one first) and the representatives among them."""
    people = [(work_order.contact_name or "（未提供）", work_order.contact_is_representative)]
    people += [(p.name, p.is_representative) for p in work_order.co_complainants.current()]
    return [name for name, _ in people], [name for name, is_rep in people if is_rep]


def complainant_line(names: list[str], representatives: list[str]) -> str:
    """How a joint complaint's complainants stand where a form has one complainant field (Order 121 Art. 12):
    every complainant, and the representatives elected in writing."""
    line = "、".join(names)
    if representatives:
        return f"{line}（共同投诉，代表人：{'、'.join(representatives)}）"
    return f"{line}（共同投诉）"


def document_context(
    work_order: WorkOrder, *, kind: str, addressee: str, number: str, issued_on: date, extra: dict[str, Any]
) -> dict[str, Any]:
    unit = unit_entry(work_order.handling_unit_id) if work_order.handling_unit_id else None
    center = unit_entry(work_order.center_id)
    grounds = ground_lines(work_order, kind)
    chosen = next((g for g in grounds if g["ticked"]), None)
    context: dict[str, Any] = {
        "number": number,
        "work_order_number": work_order.number,
        "kind_label": KIND_LABELS[Kind(work_order.kind)],
        "received_on": chinese_date(timezone.localdate(work_order.received_at)),
        "issued_on": chinese_date(issued_on),
        "unit_name": unit.name if unit else "",
        "center_name": center.name if center else "",
        "respondent_name": work_order.respondent_name or "（未提供）",
        "respondent_address": work_order.respondent_address,
        "summary": work_order.summary,
        "claims": work_order.claims,
        "outcome": work_order.outcome,
        "grounds": grounds,
        "ground_label": chosen["label"] if chosen else "",
        "ground_position": _chinese_numeral(grounds.index(chosen) + 1) if chosen else "",
        "ground_citation": chosen["citation"] if chosen else "",
        "amount_recovered": money(work_order.amount_recovered),
        "is_anonymous": work_order.is_anonymous,
        "complainant_name": "",
        "complainants": [],
        "representatives": "",
        "is_joint_complaint": False,
        "complainant_phone": "",
        "complainant_address": "",
        "facts": "",
    }
    if may_carry_identity(work_order, addressee):
        context.update(
            complainant_name=work_order.contact_name or "（未提供）",
            complainant_phone=work_order.contact_phone,
            complainant_address=work_order.contact_address,
            facts=work_order.facts,
        )
        if work_order.is_joint_complaint:
            # Every form with a complainant field names all the joint complainants and their representatives;
            # the phone stays the main complainant's (the contact the department uses).
            names, representatives = joint_complainant_names(work_order)
            context.update(
                complainant_name=complainant_line(names, representatives),
                complainants=names,
                representatives="、".join(representatives),
                is_joint_complaint=True,
            )
    elif Kind(work_order.kind) is Kind.COMPLAINT:
        context["facts"] = work_order.facts
    context.update(extra)
    return context


def assert_no_reporter_identity(work_order: WorkOrder, addressee: str, paragraphs: list[str]) -> None:
    """The last guard: a document not addressed to the reporter never contains the reporter's name, phone,
    ID number or address (whatever a template author wrote)."""
    if Kind(work_order.kind) is not Kind.REPORT or addressee == Addressee.REPORTER:
        return
    secrets = [
        value.strip()
        for value in (
            work_order.contact_name,
            work_order.contact_phone,
            work_order.contact_id_number,
            work_order.contact_address,
        )
        if value and len(value.strip()) >= 2
    ]
    text = "\n".join(paragraphs)
    if any(secret in text for secret in secrets):
        raise ConfidentialityBreach(
            "文书中含有举报人身份信息，不能制发（《市场监督管理投诉举报处理办法》第三十七条）。"
        )
