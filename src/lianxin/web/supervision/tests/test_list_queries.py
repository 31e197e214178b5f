"""The supervision screens' lists read a fixed number of queries whatever the number of their rows: the statistics
drill-down, the hot spots and one hot spot's work orders, the consumer warnings, the monthly reports, the rosters
(today's duty, the grid, the versions, the leave requests), a roster version's grid, and the wallboard (who is on
shift). Each page is rendered, rows are added, and it is rendered again: the query counts must be equal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from lianxin.analytics.models import ConsumerWarning, HotSpotAlert, MonthlyReport
from lianxin.analytics.tests.conftest import act, register
from lianxin.common import clock
from lianxin.domain.workflow import Action
from lianxin.tests.page_queries import assert_fixed_queries, page_queries, per_row_queries
from lianxin.workforce.models import (
    Agent,
    Leave,
    Roster,
    RosterAssignment,
    RosterVersion,
    SpecialPeriodSwitch,
)
from lianxin.workorders.tests.factories import at

pytestmark = pytest.mark.django_db

NOW = "2026-06-02 09:00"


def _dispatched(people, org, n: int):
    order = register(people, f"2026-05-{6 + n % 20:02d} 10:00", summary=f"冰箱{n}")
    return act(
        people, order, "agent", Action.DISPATCH, f"2026-05-{6 + n % 20:02d} 11:00",
        handling_unit_id=org["yanta" if n % 2 else "beilin"].pk,
    )


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-05-01", "end": "2026-05-31"},
        {"start": "2026-05-01", "end": "2026-05-31", "measure": "overdue"},
        {"start": "2026-05-01", "end": "2026-05-31", "by": "kind", "key": "complaint"},
    ],
)
def test_the_statistics_drill_down(client, people, org, params):
    client.force_login(people["analyst"])
    _dispatched(people, org, 0)
    with time_machine.travel(at(NOW), tick=False):
        assert_fixed_queries(
            client, "/analytics/work-orders/", params, lambda n: _dispatched(people, org, n + 1), marker='"number"'
        )


@pytest.mark.parametrize("by", ["category", "unit", "issue_type"])
def test_the_statistics_page_whatever_its_breakdown_rows(client, people, org, by):
    """The breakdown's rows (one per category, unit or issue type met) and the timeliness rows (one per unit)."""
    from lianxin.analytics.services.rollups import rollup_refresh
    from lianxin.workorders.models import Category, IssueType

    categories = list(Category.objects.filter(is_active=True).order_by("position").values_list("code", flat=True))
    issues = list(
        IssueType.objects.filter(is_active=True, applies_to="complaint").order_by("position").values_list("code", flat=True)
    )
    units = ["yanta", "beilin", "weibin"]

    def add(n: int) -> None:
        order = register(
            people, f"2026-05-{6 + n:02d} 10:00", category_code=categories[n], issue_type_code=issues[n % len(issues)]
        )
        act(people, order, "agent", Action.DISPATCH, f"2026-05-{6 + n:02d} 11:00", handling_unit_id=org[units[n % 3]].pk)
        with time_machine.travel(at(NOW), tick=False):
            rollup_refresh()

    add(0)
    client.force_login(people["analyst"])
    params = {"start": "2026-05-01", "end": "2026-05-31", "by": by}
    with time_machine.travel(at(NOW), tick=False):
        assert_fixed_queries(client, "/analytics/", params, lambda n: add(n + 1), marker="/analytics/work-orders/?", more=4)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_drill_down_export(client, people, org, fmt):
    """An export holds every row of the list: the same query count for one row as for six."""
    client.force_login(people["analyst"])
    _dispatched(people, org, 0)
    params = {"start": "2026-05-01", "end": "2026-05-31", "table": "drill", "format": fmt}
    with time_machine.travel(at(NOW), tick=False):
        if fmt == "csv":
            assert_fixed_queries(
                client, "/analytics/export/", params, lambda n: _dispatched(people, org, n + 1), marker="SN12315-"
            )
        else:  # a workbook: its rows are not text to count
            few = page_queries(client, "/analytics/export/", params)
            for n in range(5):
                _dispatched(people, org, n + 1)
            many = page_queries(client, "/analytics/export/", params)
            assert len(many) == len(few), per_row_queries(many, few)


def test_the_hot_spots_and_the_warnings(client, people, org):
    orders = [_dispatched(people, org, n) for n in range(3)]
    ids = [o.pk for o in orders]

    def alert(n: int) -> None:
        found = HotSpotAlert.objects.create(
            kind="volume_spike" if n % 2 else "group_complaint",
            detected_on=date(2026, 5, 25) - timedelta(days=n),
            subject_kind="business",
            subject_key=f"b{n}",
            subject_label=f"某商家{n}",
            observed=3,
            baseline=1.0,
            upper_limit=2,
            work_order_ids=ids,
        )
        ConsumerWarning.objects.create(
            alert=found if n % 2 else None,
            title=f"消费提示{n}",
            body="谨慎预付",
            status="published" if n % 2 else "draft",
            created_by=people["analyst"],
            published_by=people["analyst"] if n % 2 else None,
            published_at=clock.now() if n % 2 else None,
        )

    alert(0)
    client.force_login(people["analyst"])
    with time_machine.travel(at(NOW), tick=False):
        assert_fixed_queries(
            client, "/analytics/hotspots/", {}, lambda n: alert(n + 1), marker="/analytics/warnings/"
        )


