"""Notices at the statutory points go through the outbox; failures are retried with growing pauses."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings

from lianxin.common import clock
from lianxin.domain.workflow import Action
from lianxin.notifications.gateways import DeliveryFailed
from lianxin.notifications.models import MessageState, Notification, NotificationKind, OutboxMessage
from lianxin.notifications.services import backoff, outbox_deliver, outbox_deliver_due
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input

pytestmark = pytest.mark.django_db


class FailingGateway:
    def send(self, message):
        raise DeliveryFailed("网关超时")


def step(order, actor, action, **kwargs):
    return work_order_transition(work_order_id=order.pk, actor=actor, data=TransitionInput(action, **kwargs))


@pytest.fixture
def dispatched(people, org):
    order = work_order_register(actor=people["agent"], data=complaint_input())
    return step(order, people["agent"], Action.DISPATCH, handling_unit_id=org["yanta"].pk)


def test_acceptance_writes_an_sms_to_the_complainant_and_the_recording_gateway_marks_it_sent(
    dispatched, people
):
    step(dispatched, people["yanta_handler"], Action.ACCEPT)
    message = OutboxMessage.objects.get(work_order=dispatched, code="accepted")
    assert message.recipient == "13912345678"
    assert message.channel == "sms"
    assert dispatched.number in message.body
    assert "已于" in message.body
    sent = outbox_deliver(message.pk)
    assert sent.state == MessageState.SENT
    assert sent.gateway_reference == f"recorded:lianxin-{message.pk}"
    assert outbox_deliver(message.pk).attempts == 1  # idempotent: a sent message is not sent again


def test_decline_notice_names_the_ground(dispatched, people):
    step(dispatched, people["yanta_handler"], Action.DECLINE, ground_code="time_barred", note="超过三年。")
    message = OutboxMessage.objects.get(work_order=dispatched, code="declined")
    assert "三年" in message.body
    assert "第三十九条" in message.body


@override_settings(
    LIANXIN_SMS_GATEWAY="lianxin.notifications.tests.test_outbox.FailingGateway",
    LIANXIN_NOTICE_MAX_ATTEMPTS=3,
)
def test_a_failing_gateway_is_retried_with_backoff_then_given_up(dispatched, people):
    step(dispatched, people["yanta_handler"], Action.ACCEPT)
    message = OutboxMessage.objects.get(work_order=dispatched, code="accepted")
    first = outbox_deliver(message.pk)
    assert first.state == MessageState.RETRYING
    assert first.last_error == "网关超时"
    assert first.next_attempt_at - clock.now() <= backoff(1)
    assert backoff(2) == 2 * backoff(1)
    assert outbox_deliver_due() == 0  # not due yet
    with time_machine.travel(first.next_attempt_at + timedelta(seconds=1)):
        assert outbox_deliver_due() == 1
    second = OutboxMessage.objects.get(pk=message.pk)
    assert second.attempts == 2
    assert second.state == MessageState.RETRYING
    with time_machine.travel(second.next_attempt_at + timedelta(seconds=1)):
        outbox_deliver_due()
    assert OutboxMessage.objects.get(pk=message.pk).state == MessageState.DEAD


def test_dispatch_notifies_the_staff_of_the_handling_unit(dispatched, people):
    notified = set(
        Notification.objects.filter(work_order=dispatched, kind=NotificationKind.NEW_ITEM).values_list(
            "user__username", flat=True
        )
    )
    assert notified == {"yanta_handler", "yanta_leader"}
