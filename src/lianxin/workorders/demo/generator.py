"""The demo plan: pure and deterministic, a function of (count, seed, now).

A seeded `random.Random` and a seeded Faker draw each work order in turn: its kind, channel, facts and parties,
then (from `scenarios`) the state it should reach and the steps that bring it there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

from faker import Faker

from lianxin.domain.workflow import Action, Channel, Kind
from lianxin.workorders.services import WorkOrderInput

from . import content
from .organisation import COUNTIES, COUNTY_WEIGHTS, OUT_OF_PROVINCE, DemoUnit
from .scenarios import (
    CHANNEL_WEIGHTS,
    COMPLAINT_PATHS_OLD,
    COMPLAINT_PATHS_YOUNG,
    KIND_WEIGHTS,
    REPORT_PATHS_OLD,
    REPORT_PATHS_YOUNG,
    DemoStep,
    complaint_steps,
    report_steps,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAYS_BACK = 60


@dataclass(frozen=True, slots=True)
class DemoWorkOrder:
    registrar: str
    data: WorkOrderInput
    steps: tuple[DemoStep, ...] = ()


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


# The centre works 7×24: an item waits for it (registered, or returned by a unit) a day or two at most. Older items
# picked for those paths were dispatched, or redispatched, long ago — the 待分送 queue holds only recent ones.
REGISTERED_AT_MOST_DAYS = 1
RETURNED_AT_MOST_DAYS = 4


def _waiting_at_the_centre_only_if_recent(path: str, age: int) -> str:
    if path == "registered" and age > REGISTERED_AT_MOST_DAYS:
        return "dispatched"
    if path == "returned" and age > RETURNED_AT_MOST_DAYS:
        return "redispatched"
    return path


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
        kind = _pick(self.rng, KIND_WEIGHTS)
        channel = (
            Channel.HOTLINE
            if kind is Kind.CONSULTATION and self.rng.random() < 0.8
            else _pick(self.rng, CHANNEL_WEIGHTS)
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
        path = _waiting_at_the_centre_only_if_recent(
            _pick(self.rng, COMPLAINT_PATHS_YOUNG if age < 7 else COMPLAINT_PATHS_OLD), age
        )
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
        steps = complaint_steps(self.rng, path, registrar, county, destination, amount, scenario)
        return DemoWorkOrder(registrar, data, steps)

    def _report(self, channel: Channel, received: datetime, registrar: str, age: int) -> DemoWorkOrder:
        scenario = self.rng.choice(content.REPORTS)
        path = _waiting_at_the_centre_only_if_recent(
            _pick(self.rng, REPORT_PATHS_YOUNG if age < 10 else REPORT_PATHS_OLD), age
        )
        if age == 0 and path not in ("registered", "dispatched"):
            path = "dispatched"
        if path == "extended" and age > 18:
            # An extension is granted only before the 15 working days run out (approvals.py): an older report
            # still in verification is simply overdue.
            path = "verifying"
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
        steps = report_steps(
            self.rng,
            path,
            registrar,
            county,
            destination,
            is_anonymous=is_anonymous,
            finding=scenario.finding,
        )
        return DemoWorkOrder(registrar, data, steps)


def demo_plan(*, count: int, seed: int, now: datetime) -> list[DemoWorkOrder]:
    """`count` demo work orders received over the last ~60 days, oldest first, each with its steps."""
    planner = _Planner(seed=seed, now=now)
    plan = [planner.work_order() for _ in range(count)]
    return sorted(plan, key=lambda item: item.data.received_at)
