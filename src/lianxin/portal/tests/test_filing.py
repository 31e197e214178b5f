"""Filing online: the same registration as the hotline, under the center's online-intake account; Traditional
input normalised; materials added through the evidence service; refusals in Chinese."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from lianxin.domain.workflow import Channel, Kind
from lianxin.evidence.models import Attachment
from lianxin.portal.errors import PortalError
from lianxin.portal.services.filing import OnlineFilingInput, online_file, online_supply_material, track_find
from lianxin.workorders.tests.factories import at


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def filed(people, org):
    with time_machine.travel(at("2026-11-30 10:00"), tick=False):
        return online_file(
            data=OnlineFilingInput(
                kind=Kind.COMPLAINT,
                contact_name="張偉",
                respondent_name="西安某某電器有限公司",
                respondent_address="西安市雁塔區長安南路88號",
                summary="冰箱不製冷",
                facts="5月1日購買冰箱，三天後不製冷，商家拒絕退貨。",
                claims="退貨退款",
            ),
            confirmed_phone="13912345678",
            client="203.0.113.7",
        )


def test_an_online_complaint_is_registered_like_a_hotline_one(filed):
    order = filed.work_order
    assert (order.kind, order.channel, order.registered_by.full_name) == (
        Kind.COMPLAINT,
        Channel.WEB,
        "网上受理",
    )
    assert (order.contact_name, order.summary) == ("张伟", "冰箱不制冷")
    assert order.facts == "5月1日购买冰箱，三天后不制冷，商家拒绝退货。"  # the Chinese comma stays
    assert order.routing["outcome"]  # the jurisdiction suggestion was computed as on the hotline
    assert track_find(number=order.number, confirmed_phone="13912345678") == order
    with pytest.raises(PortalError):
        track_find(number=order.number, confirmed_phone="13800000000")


def test_an_anonymous_report_gets_a_query_code_and_no_phone(people, org):
    with time_machine.travel(at("2026-11-30 10:00"), tick=False):
        result = online_file(
            data=OnlineFilingInput(
                kind=Kind.REPORT,
                is_anonymous=True,
                contact_name="不应保存",
                respondent_name="碑林区某超市",
                respondent_address="西安市碑林区东大街1号",
                summary="销售过期食品",
                facts="货架上的牛奶已过保质期十天。",
            ),
            confirmed_phone="",
            client="203.0.113.8",
        )
    order = result.work_order
    assert (order.is_anonymous, order.contact_name, order.contact_phone) == (True, "", "")
    assert len(result.query_code) == 12
    assert track_find(number=order.number, query_code=result.query_code.lower()) == order


def test_a_consumer_supplies_material_and_an_executable_is_refused(filed):
    order = filed.work_order
    count = online_supply_material(
        work_order_id=order.pk,
        uploads=[SimpleUploadedFile("发票.png", _png(), content_type="image/png")],
        description="购物发票",
    )
    assert count == 1
    attachment = Attachment.objects.get(work_order=order)
    assert (attachment.kind, attachment.description) == ("image", "消费者网上补充：购物发票")
    with pytest.raises(PortalError) as refused:
        online_supply_material(
            work_order_id=order.pk, uploads=[SimpleUploadedFile("照片.jpg", b"MZ\x90\x00" + b"\x00" * 200)]
        )
    assert "可执行文件" in refused.value.message
    assert Attachment.objects.filter(work_order=order).count() == 1
