"""Demo data for the workstation (`lianxin start --demo`): seats, a senior skill, call history, a blocked number.

Idempotent: seats by extension, calls by their `demo-…` call id, the blocked number by number.
"""

from __future__ import annotations

import random
from datetime import timedelta

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.common.fields import blind_index_for
from lianxin.workorders.models import WorkOrder

from .models import AgentSeat, AgentSkill, BlockedNumber, Call, PbxToken
from .services import pbx_token_create

DEMO_BLOCKED = ("13800138000", "多次来电辱骂话务员（演示数据）")
SEATS = 10


def intake_demo_load(
    *, registrars: list[User], supervisor: User | None, seed: int = 12315
) -> dict[str, object]:
    rng = random.Random(seed)  # noqa: S311 - demo data
    created_seats = 0
    for n in range(1, SEATS + 1):
        _, created = AgentSeat.objects.get_or_create(extension=f"80{n:02d}", defaults={"name": f"{n}号坐席"})
        created_seats += int(created)
    if supervisor is not None:
        AgentSkill.objects.get_or_create(user=supervisor, skill="senior")
    if not BlockedNumber.objects.filter(
        number_index=blind_index_for(BlockedNumber, "number_index", DEMO_BLOCKED[0])
    ):
        BlockedNumber.objects.create(
            number=DEMO_BLOCKED[0],
            reason=DEMO_BLOCKED[1],
            expires_at=clock.now() + timedelta(days=30),
            created_by=supervisor,
        )
    calls = 0
    work_orders = WorkOrder.objects.filter(registered_by__in=registrars, channel="hotline").exclude(
        contact_phone=""
    )
    for work_order in work_orders.order_by("-received_at")[:120]:
        call_id = f"demo-{work_order.number}"
        if Call.objects.filter(call_id=call_id).exists():
            continue
        offered = work_order.received_at - timedelta(seconds=rng.randint(240, 900))
        answered = offered + timedelta(seconds=rng.randint(3, 40))
        ended = answered + timedelta(seconds=rng.randint(90, 420))
        call = Call.objects.create(
            call_id=call_id,
            direction="in",
            from_number=work_order.contact_phone,
            to_number="12315",
            caller_number=work_order.contact_phone.replace("-", ""),
            queue="12315",
            offered_at=offered,
            answered_at=answered,
            ended_at=ended,
            wait_seconds=int((answered - offered).total_seconds()),
            talk_seconds=int((ended - answered).total_seconds()),
            agent=work_order.registered_by,
            cause="answered",
            pbx_cause="normalClearing",
        )
        call.work_orders.add(work_order)
        calls += 1
        if rng.random() < 0.15:  # the same caller also gave up once before getting through
            early = offered - timedelta(minutes=rng.randint(5, 120))
            Call.objects.create(
                call_id=f"{call_id}-a",
                from_number=work_order.contact_phone,
                to_number="12315",
                caller_number=work_order.contact_phone.replace("-", ""),
                queue="12315",
                offered_at=early,
                ended_at=early + timedelta(seconds=rng.randint(20, 90)),
                wait_seconds=rng.randint(20, 90),
                cause="abandoned",
                pbx_cause="cancel",
            )
            calls += 1
    token = None
    if not PbxToken.objects.filter(name="演示交换机").exists():
        _, token = pbx_token_create(name="演示交换机")
    sample = (
        work_orders.filter(kind="complaint")
        .exclude(state__in=["closed", "transferred", "merged"])
        .order_by("-received_at")
        .values_list("contact_phone", flat=True)
        .first()
    )
    return {
        "seats_created": created_seats,
        "calls_created": calls,
        "pbx_token": token,
        "sample_caller": sample,
    }
