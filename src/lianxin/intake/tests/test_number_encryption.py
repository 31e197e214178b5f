"""Phone numbers of calls, blocked numbers and the outbox are encrypted at rest (ADR 0019 §4) and still found."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps as global_apps
from django.db import connection
from rest_framework.test import APIClient

from lianxin.intake.models import BlockedNumber, Call, CtiEvent
from lianxin.intake.selectors import blocked_entry, caller_history
from lianxin.notifications.models import OutboxMessage
from lianxin.notifications.selectors import messages_to
from lianxin.notifications.services import message_queue

pytestmark = pytest.mark.django_db


def _raw(table: str, columns: str, pk: int) -> tuple[str, ...]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - test literals
        return cursor.fetchone()


def test_a_call_keeps_its_numbers_encrypted_and_is_found_by_the_caller(cti, clock_at):
    cti("newCall", "enc-1", **{"from": "+86 139-1234-5678", "to": "12315"})
    call = Call.objects.get(call_id="enc-1")
    assert call.caller_number == "13912345678"
    stored = _raw("intake_call", "from_number, to_number, caller_number", call.pk)
    assert all(value.startswith("lx1:") for value in stored)
    assert not any("5678" in value for value in stored)
    cti("newCall", "enc-2", **{"from": "13912345678"})
    assert caller_history("139 1234 5678", exclude_call_id="enc-2").calls_in_window == 2
    assert caller_history("13912345679").calls_in_window == 0


def test_the_cti_event_log_keeps_only_masked_numbers(cti, clock_at):
    cti("newCall", "enc-3", **{"from": "13912345678"})
    payload = CtiEvent.objects.get(call_id="enc-3", event="newCall").payload
    assert payload["from"] == "139****5678"
    assert "13912345678" not in str(payload)


def test_blocked_numbers_are_encrypted_and_found_in_any_spelling(people, cti, clock_at):
    client = APIClient()
    client.force_authenticate(people["supervisor"])
    assert (
        client.post("/api/v1/blocked-numbers/", {"number": "13800000000", "reason": "骚扰"}).status_code
        == 201
    )
    again = client.post("/api/v1/blocked-numbers/", {"number": "+86 138 0000 0000", "reason": "辱骂"})
    assert again.status_code == 201
    assert BlockedNumber.objects.count() == 1  # the same number, updated, not a second row
    entry = blocked_entry("138-0000-0000")
    assert entry is not None
    assert entry.reason == "辱骂"
    assert _raw("intake_blockednumber", "number", entry.pk)[0].startswith("lx1:")
    assert cti("newCall", "enc-4", **{"from": "8613800000000"}).json() == {
        "action": "reject",
        "reason": "busy",
    }
    listed = client.get("/api/v1/blocked-numbers/").json()
    assert [row["number"] for row in listed] == ["13800000000"]
    assert client.delete("/api/v1/blocked-numbers/138%200000%200000/").status_code == 204
    assert blocked_entry("13800000000") is None


def test_outbox_recipients_and_texts_are_encrypted_and_found_by_the_recipient(db):
    [message] = message_queue(
        recipient="13912345678", code="portal_code", context={"code": "482913", "minutes": 10}
    )
    recipient, body = _raw("notifications_outboxmessage", "recipient, body", message.pk)
    assert recipient.startswith("lx1:")
    assert body.startswith("lx1:")
    assert "482913" not in body
    assert list(messages_to("139-1234-5678")) == [message]
    assert OutboxMessage.objects.get(pk=message.pk).body == message.body
    assert not messages_to("13912345670").exists()


def test_the_data_migrations_encrypt_rows_written_in_clear(cti, clock_at):
    cti("newCall", "enc-5", **{"from": "13912345678"})
    call = Call.objects.get(call_id="enc-5")
    [message] = message_queue(
        recipient="13912345678", code="portal_code", context={"code": "111111", "minutes": 10}
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE intake_call SET from_number = %s, to_number = %s, caller_number = %s, caller_number_index = '' "
            "WHERE id = %s",
            ["13912345678", "12315", "13912345678", call.pk],
        )
        cursor.execute(
            "UPDATE notifications_outboxmessage SET recipient = %s, body = %s, recipient_index = '' WHERE id = %s",
            ["13912345678", "验证码111111", message.pk],
        )
    import_module("lianxin.intake.migrations.0005_encrypt_existing_numbers").encrypt_rows(global_apps, None)
    import_module("lianxin.notifications.migrations.0004_encrypt_existing_messages").encrypt_rows(
        global_apps, None
    )
    assert _raw("intake_call", "caller_number", call.pk)[0].startswith("lx1:")
    assert _raw("notifications_outboxmessage", "body", message.pk)[0].startswith("lx1:")
    assert caller_history("13912345678", exclude_call_id="enc-5").calls_in_window == 1
    assert list(messages_to("13912345678")) == [message]
    assert OutboxMessage.objects.get(pk=message.pk).body == "验证码111111"
