"""The benchmark workload: register + dispatch + accept of complaints, through the real services and through a
plain-ORM peer that does the same three writes without the statutory machinery.

Contract: Django is set up and migrated by the caller. `world_create()` builds the small organisation the bench
acts in (once per database); `world_load()` reads it back (once per process). `run_workload()` drives `count`
work orders in the calling process and returns their latencies; `count_queries()` runs a sample with a query
counter. Nothing here reads settings or chooses a database — `bench/run.py` does that.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any, Literal

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from lianxin.accounts.models import OrgUnit, UnitKind, User
from lianxin.accounts.services import org_unit_create, user_create
from lianxin.domain.workflow import Action, Channel, Kind, Role, State
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.selectors import rule_set_for
from lianxin.workorders.services import (
    TransitionInput,
    WorkOrderInput,
    work_order_register,
    work_order_transition,
)

Mode = Literal["service", "peer"]
OPERATIONS = ("register", "dispatch", "accept")

CENTER_CODE = "BENCH12315"
# (code, name, division code) — a few county bureaus the center dispatches to in turn.
COUNTY_BUREAUS = (
    ("BENCH-610113", "西安市雁塔区市场监督管理局", "610113"),
    ("BENCH-610103", "西安市碑林区市场监督管理局", "610103"),
    ("BENCH-610104", "西安市莲湖区市场监督管理局", "610104"),
    ("BENCH-610302", "宝鸡市渭滨区市场监督管理局", "610302"),
)
AGENTS_PER_CENTER = 4


@dataclass(frozen=True, slots=True)
class World:
    """The actors of one process: agents at the center, one handler per county bureau."""

    center: OrgUnit
    agents: tuple[User, ...]
    bureaus: tuple[OrgUnit, ...]
    handlers: tuple[User, ...]
    rule_set_id: int


@dataclass(slots=True)
class WorkloadResult:
    """Latencies in nanoseconds per operation, the wall time of the whole loop and the ids it created."""

    mode: Mode
    count: int
    wall_seconds: float
    started_at: float  # time.monotonic(), comparable across the processes of one machine
    finished_at: float
    latencies_ns: dict[str, list[int]] = field(default_factory=dict)
    work_order_ids: list[int] = field(default_factory=list)


@transaction.atomic
def world_create() -> None:
    """省局 → 12315中心 (agents) and 省局 → county bureaus (one handler each). Needs reference data loaded."""
    province = org_unit_create(
        name="基准测试省市场监督管理局", code="BENCH", kind=UnitKind.PROVINCE_BUREAU, division_code="610000"
    )
    center = org_unit_create(
        name="基准测试12315指挥中心", code=CENTER_CODE, kind=UnitKind.CENTER, parent=province
    )
    for n in range(1, AGENTS_PER_CENTER + 1):
        user_create(username=f"bench-agent-{n}", password=None, role=Role.AGENT, unit=center)
    for code, name, division in COUNTY_BUREAUS:
        bureau = org_unit_create(
            name=name, code=code, kind=UnitKind.COUNTY_BUREAU, parent=province, division_code=division
        )
        user_create(username=f"bench-handler-{code}", password=None, role=Role.UNIT_HANDLER, unit=bureau)


def world_load() -> World:
    """The actors with their units already joined, as an authenticated request would hold them."""
    users = User.objects.select_related("unit").filter(username__startswith="bench-").order_by("username")
    agents = tuple(u for u in users if u.role == Role.AGENT)
    by_unit = {u.unit.code: u for u in users if u.role == Role.UNIT_HANDLER and u.unit is not None}
    handlers = tuple(by_unit[code] for code, _, _ in COUNTY_BUREAUS)
    center = agents[0].unit if agents else None
    if center is None:
        raise RuntimeError("bench world missing: run world_create() on this database first")
    rule_set_id, _ = rule_set_for(timezone.localdate())
    return World(
        center=center,
        agents=agents,
        bureaus=tuple(h.unit for h in handlers if h.unit is not None),
        handlers=handlers,
        rule_set_id=rule_set_id,
    )


def complaint(sequence: int) -> WorkOrderInput:
    """A valid hotline complaint received a minute ago; varied enough that rows are not identical."""
    return WorkOrderInput(
        kind=Kind.COMPLAINT,
        channel=Channel.HOTLINE,
        received_at=timezone.now() - timedelta(minutes=1),
        contact_name="张伟",
        contact_phone=f"139{sequence % 100_000_000:08d}",
        contact_id_type="resident_id",
        contact_id_number="11010519491231002X",
        contact_address="西安市雁塔区小寨东路1号",
        respondent_name=f"西安某某电器有限公司第{sequence}分店",
        respondent_address="西安市雁塔区长安南路88号",
        respondent_division_code="610113",
        category_code="household_appliances",
        issue_type_code="quality",
        summary="新买冰箱不制冷",
        facts="购买冰箱一台，使用三天后不制冷，商家拒绝退换。",
        claims="退货退款",
        amount_involved=Decimal("3999.00"),
    )


# --- the real services ------------------------------------------------------------------------------------


def _service_steps(world: World, sequence: int, worker: int) -> Iterator[tuple[str, Callable[[], int]]]:
    agent = world.agents[(worker + sequence) % len(world.agents)]
    slot = sequence % len(world.bureaus)
    ids: dict[str, int] = {}

    def register() -> int:
        ids["pk"] = work_order_register(actor=agent, data=complaint(sequence)).pk
        return ids["pk"]

    def dispatch() -> int:
        data = TransitionInput(Action.DISPATCH, handling_unit_id=world.bureaus[slot].pk)
        return work_order_transition(work_order_id=ids["pk"], actor=agent, data=data).pk

    def accept() -> int:
        data = TransitionInput(Action.ACCEPT)
        return work_order_transition(work_order_id=ids["pk"], actor=world.handlers[slot], data=data).pk

    yield "register", register
    yield "dispatch", dispatch
    yield "accept", accept


# --- the peer: the same three writes as plain ORM -----------------------------------------------------------


def _peer_steps(world: World, sequence: int, worker: int) -> Iterator[tuple[str, Callable[[], int]]]:
    """Insert the work order and its event, then two state updates with an event each; one transaction per
    step, as the services do — but no validation, no numbering sequence, no clocks, no permission checks."""
    agent = world.agents[(worker + sequence) % len(world.agents)]
    slot = sequence % len(world.bureaus)
    handler = world.handlers[slot]
    ids: dict[str, int] = {}

    def register() -> int:
        data = complaint(sequence)
        now = timezone.now()
        with transaction.atomic():
            work_order = WorkOrder.objects.create(
                number=f"PEER-{worker}-{sequence:08d}",
                center=world.center,
                kind=data.kind.value,
                channel=data.channel.value,
                received_at=data.received_at,
                state=State.REGISTERED.value,
                version=1,
                rule_set_id=world.rule_set_id,
                contact_name=data.contact_name,
                contact_phone=data.contact_phone,
                contact_id_type=data.contact_id_type,
                contact_id_number=data.contact_id_number,
                contact_address=data.contact_address,
                respondent_name=data.respondent_name,
                respondent_address=data.respondent_address,
                respondent_division_code=data.respondent_division_code,
                summary=data.summary,
                facts=data.facts,
                claims=data.claims,
                amount_involved=data.amount_involved,
                registered_by=agent,
            )
            WorkOrderEvent.objects.create(
                work_order=work_order,
                sequence=1,
                action=Action.REGISTER.value,
                actor=agent,
                occurred_at=now,
                to_state=State.REGISTERED.value,
            )
        ids["pk"] = work_order.pk
        return work_order.pk

    def move(actor: User, action: Action, source: State, target: State, **extra: Any) -> int:
        now = timezone.now()
        with transaction.atomic():
            WorkOrder.objects.filter(pk=ids["pk"]).update(
                state=target.value, version=F("version") + 1, updated_at=now, **extra
            )
            WorkOrderEvent.objects.create(
                work_order_id=ids["pk"],
                sequence=2 if action is Action.DISPATCH else 3,
                action=action.value,
                actor=actor,
                occurred_at=now,
                from_state=source.value,
                to_state=target.value,
            )
        return ids["pk"]

    def dispatch() -> int:
        return move(
            agent,
            Action.DISPATCH,
            State.REGISTERED,
            State.DISPATCHED,
            handling_unit_id=world.bureaus[slot].pk,
        )

    def accept() -> int:
        return move(handler, Action.ACCEPT, State.DISPATCHED, State.ACCEPTED, accepted_at=timezone.now())

    yield "register", register
    yield "dispatch", dispatch
    yield "accept", accept


STEPS = {"service": _service_steps, "peer": _peer_steps}


def run_workload(
    *, mode: Mode, world: World, count: int, worker: int = 0, first_sequence: int = 0
) -> WorkloadResult:
    """Drive `count` work orders through register → dispatch → accept, one after another, timing each step."""
    steps_of = STEPS[mode]
    latencies: dict[str, list[int]] = {name: [] for name in OPERATIONS}
    ids: list[int] = []
    started = time.monotonic()
    for sequence in range(first_sequence, first_sequence + count):
        for name, step in steps_of(world, sequence, worker):
            began = time.perf_counter_ns()
            pk = step()
            latencies[name].append(time.perf_counter_ns() - began)
        ids.append(pk)
    finished = time.monotonic()
    return WorkloadResult(
        mode=mode,
        count=count,
        wall_seconds=finished - started,
        started_at=started,
        finished_at=finished,
        latencies_ns=latencies,
        work_order_ids=ids,
    )


# --- query counting ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _QueryCounter:
    """An execute wrapper: counts statements and the time spent inside the database driver."""

    statements: list[str] = field(default_factory=list)
    database_ns: int = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter_ns()
        try:
            return execute(sql, params, many, context)
        finally:
            self.database_ns += time.perf_counter_ns() - began
            self.statements.append(sql)


@dataclass(frozen=True, slots=True)
class OperationQueries:
    """Per operation, over a sample: statements per call (max and mean), the share of the call's time spent in
    the database driver, and the statements of the first call (for reading)."""

    per_call_max: int
    per_call_mean: float
    database_share: float
    by_verb: dict[str, float]
    first_call_sql: list[str]


@contextmanager
def _counting() -> Iterator[_QueryCounter]:
    counter = _QueryCounter()
    with connection.execute_wrapper(counter):
        yield counter


def count_queries(
    *, mode: Mode, world: World, sample: int, worker: int = 0, first_sequence: int = 0
) -> dict[str, OperationQueries]:
    """Run `sample` work orders with a query counter around each step (also warms the process up)."""
    counts: dict[str, list[int]] = {name: [] for name in OPERATIONS}
    verbs: dict[str, dict[str, int]] = {name: {} for name in OPERATIONS}
    database_ns = dict.fromkeys(OPERATIONS, 0)
    total_ns = dict.fromkeys(OPERATIONS, 0)
    first: dict[str, list[str]] = {}
    for sequence in range(first_sequence, first_sequence + sample):
        for name, step in STEPS[mode](world, sequence, worker):
            began = time.perf_counter_ns()
            with _counting() as counter:
                step()
            total_ns[name] += time.perf_counter_ns() - began
            database_ns[name] += counter.database_ns
            counts[name].append(len(counter.statements))
            for sql in counter.statements:
                verb = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"
                verbs[name][verb] = verbs[name].get(verb, 0) + 1
            first.setdefault(name, list(counter.statements))
    return {
        name: OperationQueries(
            per_call_max=max(counts[name]),
            per_call_mean=sum(counts[name]) / len(counts[name]),
            database_share=database_ns[name] / total_ns[name] if total_ns[name] else 0.0,
            by_verb={verb: n / sample for verb, n in sorted(verbs[name].items())},
            first_call_sql=first[name],
        )
        for name in OPERATIONS
    }
