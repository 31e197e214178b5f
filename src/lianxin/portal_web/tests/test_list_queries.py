"""The public sites' lists read a fixed number of queries whatever the number of their rows: the ODR business inbox
and one case's history, the consumer's item page (its files and its ODR case), the disclosure search and a
business's published complaints, the open data (CSV and JSON) and Open311's requests. Each page is rendered, rows
are added, and it is rendered again: the query counts must be equal."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from lianxin.common import clock
from lianxin.evidence.models import Attachment
from lianxin.portal.models import (
    Business,
    DisclosedBusinessFigure,
    DisclosedComplaint,
    OdrEvent,
    OnlineFiling,
)
from lianxin.portal.services.odr import business_account_create, odr_offer
from lianxin.tests.page_queries import assert_fixed_queries
from lianxin.workorders.models import Category, IssueType, RuleSet, WorkOrder
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import at, complaint_input

pytestmark = pytest.mark.django_db

NOW = "2026-11-30 10:00"
PASSWORD = "Odr-Secret-2026!"


@pytest.fixture
def now():
    with time_machine.travel(at(NOW), tick=False):
        yield


@pytest.fixture
def shop(db):
    business = Business.objects.create(
        credit_code="91610113MA6TXXXX1X", name="西安某某电器有限公司", is_odr_enrolled=True
    )
    business_account_create(business=business, username="dianqi", password=PASSWORD)
    return business


def _offer(people, shop, n: int):
    order = work_order_register(
        actor=people["agent"],
        data=complaint_input(
            received_at=at(NOW) - timedelta(minutes=n),
            summary=f"冰箱不制冷{n}",
            category_code="household_appliances" if n % 2 else "",
        ),
    )
    return odr_offer(work_order=order, business=shop)


def _signed_in_business(client):
    response = client.post("/odr/login/", {"username": "dianqi", "password": PASSWORD})
    assert response.status_code == 302


def test_the_odr_business_inbox(client, people, shop, now):
    _offer(people, shop, 0)
    _signed_in_business(client)
    for params in ({}, {"state": "awaiting_business"}):
        assert_fixed_queries(
            client, "/odr/", params, lambda n, p=params: _offer(people, shop, n + 1 + 10 * len(p)), marker="/odr/cases/"
        )


def test_an_odr_cases_history(client, people, shop, now):
    case = _offer(people, shop, 0)
    _signed_in_business(client)

    def event(n: int) -> None:
        OdrEvent.objects.create(case=case, kind="note", actor=f"经营者{n}", note=f"已联系消费者{n}", occurred_at=clock.now())

    assert_fixed_queries(client, f"/odr/cases/{case.pk}/", {}, event, marker="已联系消费者")


def test_the_consumers_item_page(client, people, shop, now):
    case = _offer(people, shop, 0)
    order = case.work_order
    OnlineFiling.objects.create(work_order=order, filed_at=clock.now())
    session = client.session
    session["portal_tracked"] = [order.pk]
    session.save()

    def add(n: int) -> None:
        Attachment.objects.create(
            work_order=order,
            kind="image",
            file=f"evidence/2026/11/photo{n}.png",
            original_name=f"照片{n}.png",
            content_type="image/png",
            size=1000 + n,
            sha256=f"{n:064d}",
            uploaded_by=people["agent"],
            uploaded_at=clock.now(),
        )
        OdrEvent.objects.create(case=case, kind="note", actor="系统", note=f"提醒{n}", occurred_at=clock.now())

    assert_fixed_queries(client, f"/consumer/items/{order.number}/", {}, add, marker="照片")


def _published(org, n: int, *, business: str = "西安某某电器有限公司") -> None:
    """One closed complaint published for `business`, and one more business's yearly figure."""
    closed = clock.now() - timedelta(days=30 + n)
    order = WorkOrder.objects.create(
        number=f"DC-{n:04d}-{business[:2]}",
        center=org["center"],
        kind="complaint",
        channel="web",
        received_at=closed - timedelta(days=20),
        state="closed",
        closed_at=closed,
        rule_set=RuleSet.objects.order_by("-effective_from").first(),
        respondent_name=business,
    )
    DisclosedComplaint.objects.create(
        work_order=order,
        public_id=f"GS{order.pk:08d}",
        business_name=business,
        credit_code="91610113MA6TXXXX1X",
        category=Category.objects.order_by("position").first() if n % 2 else None,
        issue_type=IssueType.objects.order_by("position").first() if n % 2 else None,
        summary=f"冰箱不制冷（公示）{n}",
        result="调解成功",
        is_mediated=True,
        received_month=f"{closed:%Y-%m}",
        county_code="610113",
        county="雁塔区",
        closed_on=closed.date(),
        published_at=clock.now(),
    )
    DisclosedBusinessFigure.objects.create(
        business_name=f"某商家{n}",
        credit_code=f"9161011300000{n:04d}X",
        year=2026,
        complaints=3 + n,
        mediated=2,
        mediation_succeeded=1,
        published_at=clock.now(),
    )


def test_the_disclosure_search(client, org, now):
    _published(org, 0)
    assert_fixed_queries(client, "/disclosure/", {}, lambda n: _published(org, n + 1), marker="某商家")


def test_a_businesss_published_complaints(client, org, now):
    _published(org, 0)
    assert_fixed_queries(
        client,
        "/disclosure/business/",
        {"name": "西安某某电器有限公司", "code": "91610113MA6TXXXX1X"},
        lambda n: _published(org, n + 1),
        marker="（公示）",
    )


@pytest.mark.parametrize("path", ["/disclosure/open-data/complaints.json", "/disclosure/open-data/complaints.csv"])
def test_the_open_data(client, org, now, path):
    _published(org, 0)
    assert_fixed_queries(client, path, {}, lambda n: _published(org, n + 1), marker="（公示）")


@pytest.mark.parametrize("path", ["/open311/v2/requests.json", "/open311/v2/requests.xml"])
def test_open311_requests(client, org, now, path):
    _published(org, 0)
    assert_fixed_queries(client, path, {}, lambda n: _published(org, n + 1), marker="（公示）")


