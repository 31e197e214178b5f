"""Publication: after the delay, every closed complaint counts for its business, and the consented ones are shown
with their personal data scrubbed; reports never; a second run publishes nothing twice."""

from __future__ import annotations

import time_machine

from lianxin.portal.models import DisclosedBusinessFigure, DisclosedComplaint, DisclosurePolicy
from lianxin.portal.services.disclosure import disclosure_publish
from lianxin.workorders.tests.factories import at


def test_a_closed_complaint_is_published_after_the_delay_with_personal_data_scrubbed(closed_complaint):
    order = closed_complaint(
        facts="我叫张伟，电话13912345678，住小寨东路12号3单元502室，在西安某某电器有限公司买的冰箱不制冷。"
    )
    closed_complaint(consents=False)
    DisclosurePolicy.objects.create(delay_days=30)

    with time_machine.travel(at("2026-07-09 12:00"), tick=False):  # 29 days after closure: not yet
        assert disclosure_publish().complaints_published == 0
    with time_machine.travel(at("2026-07-11 12:00"), tick=False):
        report = disclosure_publish()
        again = disclosure_publish()

    assert (report.complaints_published, report.businesses) == (1, 1)
    assert again.complaints_published == 0  # published once
    item = DisclosedComplaint.objects.get()
    assert item.work_order_id == order.pk
    assert (
        item.summary
        == "我叫张某，电话【电话】，住小寨东路【详细地址】，在西安某某电器有限公司买的冰箱不制冷。"
    )
    assert (item.result, item.is_mediated, item.received_month) == ("调解成功", True, "2026-05")
    assert order.number not in item.public_id
    figure = DisclosedBusinessFigure.objects.get()
    # Both complaints count for the business, consent or not; both were mediated successfully.
    assert (figure.business_name, figure.complaints, figure.mediated, figure.mediation_succeeded) == (
        "西安某某电器有限公司",
        2,
        2,
        2,
    )


def test_nothing_is_published_while_disclosure_is_switched_off(closed_complaint):
    closed_complaint()
    DisclosurePolicy.objects.create(delay_days=0, is_active=False)
    with time_machine.travel(at("2026-08-01 12:00"), tick=False):
        assert disclosure_publish().complaints_published == 0
    assert not DisclosedBusinessFigure.objects.exists()


def test_the_public_pages_and_open_data_show_only_published_scrubbed_text(client, closed_complaint):
    closed_complaint(facts="联系人：赵磊，电话13912345678，冰箱不制冷")
    DisclosurePolicy.objects.create(delay_days=0)
    with time_machine.travel(at("2026-07-11 12:00"), tick=False):
        disclosure_publish()

    home = client.get("/disclosure/", {"q": "某某电器"})
    assert home.status_code == 200
    assert "西安某某电器有限公司" in home.content.decode()
    detail = client.get(
        "/disclosure/business/", {"name": "西安某某电器有限公司", "code": ""}
    ).content.decode()
    assert "联系人：赵某，电话【电话】，冰箱不制冷" in detail
    assert "13912345678" not in detail
    assert "赵磊" not in detail
    csv_text = client.get("/disclosure/open-data/complaints.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("公示编号,经营者")
    assert "13912345678" not in csv_text
    payload = client.get("/disclosure/open-data/figures.json").json()
    assert payload["items"][0]["complaints"] == 1
