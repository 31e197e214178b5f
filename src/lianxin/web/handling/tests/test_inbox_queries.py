"""The inbox's query shapes (ADR 0021) give exactly the rows of the plain ordered query: keyset pages, deferred
deep pages, the windowed text search, the received-date range in the center's days, and the keyword rule for
readers who see free text masked. Runs on SQLite and PostgreSQL (where the text filters use GIN indexes)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lianxin.accounts.models import User
from lianxin.domain.workflow import Role
from lianxin.web.handling import inbox
from lianxin.web.handling.inbox import (
    InboxFilters,
    inbox_after,
    inbox_base,
    inbox_cursor,
    inbox_list,
    inbox_search,
    inbox_slice,
)
from lianxin.workorders.models import RuleSet, WorkOrder

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 5, 20)
SUMMARIES = ["冰箱不制冷", "预付卡退费", "网购退货", "快递丢件", "培训退费", "电梯故障"]


@pytest.fixture
def items(org, people) -> list[WorkOrder]:
    """40 open items at 雁塔 with ties everywhere: five due dates (and no due date), received at three instants."""
    rng = random.Random(3)  # noqa: S311 - test data, not security
    rule_set = RuleSet.objects.order_by("-effective_from").first()
    received = [datetime(2026, 5, day, 9, 0, tzinfo=BEIJING) for day in (10, 11, 12)]
    rows = [
        WorkOrder(
            number=f"IQ-{n:04d}",
            center=org["center"],
            kind="complaint" if n % 4 else "report",
            channel="hotline",
            received_at=rng.choice(received),
            state=rng.choice(["dispatched", "accepted", "mediating"]),
            rule_set=rule_set,
            respondent_name=rng.choice(["苏宁电器", "国美电器", "华润万家超市", "永辉超市"]),
            summary=rng.choice(SUMMARIES),
            handling_unit=org["yanta"],
            due_on=None if n % 7 == 0 else TODAY + timedelta(days=rng.randint(-2, 2)),
        )
        for n in range(40)
    ]
    WorkOrder.objects.bulk_create(rows)
    return list(WorkOrder.objects.filter(number__startswith="IQ-"))


def expected_order(rows: list[WorkOrder]) -> list[int]:
    return [
        row.pk
        for row in sorted(rows, key=lambda r: (r.due_on is None, r.due_on or TODAY, r.received_at, r.pk))
    ]


def listing(user: User, **filters):
    chosen = InboxFilters(**filters)
    return inbox_list(inbox_base(user, chosen, today=TODAY, last_due_soon_day=TODAY), chosen)


def test_the_inbox_order_is_due_date_first_with_no_due_date_last(items, people):
    assert [o.pk for o in listing(people["yanta_handler"])] == expected_order(items)


def test_keyset_pages_walk_every_row_once_in_order(items, people):
    user = people["yanta_handler"]
    everything = listing(user)
    seen: list[int] = []
    page = list(everything[:6])
    while page:
        seen.extend(o.pk for o in page)
        page = list(inbox_after(everything, inbox_cursor(page[-1]))[:6])
    assert seen == expected_order(items)


def test_an_unreadable_cursor_starts_from_the_beginning(items, people):
    everything = listing(people["yanta_handler"])
    assert [o.pk for o in inbox_after(everything, "not-a-cursor")] == expected_order(items)


def test_deep_pages_by_ids_first_give_the_same_rows(items, people, monkeypatch):
    user = people["yanta_handler"]
    expected = expected_order(items)
    monkeypatch.setattr(inbox, "DEFERRED_FROM", 0)
    for start in (0, 7, 35, 39):
        rows = inbox_slice(listing(user), start, start + 5)
        assert [o.pk for o in rows] == expected[start : start + 5]
        assert all(o.handling_unit.name and o.summary for o in rows)


@pytest.mark.parametrize("window", [3, 500])
@pytest.mark.parametrize(
    "filters",
    [
        {"keyword": "退费"},  # two characters: the bigram index on PostgreSQL
        {"keyword": "冰箱不制冷"},  # three and more: pg_trgm
        {"keyword": "梯"},  # one character: a scan
        {"keyword": "IQ-002"},  # a piece of a number
        {"keyword": "不存在"},
        {"business": "超市"},
        {"business": "苏宁电器", "keyword": "退"},
    ],
)
def test_text_search_finds_the_first_matches_in_order(items, people, monkeypatch, window, filters):
    """The window (the next items in the inbox order) and the whole-scope match give the same rows."""
    monkeypatch.setattr(inbox, "SEARCH_WINDOW", window)
    user = people["yanta_handler"]
    keyword, business = filters.get("keyword", ""), filters.get("business", "")

    def matches(row: WorkOrder) -> bool:
        in_text = not keyword or keyword in row.summary or (len(keyword) >= 3 and keyword in row.number)
        return in_text and business in row.respondent_name

    expected = [pk for pk in expected_order(items) if matches(next(r for r in items if r.pk == pk))]
    chosen = InboxFilters(**filters)
    found = inbox_search(user, chosen, today=TODAY, last_due_soon_day=TODAY, limit=4)
    assert [o.pk for o in found] == expected[:4]
    if len(found) == 4:  # the next page, after the cursor
        more = inbox_search(
            user, chosen, today=TODAY, last_due_soon_day=TODAY, after=inbox_cursor(found[-1]), limit=100
        )
        assert [o.pk for o in more] == expected[4:]


def test_received_dates_are_the_centers_calendar_days(org, people, items):
    """Just after midnight in Beijing is the previous day in UTC: it belongs to the Beijing day."""
    early = items[0]
    early.received_at = datetime(2026, 5, 12, 0, 30, tzinfo=BEIJING)
    early.save(update_fields=["received_at"])
    user = people["yanta_handler"]
    assert early in listing(user, received_from=date(2026, 5, 12), received_to=date(2026, 5, 12))
    assert early not in listing(user, received_to=date(2026, 5, 11))
    assert early not in listing(user, received_from=date(2026, 5, 13))


def test_the_keyword_leaves_the_summary_out_for_a_reader_who_sees_it_masked(org, people, items):
    """An administrator (superuser) may open the inbox but sees free text masked: the keyword then searches the
    number only — a search on the summary would reveal what the display hides (workorders.permissions)."""
    admin = User.objects.create(
        username="iq-admin", role=Role.ADMINISTRATOR, unit=org["yanta"], is_superuser=True
    )
    with_fridge = [o for o in items if "冰箱" in o.summary]
    assert with_fridge
    assert not list(listing(admin, keyword="冰箱"))
    assert not inbox_search(
        admin, InboxFilters(keyword="冰箱"), today=TODAY, last_due_soon_day=TODAY, limit=5
    )
    assert [o.pk for o in listing(admin, keyword=items[0].number)] == [items[0].pk]
    assert list(listing(people["yanta_handler"], keyword="冰箱"))


def test_the_search_pager_goes_on_by_keyset(client, org, people):
    rule_set = RuleSet.objects.order_by("-effective_from").first()
    WorkOrder.objects.bulk_create(
        WorkOrder(
            number=f"PG-{n:03d}",
            center=org["center"],
            kind="complaint",
            channel="hotline",
            received_at=datetime(2026, 5, 12, 9, 0, tzinfo=BEIJING) + timedelta(minutes=n),
            state="dispatched",
            rule_set=rule_set,
            summary="预付卡退费",
            handling_unit=org["yanta"],
            due_on=TODAY,
        )
        for n in range(53)
    )
    client.force_login(people["yanta_handler"])
    first = client.get("/handling/", {"q": "退费"})
    rows = first.context["rows"]
    assert [r["order"].number for r in rows] == [f"PG-{n:03d}" for n in range(50)]
    after = first.context["search"]["next_after"]
    assert after
    second = client.get("/handling/", {"q": "退费", "after": after})
    assert [r["order"].number for r in second.context["rows"]] == ["PG-050", "PG-051", "PG-052"]
    assert not second.context["search"]["has_next"]
    assert "回到第一页" in second.content.decode()


def _inbox_queries(client, user, params: dict | None = None) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(user)
    client.get("/handling/", params or {})  # warm the session and the cached directories
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/handling/", params or {})
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("params", [{}, {"q": "退费"}, {"page": "2"}])
def test_the_inbox_page_reads_a_fixed_number_of_queries_whatever_its_rows(client, items, people, params):
    """No query per row (a deferred field read in the template would add one per listed item): the page of
    40 items costs the queries of the page of one."""
    user = people["yanta_handler"]
    many = _inbox_queries(client, user, params)
    WorkOrder.objects.filter(number__startswith="IQ-").exclude(
        pk=WorkOrder.objects.filter(number__startswith="IQ-", summary="培训退费").order_by("pk").values("pk")[:1]
    ).delete()
    few = _inbox_queries(client, user, params)
    assert len(many) == len(few), "\n".join(many)
