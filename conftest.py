"""Shared fixtures: the reference data, a province's organisation tree and one user per role."""

from __future__ import annotations

import pytest

from lianxin.accounts.models import OrgUnit, UnitKind, User
from lianxin.accounts.services import org_unit_create, user_create
from lianxin.domain.workflow import Role


def pytest_configure(config: pytest.Config) -> None:
    """Browser assertions wait up to 15 s for what they expect (Playwright's default is 5 s): a CI runner under load
    may take that long to push or render, and a correct page gets there; a wrong one still fails."""
    try:
        from playwright.sync_api import expect
    except ImportError:  # pragma: no cover - Playwright is a test dependency
        return
    expect.set_options(timeout=15_000)


@pytest.fixture(autouse=True)
def _fresh_reference_cache() -> None:
    """Each test starts with an empty per-process reference cache (its database was rolled back)."""
    from lianxin.common import reference_cache

    reference_cache.clear()


@pytest.fixture
def rules(db: None) -> None:
    """Rule sets, grounds, taxonomy and the holiday calendar, loaded as `lianxin start` loads them."""
    from lianxin.workorders.services import reference_data_load

    reference_data_load()


@pytest.fixture
def org(rules: None) -> dict[str, OrgUnit]:
    """省局 → 12315中心; 省局 → 西安市局 → 雁塔区局, 碑林区局; 省局 → 宝鸡市局 → 渭滨区局."""
    province = org_unit_create(
        name="陕西省市场监督管理局", code="SN", kind=UnitKind.PROVINCE_BUREAU, division_code="610000"
    )
    center = org_unit_create(
        name="陕西省12315指挥中心", code="SN12315", kind=UnitKind.CENTER, parent=province
    )
    xian = org_unit_create(
        name="西安市市场监督管理局",
        code="SN-6101",
        kind=UnitKind.CITY_BUREAU,
        parent=province,
        division_code="610100",
    )
    yanta = org_unit_create(
        name="西安市雁塔区市场监督管理局",
        code="SN-610113",
        kind=UnitKind.COUNTY_BUREAU,
        parent=xian,
        division_code="610113",
    )
    beilin = org_unit_create(
        name="西安市碑林区市场监督管理局",
        code="SN-610103",
        kind=UnitKind.COUNTY_BUREAU,
        parent=xian,
        division_code="610103",
    )
    baoji = org_unit_create(
        name="宝鸡市市场监督管理局",
        code="SN-6103",
        kind=UnitKind.CITY_BUREAU,
        parent=province,
        division_code="610300",
    )
    weibin = org_unit_create(
        name="宝鸡市渭滨区市场监督管理局",
        code="SN-610302",
        kind=UnitKind.COUNTY_BUREAU,
        parent=baoji,
        division_code="610302",
    )
    return {
        "province": province,
        "center": center,
        "xian": xian,
        "yanta": yanta,
        "beilin": beilin,
        "baoji": baoji,
        "weibin": weibin,
    }


@pytest.fixture
def people(org: dict[str, OrgUnit]) -> dict[str, User]:
    """One user per role; unit staff at 雁塔 (handler, leader), 碑林 (handler) and 西安 (leader)."""
    spec = {
        "agent": (Role.AGENT, "center"),
        "supervisor": (Role.SHIFT_SUPERVISOR, "center"),
        "manager": (Role.CENTER_MANAGER, "center"),
        "analyst": (Role.ANALYST, "center"),
        "administrator": (Role.ADMINISTRATOR, None),
        "yanta_handler": (Role.UNIT_HANDLER, "yanta"),
        "yanta_leader": (Role.UNIT_LEADER, "yanta"),
        "beilin_handler": (Role.UNIT_HANDLER, "beilin"),
        "xian_leader": (Role.UNIT_LEADER, "xian"),
        "weibin_handler": (Role.UNIT_HANDLER, "weibin"),
    }
    return {
        name: user_create(
            username=name,
            password="pass-1234",
            role=role,
            unit=org[unit] if unit else None,
            full_name=name,
        )
        for name, (role, unit) in spec.items()
    }


@pytest.fixture
def superuser_client(client, people):
    """A Django test client signed in as a superuser with the administrator role (which reads everything and,
    not handling cases, sees personal data masked)."""
    user = user_create(
        username="root",
        password="pass-1234",
        role=Role.ADMINISTRATOR,
        unit=None,
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(user)
    return client


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    """A browser test that fails tells what its page showed: the visible messages and a screenshot's path.

    A timeout ("waiting for #registered") says only that something did not appear; the page's own error messages
    say why, also in CI, where nobody can look at the browser.
    """
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    funcargs = getattr(item, "funcargs", {})
    page = funcargs.get("page") or funcargs.get("browser_page")
    if page is None or not hasattr(page, "screenshot"):
        return
    import tempfile
    from pathlib import Path

    try:
        shot = Path(tempfile.gettempdir()) / f"lianxin-failed-{item.name}.png"
        page.screenshot(path=str(shot), full_page=True)
        messages = page.locator(
            "[role=alert], .alert, .field-error, .errorlist, #form-errors, #call-result, .toast"
        ).all_inner_texts()
        text = "\n".join(m.strip() for m in messages if m.strip()) or "（页面上没有提示）"
        report.sections.append(("浏览器页面", f"{page.url}\n{text}\n截图：{shot}"))
    except Exception as error:  # diagnostics must never hide the test's own failure
        report.sections.append(("浏览器页面", f"无法读取页面：{error!r}"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Leave no test files behind in the temporary directory: the SQLite test database's WAL and shared-memory
    files (Django removes only the database file) and the knowledge search snapshot of this run."""
    import shutil
    from pathlib import Path

    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = str(database.get("TEST", {}).get("NAME") or "")
        for suffix in ("", "-wal", "-shm", "-journal"):
            if name and name != ":memory:":
                Path(name + suffix).unlink(missing_ok=True)
    index_dir = getattr(settings, "LIANXIN_KNOWLEDGE_INDEX_DIR", None)
    if index_dir is not None and "lianxin-test-" in str(index_dir):
        shutil.rmtree(index_dir, ignore_errors=True)
