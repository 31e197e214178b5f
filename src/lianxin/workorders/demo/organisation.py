"""The demo organisation: Shaanxi units (real division codes) and one user per role, ensured idempotently.

Units are ensured by code and users by username, so a second load, or a database that already holds some of
the units, adds only what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from lianxin.accounts.models import OrgUnit, UnitKind, User
from lianxin.accounts.services import org_unit_ensure, user_create
from lianxin.domain.workflow import Role


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


def demo_units_ensure() -> tuple[dict[str, OrgUnit], int]:
    """Ensure every demo unit (by code), parents first; return them by demo key, and how many were created."""
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


def demo_users_all_exist() -> bool:
    """Whether every demo user is already there (then no password needs generating)."""
    usernames = [p.username for p in demo_people()]
    return User.objects.filter(username__in=usernames).count() == len(usernames)
