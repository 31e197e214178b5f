"""Demo data for `lianxin start --demo`: an organisation, one user per role, and a few hundred work orders.

Everything is written through the real services (registration, transitions), so the demo work orders carry
their clocks, due dates, events, documents and notices exactly as real ones do. Each registration and step runs
at the moment it happened (`clock.travel`, moments from `timing.step_moments`), all items' steps in the order of
those moments — so the timeline, the clocks and the documents' dates read as the weeks the center lived, and the
documents are numbered in the order they were issued. Idempotent: units and users are ensured by code and
username, and only the work orders missing to reach `count` are added. Deterministic for a given seed and day:
`demo_plan` is a pure function of (count, seed, now).
"""

from __future__ import annotations

import random
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction

from lianxin.accounts.models import OrgUnit, User
from lianxin.calendars.selectors import deadline_calendar
from lianxin.common import clock
from lianxin.domain.errors import CalendarYearNotLoaded, DomainError
from lianxin.domain.workflow import Action, Kind, State
from lianxin.workorders.models import RuleSet, WorkOrder
from lianxin.workorders.services import (
    TransitionInput,
    approval_decide,
    approval_request,
    reference_data_load,
    work_order_register,
    work_order_transition,
)

from .generator import DemoWorkOrder, demo_plan
from .organisation import COUNTIES, demo_units_ensure, demo_users_all_exist, demo_users_ensure
from .scenarios import DemoStep
from .showcase import showcase_ensure, showcase_missing
from .timing import APPROVAL_DELAY, step_moments, weekdays

SHOWCASE_MIN_COUNT = 10  # a smaller demo (tests) has no room for the hand-written items

DEFAULT_SEED = 12315


@dataclass(slots=True)
class DemoReport:
    units_created: int = 0
    users_created: int = 0
    work_orders_created: int = 0
    generated_password: str | None = None
    states: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def _register(item: DemoWorkOrder, users: dict[str, User]) -> WorkOrder:
    return work_order_register(actor=users[item.registrar], data=item.data)


def _take_step(
    work_order: WorkOrder,
    step: DemoStep,
    users: dict[str, User],
    units: dict[str, OrgUnit],
    *,
    decided_at: datetime,
) -> WorkOrder:
    unit_id = units[step.unit].pk if step.unit else None
    note = step.note
    suggested = work_order.routing.get("unit_id")
    if (
        step.action in (Action.DISPATCH, Action.REDISPATCH)
        and suggested
        and unit_id != suggested
        and not note
    ):
        # Dispatching elsewhere than the jurisdiction suggestion needs a reason, as it does for an agent.
        note = "来电人补充说明了实际经营地址，按其分送（与系统建议不同）。"
    if step.approver:
        # Asked by the handler, applied by the leader's own decision (services/approvals.py), a little later.
        approval = approval_request(
            actor=users[step.actor], work_order_id=work_order.pk, action=step.action, note=note
        )
        with clock.travel(decided_at):
            approval_decide(actor=users[step.approver], approval_id=approval.pk, approve=True)
        return WorkOrder.objects.get(pk=work_order.pk)
    return work_order_transition(
        work_order_id=work_order.pk,
        actor=users[step.actor],
        data=TransitionInput(
            action=step.action,
            note=note,
            ground_code=step.ground_code,
            amount_recovered=step.amount_recovered,
            handling_unit_id=unit_id,
            transfer_destination=step.transfer_destination,
            return_reason=step.return_reason,
            suggested_unit_id=units[step.suggested_unit].pk if step.suggested_unit else None,
        ),
    )


def _load_plan(
    plan: list[DemoWorkOrder], *, seed: int, users: dict[str, User], units: dict[str, OrgUnit]
) -> list[WorkOrder]:
    """Register and step every planned item, each action at its own moment, all items interleaved in time."""
    now = clock.now()
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
    calendar = deadline_calendar()

    def is_workday(day: date) -> bool:
        try:
            return calendar.is_workday(day)
        except CalendarYearNotLoaded:
            return weekdays(day)

    moments = [
        step_moments(rng, item.data.received_at, item.steps, now, is_workday=is_workday) for item in plan
    ]
    agenda = sorted(
        (moment, index, position)
        for index, item_moments in enumerate(moments)
        for position, moment in enumerate(item_moments)
    )
    work_orders: dict[int, WorkOrder] = {}
    for moment, index, position in agenda:
        item = plan[index]
        with clock.travel(moment):
            if position == 0:
                work_orders[index] = _register(item, users)
            else:
                decided_at = min(moment + APPROVAL_DELAY, now)
                work_orders[index] = _take_step(
                    work_orders[index], item.steps[position - 1], users, units, decided_at=decided_at
                )
    return [work_orders[index] for index in range(len(plan))]


