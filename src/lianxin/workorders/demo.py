"""Demo data for `lianxin start --demo`: an organisation, one user per role, and a few hundred work orders.

Everything is written through the real services (registration, transitions), so the demo work orders carry
their clocks, due dates and events exactly as real ones do. Registration takes a `received_at` in the past;
the transitions happen now (the services read the one clock). Idempotent: units and users are ensured by code
and username, and only the work orders missing to reach `count` are added. Deterministic for a given seed
and day: `demo_plan` is a pure function of (count, seed, now).
"""

from __future__ import annotations

import random
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker

from lianxin.accounts.models import OrgUnit, UnitKind, User
from lianxin.accounts.services import org_unit_ensure, user_create
from lianxin.common import clock
from lianxin.domain.workflow import Action, Channel, Kind, Role

from . import demo_content as content
from .models import RuleSet, WorkOrder
from .services import (
    TransitionInput,
    WorkOrderInput,
    reference_data_load,
    work_order_register,
    work_order_transition,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_SEED = 12315
DAYS_BACK = 60


@dataclass(frozen=True, slots=True)
class DemoUnit:
    key: str
    name: str
    code: str
    kind: UnitKind
    parent: str | None
    division_code: str = ""
    place: str = ""  # how an address in this unit's area begins, e.g. "陕西省西安市雁塔区"


# Division codes are the real ones (GB/T 2260): 陕西 610000, 西安 610100 …
DEMO_UNITS: tuple[DemoUnit, ...] = (
    DemoUnit("province", "陕西省市场监督管理局", "SN", UnitKind.PROVINCE_BUREAU, None, "610000"),
    DemoUnit("center", "陕西省12315指挥中心", "SN12315", UnitKind.CENTER, "province"),
    DemoUnit("xian", "西安市市场监督管理局", "SN-6101", UnitKind.CITY_BUREAU, "province", "610100"),
    DemoUnit(
        "yanta",
        "西安市雁塔区市场监督管理局",
        "SN-610113",
        UnitKind.COUNTY_BUREAU,
        "xian",
        "610113",
        "陕西省西安市雁塔区",
    ),
    DemoUnit(
        "beilin",
        "西安市碑林区市场监督管理局",
        "SN-610103",
        UnitKind.COUNTY_BUREAU,
        "xian",
        "610103",
        "陕西省西安市碑林区",
    ),
    DemoUnit(
        "weiyang",
        "西安市未央区市场监督管理局",
        "SN-610112",
        UnitKind.COUNTY_BUREAU,
        "xian",
        "610112",
        "陕西省西安市未央区",
    ),
    DemoUnit(
        "changan",
        "西安市长安区市场监督管理局",
        "SN-610116",
        UnitKind.COUNTY_BUREAU,
        "xian",
        "610116",
        "陕西省西安市长安区",
    ),
    DemoUnit("baoji", "宝鸡市市场监督管理局", "SN-6103", UnitKind.CITY_BUREAU, "province", "610300"),
    DemoUnit(
        "weibin",
        "宝鸡市渭滨区市场监督管理局",
        "SN-610302",
        UnitKind.COUNTY_BUREAU,
        "baoji",
        "610302",
        "陕西省宝鸡市渭滨区",
    ),
    DemoUnit(
        "jintai",
        "宝鸡市金台区市场监督管理局",
        "SN-610303",
        UnitKind.COUNTY_BUREAU,
        "baoji",
        "610303",
        "陕西省宝鸡市金台区",
    ),
    DemoUnit("xianyang", "咸阳市市场监督管理局", "SN-6104", UnitKind.CITY_BUREAU, "province", "610400"),
    DemoUnit(
        "qindu",
        "咸阳市秦都区市场监督管理局",
        "SN-610402",
        UnitKind.COUNTY_BUREAU,
        "xianyang",
        "610402",
        "陕西省咸阳市秦都区",
    ),
)
COUNTIES: tuple[DemoUnit, ...] = tuple(u for u in DEMO_UNITS if u.kind == UnitKind.COUNTY_BUREAU)
# Xi'an's central districts get most of the traffic.
COUNTY_WEIGHTS: tuple[int, ...] = (30, 22, 16, 10, 9, 6, 7)

# Businesses outside Shaanxi: the item goes to that province's 12315 (属地管辖).
OUT_OF_PROVINCE: tuple[tuple[str, str, str], ...] = (
    ("广东省深圳市南山区", "440305", "广东省12315"),
    ("浙江省杭州市余杭区", "330110", "浙江省12315"),
    ("上海市浦东新区", "310115", "上海市12315"),
    ("四川省成都市武侯区", "510107", "四川省12315"),
)


@dataclass(frozen=True, slots=True)
class DemoPerson:
    username: str
    role: Role
    unit: str | None
    full_name: str
    is_staff: bool = False
    is_superuser: bool = False


_UNIT_STAFF_NAMES = (
    "赵磊",
    "钱丽",
    "孙浩",
    "周婷",
    "吴军",
    "郑燕",
    "冯涛",
    "褚颖",
    "卫东",
    "蒋欣",
    "沈斌",
    "韩雪",
    "朱峰",
    "秦岚",
)


def demo_people() -> tuple[DemoPerson, ...]:
    """One user per role at the center, a handler and a leader at each county bureau, a leader at Xi'an."""
    people = [
        DemoPerson("demo_agent", Role.AGENT, "center", "王芳"),
        DemoPerson("demo_supervisor", Role.SHIFT_SUPERVISOR, "center", "李强"),
        DemoPerson("demo_manager", Role.CENTER_MANAGER, "center", "张敏"),
        DemoPerson("demo_analyst", Role.ANALYST, "center", "刘洋"),
        DemoPerson("demo_administrator", Role.ADMINISTRATOR, None, "陈静", is_staff=True, is_superuser=True),
        DemoPerson("demo_leader_xian", Role.UNIT_LEADER, "xian", "杨帆"),
    ]
    names = iter(_UNIT_STAFF_NAMES)
    for county in COUNTIES:
        people.append(DemoPerson(f"demo_handler_{county.key}", Role.UNIT_HANDLER, county.key, next(names)))
        people.append(DemoPerson(f"demo_leader_{county.key}", Role.UNIT_LEADER, county.key, next(names)))
    return tuple(people)


@dataclass(frozen=True, slots=True)
class DemoStep:
    """One transition to take, naming the actor, unit and approver by demo key rather than by id."""

    action: Action
    actor: str
    note: str = ""
    ground_code: str = ""
    amount_recovered: Decimal | None = None
    unit: str | None = None
    approver: str | None = None
    transfer_destination: str = ""


@dataclass(frozen=True, slots=True)
class DemoWorkOrder:
    registrar: str
    data: WorkOrderInput
    steps: tuple[DemoStep, ...] = ()


@dataclass(slots=True)
class DemoReport:
    units_created: int = 0
    users_created: int = 0
    work_orders_created: int = 0
    generated_password: str | None = None
    states: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


# --- the plan: pure, deterministic -------------------------------------------------------------------------

_COMPLAINT_PATHS_YOUNG = {  # received within the last week
    "registered": 4,
    "dispatched": 30,
    "identity_pending": 3,
    "returned": 4,
    "redispatched": 3,
    "accepted": 16,
    "mediating": 14,
    "suspended": 2,
    "agreed": 10,
    "declined": 6,
    "terminated": 2,
    "transferred": 3,
}
_COMPLAINT_PATHS_OLD = {
    "registered": 0,
    "dispatched": 6,
    "identity_pending": 2,
    "returned": 2,
    "redispatched": 2,
    "accepted": 5,
    "mediating": 18,
    "suspended": 3,
    "agreed": 16,
    "agreed_closed": 20,
    "declined": 4,
    "declined_closed": 8,
    "terminated": 5,
    "terminated_closed": 8,
    "transferred": 3,
}
_REPORT_PATHS_YOUNG = {"registered": 3, "dispatched": 10, "verifying": 12, "transferred": 1}
_REPORT_PATHS_OLD = {
    "dispatched": 2,
    "verifying": 8,
    "extended": 5,
    "case_opened": 4,
    "case_not_opened": 3,
    "informed": 5,
    "closed": 8,
    "transferred": 1,
}
_KIND_WEIGHTS = {Kind.COMPLAINT: 52, Kind.CONSULTATION: 30, Kind.REPORT: 15, Kind.SUGGESTION: 3}
_CHANNEL_WEIGHTS = {
    Channel.HOTLINE: 55,
    Channel.WEB: 18,
    Channel.MINI_PROGRAM: 11,
    Channel.APP: 8,
    Channel.WALK_IN: 5,
    Channel.LETTER: 3,
}
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_MOBILE_PREFIXES = (
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "152",
    "156",
    "158",
    "159",
    "177",
    "180",
    "186",
    "187",
    "189",
    "199",
)


_Key = TypeVar("_Key")


def _pick(rng: random.Random, weights: dict[_Key, int]) -> _Key:
    keys = [k for k, w in weights.items() if w > 0]
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


class _Planner:
    """Draws one demo work order at a time from a seeded random generator and a seeded Faker."""

    def __init__(self, *, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.now = now.astimezone(SHANGHAI)

    # -- facts ---------------------------------------------------------------------------------------------
    def received_at(self, age_days: int) -> datetime:
        day = (self.now - timedelta(days=age_days)).date()
        hour = self.rng.choices(range(24), weights=[1] * 7 + [4] * 2 + [9] * 9 + [5] * 4 + [2] * 2)[0]
        moment = datetime(day.year, day.month, day.day, hour, self.rng.randrange(60), tzinfo=SHANGHAI)
        if moment > self.now:
            moment = self.now - timedelta(minutes=self.rng.randint(5, 120))
        return moment

    def mobile(self) -> str:
        return self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def street(self, place: str) -> str:
        return f"{place}{self.fake.street_name()}{self.rng.randint(1, 399)}号"

    def home_address(self, place: str) -> str:
        return (
            f"{self.street(place)}{self.rng.randint(1, 30)}号楼{self.rng.randint(1, 4)}单元"
            f"{self.rng.randint(1, 32)}{self.rng.randint(1, 4):02d}室"
        )

    def business_name(self, place: str, suffix: str) -> str:
        """ "陕西省西安市雁塔区" → "西安" + a trade name + the suffix, as a business name is usually formed."""
        city = place.split("省", 1)[-1].split("市", 1)[0]
        return f"{city}{self.fake.company_prefix()}{suffix}"

    def credit_code(self, division_code: str) -> str:
        body = "91" + division_code + "".join(self.rng.choice(_CREDIT_ALPHABET) for _ in range(9))
        total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
        return body + _CREDIT_ALPHABET[(31 - total % 31) % 31]

    def amount(self, low: int, high: int) -> Decimal:
        return Decimal(self.rng.randint(low * 100, high * 100)) / 100

    def bought_on(self, received: datetime) -> str:
        day = received - timedelta(days=self.rng.randint(3, 40))
        return f"{day.year}年{day.month}月{day.day}日"

    # -- work orders -----------------------------------------------------------------------------------------
    def work_order(self) -> DemoWorkOrder:
        age = self.rng.randrange(DAYS_BACK)
        kind = _pick(self.rng, _KIND_WEIGHTS)
        channel = (
            Channel.HOTLINE
            if kind is Kind.CONSULTATION and self.rng.random() < 0.8
            else _pick(self.rng, _CHANNEL_WEIGHTS)
        )
        received = self.received_at(age)
        registrar = self.rng.choice(("demo_agent", "demo_agent", "demo_supervisor"))
        if kind in (Kind.CONSULTATION, Kind.SUGGESTION):
            return self._consultation(kind, channel, received, registrar, age)
        if kind is Kind.REPORT:
            return self._report(channel, received, registrar, age)
        return self._complaint(channel, received, registrar, age)

    def _consultation(
        self, kind: Kind, channel: Channel, received: datetime, registrar: str, age: int
    ) -> DemoWorkOrder:
        pool = content.CONSULTATIONS if kind is Kind.CONSULTATION else content.SUGGESTIONS
        item = self.rng.choice(pool)
        data = WorkOrderInput(
            kind=kind,
            channel=channel,
            received_at=received,
            contact_name=self.fake.name() if self.rng.random() < 0.6 else "",
            contact_phone=self.mobile(),
            summary=item.summary,
            facts=f"来电人咨询：{item.summary}。",
        )
        if age == 0 and self.rng.random() < 0.3:
            return DemoWorkOrder(registrar, data)
        return DemoWorkOrder(registrar, data, (DemoStep(Action.ANSWER, registrar, note=item.answer),))

    def _respondent(self, suffix: str, *, outside: bool) -> tuple[dict[str, str], DemoUnit | None, str]:
        if outside:
            place, division, destination = self.rng.choice(OUT_OF_PROVINCE)
            return (
                {
                    "respondent_name": self.business_name(place, suffix),
                    "respondent_address": self.street(place),
                    "respondent_division_code": division,
                },
                None,
                destination,
            )
        county = self.rng.choices(COUNTIES, weights=COUNTY_WEIGHTS)[0]
        facts = {
            "respondent_name": self.business_name(county.place, suffix),
            "respondent_address": self.street(county.place),
            "respondent_division_code": county.division_code,
        }
        if self.rng.random() < 0.5:
            facts["respondent_credit_code"] = self.credit_code(county.division_code)
        return facts, county, ""

    def _complaint(self, channel: Channel, received: datetime, registrar: str, age: int) -> DemoWorkOrder:
        scenario = self.rng.choice(content.COMPLAINTS)
        path = _pick(self.rng, _COMPLAINT_PATHS_YOUNG if age < 7 else _COMPLAINT_PATHS_OLD)
        if age == 0 and path not in ("registered", "dispatched", "transferred"):
            path = "dispatched"
        respondent, county, destination = self._respondent(
            scenario.business_suffix, outside=path == "transferred"
        )
        amount = self.amount(*scenario.amount)
        platform = ""
        if scenario.online:
            pool = content.FOOD_PLATFORMS if scenario.category == "food" else content.PLATFORMS
            platform = self.rng.choice(pool)
            respondent["respondent_online_role"] = "platform_seller"
            respondent["respondent_platform_name"] = platform
            respondent["respondent_published_address"] = respondent["respondent_address"]
        item = self.rng.choice(scenario.items)
        text = {
            "business": respondent["respondent_name"],
            "platform": platform,
            "amount": f"{amount}",
            "bought": self.bought_on(received),
            "item": item,
        }
        place = county.place if county else "陕西省西安市雁塔区"
        data = WorkOrderInput(
            kind=Kind.COMPLAINT,
            channel=channel,
            received_at=received,
            contact_name=self.fake.name(),
            contact_phone=self.mobile(),
            contact_address=self.home_address(place),
            **(
                {"contact_id_type": "resident_id", "contact_id_number": self.fake.ssn()}
                if self.rng.random() < 0.7
                else {}
            ),
            is_identity_verified=False,
            category_code=scenario.category,
            issue_type_code=scenario.issue_type,
            summary=scenario.summary.format(**text),
            facts=scenario.facts.format(**text),
            claims=scenario.claims,
            amount_involved=amount,
            consents_to_publish=self.rng.random() < 0.4,
            is_group_complaint=scenario.category == "life_social_services" and self.rng.random() < 0.2,
            **respondent,
        )
        steps = self._complaint_steps(path, registrar, county, destination, amount, scenario.resolution)
        return DemoWorkOrder(registrar, data, steps)

    def _complaint_steps(
        self,
        path: str,
        registrar: str,
        county: DemoUnit | None,
        destination: str,
        amount: Decimal,
        resolution: str,
    ) -> tuple[DemoStep, ...]:
        if path == "registered":
            return ()
        if path == "transferred":
            note = f"被投诉人位于外省，按属地管辖转{destination}处理。"
            return (DemoStep(Action.TRANSFER_OUT, registrar, note=note, transfer_destination=destination),)
        assert county is not None  # noqa: S101 - only transfers have no county
        handler, leader = f"demo_handler_{county.key}", f"demo_leader_{county.key}"
        if path in ("returned", "redispatched"):
            wrong = self.rng.choice([c for c in COUNTIES if c.key != county.key])
            steps = [
                DemoStep(Action.DISPATCH, registrar, unit=wrong.key),
                DemoStep(
                    Action.RETURN,
                    f"demo_handler_{wrong.key}",
                    note=f"经核实，被投诉人经营地址位于{county.place.removeprefix('陕西省')}，"
                    "不属于本单位管辖，退回重新分送。",
                ),
            ]
            if path == "redispatched":
                steps.append(DemoStep(Action.REDISPATCH, registrar, unit=county.key))
            return tuple(steps)
        steps = [DemoStep(Action.DISPATCH, registrar, unit=county.key)]
        if path == "dispatched":
            return tuple(steps)
        if path == "identity_pending":
            steps.append(
                DemoStep(Action.REQUEST_IDENTITY, handler, note="已通知投诉人限期提供身份证明材料。")
            )
            return tuple(steps)
        if path.startswith("declined"):
            ground, note = self.rng.choice(content.DECLINES)
            steps.append(DemoStep(Action.DECLINE, handler, note=note, ground_code=ground))
            if path == "declined_closed":
                steps.append(DemoStep(Action.CLOSE, handler))
            return tuple(steps)
        steps.append(DemoStep(Action.ACCEPT, handler, note="材料齐全，依法受理。"))
        if path == "accepted":
            return tuple(steps)
        steps.append(DemoStep(Action.START_MEDIATION, handler, note="已通知双方调解时间和地点。"))
        if path == "suspended":
            steps.append(
                DemoStep(
                    Action.SUSPEND_MEDIATION,
                    handler,
                    ground_code="testing_appraisal",
                    note="双方同意送检，检测期间不计入调解期限。",
                )
            )
        elif path.startswith("agreed"):
            share = Decimal(self.rng.choice((100, 100, 100, 80, 60, 50))) / 100
            steps.append(
                DemoStep(
                    Action.REACH_AGREEMENT,
                    handler,
                    note=f"经调解，{resolution}",
                    amount_recovered=(amount * share).quantize(Decimal("0.01")),
                )
            )
            if path == "agreed_closed":
                steps.append(DemoStep(Action.CLOSE, handler, note="调解协议已履行。"))
        elif path.startswith("terminated"):
            ground, note = self.rng.choice(content.TERMINATIONS)
            steps.append(DemoStep(Action.TERMINATE_MEDIATION, handler, note=note, ground_code=ground))
            if path == "terminated_closed":
                steps.append(DemoStep(Action.CLOSE, leader, note="已书面告知双方终止调解。"))
        return tuple(steps)

    def _report(self, channel: Channel, received: datetime, registrar: str, age: int) -> DemoWorkOrder:
        scenario = self.rng.choice(content.REPORTS)
        path = _pick(self.rng, _REPORT_PATHS_YOUNG if age < 10 else _REPORT_PATHS_OLD)
        if age == 0 and path not in ("registered", "dispatched"):
            path = "dispatched"
        respondent, county, destination = self._respondent(
            scenario.business_suffix, outside=path == "transferred"
        )
        is_anonymous = self.rng.random() < 0.3
        data = WorkOrderInput(
            kind=Kind.REPORT,
            channel=channel,
            received_at=received,
            is_anonymous=is_anonymous,
            contact_name="" if is_anonymous else self.fake.name(),
            contact_phone="" if is_anonymous else self.mobile(),
            issue_type_code=scenario.issue_type,
            summary=scenario.summary,
            facts=scenario.facts.format(business=respondent["respondent_name"]),
            **respondent,
        )
        if path == "registered":
            return DemoWorkOrder(registrar, data)
        if path == "transferred":
            note = f"被举报人位于外省，按属地管辖转{destination}处理。"
            step = DemoStep(Action.TRANSFER_OUT, registrar, note=note, transfer_destination=destination)
            return DemoWorkOrder(registrar, data, (step,))
        assert county is not None  # noqa: S101 - only transfers have no county
        handler, leader = f"demo_handler_{county.key}", f"demo_leader_{county.key}"
        steps = [DemoStep(Action.DISPATCH, registrar, unit=county.key)]
        if path != "dispatched":
            steps.append(DemoStep(Action.START_VERIFICATION, handler, note="已安排执法人员现场核查。"))
        if path == "extended":
            steps.append(
                DemoStep(
                    Action.EXTEND_VERIFICATION,
                    handler,
                    approver=leader,
                    note="情况复杂，经负责人批准延长核查期限十五个工作日。",
                )
            )
        if path in ("case_opened", "case_not_opened", "informed", "closed"):
            if self.rng.random() < 0.55:
                steps.append(
                    DemoStep(Action.OPEN_CASE, leader, note=f"经核查，{scenario.finding}，决定立案。")
                )
            else:
                steps.append(
                    DemoStep(
                        Action.DECLINE_CASE, leader, note="经核查，未发现举报所称违法行为，决定不予立案。"
                    )
                )
            if path in ("informed", "closed") and not is_anonymous:
                steps.append(DemoStep(Action.INFORM_REPORTER, handler, note="已电话告知举报人处理结果。"))
            if path == "closed":
                steps.append(DemoStep(Action.CLOSE, handler))
        return DemoWorkOrder(registrar, data, tuple(steps))


def demo_plan(*, count: int, seed: int, now: datetime) -> list[DemoWorkOrder]:
    """`count` demo work orders received over the last ~60 days, oldest first, each with its steps."""
    planner = _Planner(seed=seed, now=now)
    plan = [planner.work_order() for _ in range(count)]
    return sorted(plan, key=lambda item: item.data.received_at)


# --- loading: through the services --------------------------------------------------------------------------


def demo_units_ensure() -> tuple[dict[str, OrgUnit], int]:
    units: dict[str, OrgUnit] = {}
    created = 0
    for spec in DEMO_UNITS:
        existed = OrgUnit.objects.filter(code=spec.code).exists()
        units[spec.key] = org_unit_ensure(
            name=spec.name,
            code=spec.code,
            kind=spec.kind,
            parent=units[spec.parent] if spec.parent else None,
            division_code=spec.division_code,
        )
        created += not existed
    return units, created


def demo_users_ensure(*, units: dict[str, OrgUnit], password: str) -> tuple[dict[str, User], int]:
    """Create the demo users that are missing; existing ones keep their password and settings."""
    people = demo_people()
    existing = {u.username: u for u in User.objects.filter(username__in=[p.username for p in people])}
    users: dict[str, User] = {}
    created = 0
    # One hash for all of them: a password hash takes half a second by design, twenty would dominate the load.
    encoded = make_password(password) if password else None
    for person in people:
        user = existing.get(person.username)
        if user is None:
            user = user_create(
                username=person.username,
                password=None,
                role=person.role,
                unit=units[person.unit] if person.unit else None,
                full_name=person.full_name,
                is_staff=person.is_staff,
                is_superuser=person.is_superuser,
            )
            if encoded:
                user.password = encoded
                user.save(update_fields=["password"])
            created += 1
        users[person.username] = user
    return users, created


def _register(item: DemoWorkOrder, users: dict[str, User], units: dict[str, OrgUnit]) -> WorkOrder:
    work_order = work_order_register(actor=users[item.registrar], data=item.data)
    for step in item.steps:
        work_order = work_order_transition(
            work_order_id=work_order.pk,
            actor=users[step.actor],
            data=TransitionInput(
                action=step.action,
                note=step.note,
                ground_code=step.ground_code,
                amount_recovered=step.amount_recovered,
                handling_unit_id=units[step.unit].pk if step.unit else None,
                approver_id=users[step.approver].pk if step.approver else None,
                transfer_destination=step.transfer_destination,
            ),
        )
    return work_order


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
        if password is None and not _all_demo_users_exist():
            password = secrets.token_urlsafe(9)
            report.generated_password = password
        users, report.users_created = demo_users_ensure(units=units, password=password or "")
        registrars = [users["demo_agent"], users["demo_supervisor"]]
        existing = WorkOrder.objects.filter(registered_by__in=registrars).count()
        missing = max(0, count - existing)
        if missing:
            # A different seed for a top-up, so it does not repeat the work orders already there.
            for item in demo_plan(count=missing, seed=seed + existing, now=clock.now()):
                work_order = _register(item, users, units)
                report.states[work_order.state] += 1
        report.work_orders_created = missing
    report.seconds = time.perf_counter() - started
    return report


def _all_demo_users_exist() -> bool:
    usernames = [p.username for p in demo_people()]
    return User.objects.filter(username__in=usernames).count() == len(usernames)
