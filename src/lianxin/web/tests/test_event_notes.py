"""Timeline notes of joint complaints: the registration's counts and an election's before → after."""

from __future__ import annotations

from lianxin.web.event_notes import event_note
from lianxin.workorders.models import WorkOrder, WorkOrderEvent

ORDER = WorkOrder(kind="complaint", contact_name="孙悦")
NAMES = {"contact": "孙悦", "12": "钱程", "13": "吴桐"}


def _note(action: str, changes: dict, *, show_personal: bool = True) -> str:
    event = WorkOrderEvent(action=action, note="", changes=changes)
    return event_note(event, ORDER, names=NAMES, show_personal=show_personal)


def test_a_joint_registration_reads_its_counts_not_an_empty_election():
    note = _note("register", {"co_complainants": [None, 2], "representatives": [None, 2]})
    assert note == "现有投诉人3名；推选代表人2名"
    assert "无（各投诉人自行参加）" not in note


def test_a_registration_without_representatives_says_nothing_of_them():
    assert _note("register", {"co_complainants": [None, 2], "representatives": [None, 0]}) == "现有投诉人3名"


def test_an_election_names_the_representatives_before_and_after_for_readers_who_see_them():
    changes = {"representatives": [["contact", "12"], ["contact", "13"]]}
    assert _note("elect_representatives", changes) == "代表人：孙悦、钱程 → 孙悦、吴桐"
    assert _note("elect_representatives", changes, show_personal=False) == "代表人：2名 → 2名"
    assert _note("elect_representatives", {"representatives": [["contact"], []]}) == (
        "代表人：孙悦 → 无（各投诉人自行参加）"
    )