def _pending_extensions(users: dict[str, User], units: dict[str, OrgUnit]) -> int:
    """One report per county whose handler has asked, an hour ago, to extend the verification (Order 121
    Art. 30): the leaders' approval queue (待我审批) has something to decide. A report still inside its period
    (the service refuses an extension asked after it), else a dispatched report whose verification the handler
    started this morning."""
    now = clock.now()
    asked = 0
    for county in COUNTIES:
        handler = users[f"demo_handler_{county.key}"]
        reports = WorkOrder.objects.filter(handling_unit=units[county.key], kind=Kind.REPORT)
        if reports.filter(approval_requests__isnull=False, approval_requests__decided_at__isnull=True).exists():
            continue  # asked on an earlier load
        verifying = reports.filter(state=State.VERIFYING).order_by("-received_at", "-pk")[:3]
        # Received over a day ago: dispatched (within 20 hours of receipt) before this morning.
        dispatched = reports.filter(state=State.DISPATCHED, received_at__lt=now - timedelta(days=1))
        for order in [*verifying, *dispatched.order_by("received_at", "pk")[:3]]:
            try:
                with transaction.atomic():
                    if order.state == State.DISPATCHED:
                        with clock.travel(now - timedelta(hours=3)):
                            work_order_transition(
                                work_order_id=order.pk,
                                actor=handler,
                                data=TransitionInput(
                                    action=Action.START_VERIFICATION, note="已安排执法人员现场核查。"
                                ),
                            )
                    with clock.travel(now - timedelta(hours=1)):
                        approval_request(
                            actor=handler,
                            work_order_id=order.pk,
                            action=Action.EXTEND_VERIFICATION,
                            note="涉及多家门店，需调取平台交易记录，申请延长核查期限十五个工作日。",
                        )
            except DomainError:
                continue  # past its period, or already extended: the next one
            asked += 1
            break
    return asked


def demo_load(*, count: int, seed: int = DEFAULT_SEED, password: str | None = None) -> DemoReport:
    """Ensure the demo organisation and users, then add demo work orders until there are `count`.

    `password` is given to newly created users; when None a random one is generated and returned in the
    report (so the command prints it once). One transaction: a failure leaves nothing half-loaded.
    """
    started = time.perf_counter()
    report = DemoReport()
    with transaction.atomic():
        if not RuleSet.objects.exists():
            reference_data_load()
        units, report.units_created = demo_units_ensure()
        if password is None and not demo_users_all_exist():
            password = secrets.token_urlsafe(9)
            report.generated_password = password
        users, report.users_created = demo_users_ensure(units=units, password=password or "")
        registrars = [users["demo_agent"], users["demo_supervisor"]]
        existing = WorkOrder.objects.filter(registered_by__in=registrars).count()
        showcase_due = showcase_missing()
        with_showcase = count >= SHOWCASE_MIN_COUNT and 0 < showcase_due <= count - existing
        missing = max(0, count - existing - (showcase_due if with_showcase else 0))
        if missing:
            # The history first (its documents take the earlier numbers), then today's showcase. A different
            # seed for a top-up, so it does not repeat the work orders already there.
            plan = demo_plan(count=missing, seed=seed + existing, now=clock.now())
            loaded = [o.pk for o in _load_plan(plan, seed=seed + existing, users=users, units=units)]
            _pending_extensions(users, units)
            report.states.update(WorkOrder.objects.filter(pk__in=loaded).values_list("state", flat=True))
        showcase = 0
        if with_showcase:
            # A returned item with its coded reason, a mixed filing, a joint complaint (issue 10).
            for work_order in showcase_ensure(users=users, units=units):
                report.states[work_order.state] += 1
                showcase += 1
        report.work_orders_created = missing + showcase
    report.seconds = time.perf_counter() - started
    return report
