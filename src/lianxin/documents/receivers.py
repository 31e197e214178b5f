"""Each statutory step issues the document the law expects of it (REGULATIONS.md §9), in the step's transaction."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.domain.workflow import Action
from lianxin.workorders.signals import work_order_stepped

from .context import PROVISIONAL_MARK, chinese_date
from .models import DocumentKind
from .services import document_issue

STEP_DOCUMENTS: dict[Action, DocumentKind] = {
    Action.DISPATCH: DocumentKind.DISPATCH_NOTICE,
    Action.REDISPATCH: DocumentKind.DISPATCH_NOTICE,
    Action.REQUEST_IDENTITY: DocumentKind.IDENTITY_REQUEST,
    Action.ACCEPT: DocumentKind.ACCEPTANCE,
    Action.DECLINE: DocumentKind.NON_ACCEPTANCE,
    Action.START_MEDIATION: DocumentKind.MEDIATION_NOTICE,
    Action.TERMINATE_MEDIATION: DocumentKind.TERMINATION,
    Action.REACH_AGREEMENT: DocumentKind.MEDIATION_AGREEMENT,
    Action.INFORM_REPORTER: DocumentKind.REPORT_RESULT,
}


def step_extras(work_order: Any, data: Any) -> dict[str, Any]:
    """Values a form needs beyond the work order's own fields (the step's inputs, the mediation record)."""
    extras: dict[str, Any] = {}
    if work_order.accepted_at:
        extras["accepted_on"] = chinese_date(timezone.localdate(work_order.accepted_at))
    if getattr(data, "deadline", None):
        extras["deadline"] = chinese_date(data.deadline)
        calendar = deadline_calendar()
        today = clock.today()
        if calendar.spans_provisional(today, data.deadline):
            extras["deadline"] += PROVISIONAL_MARK
            extras["provisional_years"] = sorted(
                year for year in calendar.provisional_years if today.year <= year <= data.deadline.year
            )
    sessions = list(work_order.mediation_sessions.order_by("held_on", "id")) if work_order.pk else []
    extras["sessions"] = [
        {"date": chinese_date(s.held_on), "method": s.get_method_display(), "participants": s.participants}
        for s in sessions
    ]
    if sessions:
        last = sessions[-1]
        extras["session_time"] = chinese_date(last.held_on)
        extras["session_method"] = last.get_method_display()
    else:
        extras["session_time"] = "另行通知"
        extras["session_method"] = "现场调解或者电话、网络调解，以另行通知为准"
    goods = getattr(work_order, "goods_value_recovered", None)
    if goods:
        extras["goods_value"] = f"{goods:,.2f}"
    return extras


@receiver(work_order_stepped, dispatch_uid="documents.issue_for_step")
def issue_for_step(sender: Any, work_order: Any, event: Any, actor: Any, data: Any, **kwargs: Any) -> None:
    kind = STEP_DOCUMENTS.get(Action(event.action))
    if kind is None:
        return
    unit_id = actor.unit_id or work_order.handling_unit_id or work_order.center_id
    document_issue(
        work_order=work_order, kind=kind, actor=actor, unit_id=unit_id, extra=step_extras(work_order, data)
    )
