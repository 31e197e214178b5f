"""The handling screens' lists read a fixed number of queries whatever the number of their rows (the inbox has its
own test in test_inbox_queries): the approval queue, the notifications, and the lists of the handler's work-order
page — documents, evidence, mediation sessions, approval requests and the timeline. Each page is rendered, rows are
added, and it is rendered again: the query counts must be equal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from lianxin.common import clock
from lianxin.documents.models import Document
from lianxin.domain.workflow import Action
from lianxin.evidence.models import Attachment
from lianxin.notifications.models import Notification, OutboxMessage
from lianxin.tests.page_queries import assert_fixed_queries
from lianxin.web.handling.tests.test_approvals import verifying_report
from lianxin.web.tests.conftest import TODAY_AT, dispatched_complaint
from lianxin.workorders.models import ApprovalRequest, WorkOrder
from lianxin.workorders.services import TransitionInput, approval_request, work_order_transition
from lianxin.workorders.services.events import event_append
from lianxin.workorders.services.mediation import MediationSessionInput, mediation_session_record
from lianxin.workorders.tests.factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    with time_machine.travel(at(TODAY_AT), tick=False):
        yield


def test_the_approval_queue(client, people, org):
    def ask(n: int) -> None:
        order = verifying_report(people, org, started=at("2026-05-20 09:00") + timedelta(minutes=n))
        with time_machine.travel(at("2026-05-20 10:00"), tick=False):
            approval_request(
                actor=people["yanta_handler"],
                work_order_id=order.pk,
                action=Action.EXTEND_VERIFICATION,
                note=f"需调取监控录像{n}",
            )

    ask(0)
    client.force_login(people["yanta_leader"])
    with time_machine.travel(at(TODAY_AT), tick=False):
        assert_fixed_queries(client, "/handling/approvals/", {}, lambda n: ask(n + 1), marker="data-approval=")


def test_the_notifications(client, people, org, today):
    order = dispatched_complaint(people=people, unit=org["yanta"], received="2026-05-12 10:00", summary="冰箱")
    user = people["yanta_handler"]

    def notify(n: int) -> None:
        Notification.objects.create(
            user=user,
            kind="new_item" if n % 2 else "due_soon",
            title=f"新工单{n}",
            work_order=order if n % 2 else None,
            created_at=clock.now() - timedelta(minutes=n),
            read_at=clock.now() if n % 3 else None,
        )

    notify(1)
    client.force_login(user)
    assert_fixed_queries(client, "/handling/notifications/", {}, lambda n: notify(n + 2), marker="<time>")


@pytest.fixture
def mediating(people, org, today) -> WorkOrder:
    """A complaint at 雁塔, accepted (the acceptance notice and its SMS) and in mediation, with one session."""
    order = dispatched_complaint(people=people, unit=org["yanta"], received="2026-05-18 10:00", summary="冰箱")
    for action in (Action.ACCEPT, Action.START_MEDIATION):
        order = work_order_transition(
            work_order_id=order.pk, actor=people["yanta_handler"], data=TransitionInput(action)
        )
    _session(people, order, 0)
    return order


def _session(people, order: WorkOrder, n: int) -> None:
    mediation_session_record(
        work_order_id=order.pk,
        actor=people["yanta_handler"],
        data=MediationSessionInput(
            held_on=date(2026, 5, 20),
            method="phone",
            participants=f"双方{n}",
            statements="商家同意检测",
            result="继续调解",
        ),
    )


def _more_of_everything(people, order: WorkOrder, n: int) -> None:
    """One more row in each list of the page: a session, a document, a notice, an attachment, an approval request
    (decided), and an event with an approver."""
    _session(people, order, n + 1)
    document = Document.objects.filter(work_order=order).order_by("id").first()
    Document.objects.create(
        work_order=order,
        kind=document.kind,
        template=document.template,
        unit=document.unit,
        year=document.year,
        sequence=document.sequence + 100 + n,
        number=f"{document.number}-{n}",
        title=document.title,
        addressee=document.addressee,
        issued_by=document.issued_by,
        issued_at=clock.now(),
    )
    notice = OutboxMessage.objects.filter(work_order=order).order_by("id").first()
    OutboxMessage.objects.create(
        work_order=order,
        code=notice.code,
        channel=notice.channel,
        recipient=notice.recipient,
        body=notice.body,
        state=notice.state,
        attempts=n,
        next_attempt_at=clock.now(),
        created_at=clock.now(),
    )
    Attachment.objects.create(
        work_order=order,
        kind="image",
        file=f"evidence/2026/05/photo{n}.png",
        thumbnail=f"evidence/thumbs/2026/05/photo{n}.jpg" if n % 2 else "",
        original_name=f"照片{n}.png",
        content_type="image/png",
        size=1000 + n,
        sha256=f"{n:064d}",
        description="现场照片" if n % 2 else "",
        uploaded_by=people["yanta_handler" if n % 2 else "yanta_leader"],
        uploaded_at=clock.now(),
    )
    ApprovalRequest.objects.create(
        work_order=order,
        action=Action.EXTEND_VERIFICATION,
        state="approved" if n % 2 else "refused",
        requested_by=people["yanta_handler"],
        requested_at=clock.now(),
        note="需调取监控录像",
        decided_by=people["yanta_leader" if n % 2 else "xian_leader"],
        decided_at=clock.now(),
        decision_note="同意",
    )
    current = WorkOrder.objects.get(pk=order.pk)
    last = current.events.order_by("-sequence").first()
    event_append(
        work_order=current,
        sequence=last.sequence + 1,
        action="note",
        actor=people["yanta_leader" if n % 2 else "yanta_handler"],
        approver=people["xian_leader"] if n % 2 else None,
        occurred_at=clock.now(),
        from_state=current.state,
        to_state=current.state,
        note=f"补充说明{n}",
    )


@pytest.mark.parametrize(
    ("reader", "path"), [("yanta_handler", "/handling/{pk}/"), ("supervisor", "/work-orders/{number}/")]
)
def test_the_lists_of_the_work_order_pages(client, people, mediating, reader, path):
    """The handler's page and the center's: documents, evidence, sessions, approvals and the timeline."""
    client.force_login(people[reader])
    assert_fixed_queries(
        client,
        path.format(pk=mediating.pk, number=mediating.number),
        {},
        lambda n: _more_of_everything(people, mediating, n),
        marker="timeline-item",
    )