def test_one_hot_spots_work_orders(client, people, org):
    alert = HotSpotAlert.objects.create(
        kind="group_complaint",
        detected_on=date(2026, 5, 25),
        subject_kind="business",
        subject_key="b",
        subject_label="某商家",
        observed=1,
        work_order_ids=[_dispatched(people, org, 0).pk],
    )

    def add(n: int) -> None:
        alert.work_order_ids = [*alert.work_order_ids, _dispatched(people, org, n + 1).pk]
        alert.save(update_fields=["work_order_ids"])

    client.force_login(people["analyst"])
    with time_machine.travel(at(NOW), tick=False):
        assert_fixed_queries(client, f"/analytics/hotspots/{alert.pk}/", {}, add, marker='"number"')


def test_the_monthly_reports(client, people, org):
    def report(n: int) -> None:
        MonthlyReport.objects.create(
            month=date(2026, 5 - n % 4, 1) - timedelta(days=365 * (n // 4)),
            xlsx=b"x",
            pdf=b"p",
            generated_by=people["analyst"] if n % 2 else None,
            seconds=1.5,
        )

    report(0)
    client.force_login(people["analyst"])
    with time_machine.travel(at(NOW), tick=False):
        assert_fixed_queries(client, "/analytics/reports/", {}, lambda n: report(n + 1), marker='.xlsx"')


@pytest.fixture
def roster(people):
    """A published roster for the week of 2026-06-01, and the version the page lists."""
    week = Roster.objects.create(starts_on=date(2026, 6, 1), days=7, title="6月第1周")
    version = RosterVersion.objects.create(
        roster=week,
        number=1,
        status="optimal",
        created_by=people["supervisor"],
        published_at=clock.now() - timedelta(days=3),
        published_by=people["supervisor"],
    )
    return version


def _agent_on_duty(people, version: RosterVersion, n: int) -> None:
    """One more agent (with an account for some) rostered on every day of the week, on shift at 09:00, with a
    leave request and an approved leave."""
    user = people["agent"] if n == 0 else None
    agent = Agent.objects.create(code=f"A{n:03d}", name=f"坐席{n}", user=user)
    for day in range(7):
        starts = clock.now().replace(hour=8, minute=0) + timedelta(days=day - 1)
        RosterAssignment.objects.create(
            version=version,
            agent=agent,
            shift_code="D" if n % 2 else "N",
            starts_at=starts,
            ends_at=starts + timedelta(hours=8),
            is_night=not n % 2,
        )
    Leave.objects.create(agent=agent, first_day=date(2026, 6, 4), last_day=date(2026, 6, 5), status="pending")
    Leave.objects.create(agent=agent, first_day=date(2026, 6, 6), last_day=date(2026, 6, 6), status="approved")


def test_the_rosters_page(client, people, roster):
    with time_machine.travel(at(NOW), tick=False):
        _agent_on_duty(people, roster, 0)
        SpecialPeriodSwitch.objects.create(is_on=False, switched_at=clock.now(), switched_by=people["supervisor"])

        def add(n: int) -> None:
            _agent_on_duty(people, roster, n + 1)
            RosterVersion.objects.create(
                roster=roster.roster, number=n + 2, status="feasible", created_by=people["manager"]
            )
            SpecialPeriodSwitch.objects.create(
                is_on=bool(n % 2), switched_at=clock.now(), switched_by=people["manager"]
            )

        client.force_login(people["supervisor"])
        assert_fixed_queries(client, "/rosters/", {}, add, marker="坐席")


def test_a_roster_version(client, people, roster):
    with time_machine.travel(at(NOW), tick=False):
        _agent_on_duty(people, roster, 0)
        client.force_login(people["supervisor"])
        assert_fixed_queries(
            client,
            f"/rosters/versions/{roster.pk}/",
            {},
            lambda n: _agent_on_duty(people, roster, n + 1),
            marker="坐席",
        )


def test_the_wallboard(client, people, org, roster):
    """Its lists: the agents signed in at a seat (their states), and who is on shift by the published roster."""
    from lianxin.accounts.services import user_create
    from lianxin.domain.workflow import Role
    from lianxin.intake.models import AgentSeat
    from lianxin.intake.services import agent_sign_in

    def add(n: int) -> None:
        _agent_on_duty(people, roster, n)
        user = user_create(
            username=f"wb-agent-{n}", password="pass-1234", role=Role.AGENT, unit=org["center"], full_name=f"坐席{n}"
        )
        AgentSeat.objects.create(extension=f"81{n:02d}")
        agent_sign_in(user=user, extension=f"81{n:02d}")

    with time_machine.travel(at(NOW), tick=False):
        add(0)
        client.force_login(people["supervisor"])
        assert_fixed_queries(client, "/wallboard/", {}, lambda n: add(n + 1), marker="坐席")
        client.defaults["HTTP_HX_REQUEST"] = "true"
        assert_fixed_queries(client, "/wallboard/", {}, lambda n: add(n + 20), marker="坐席")
