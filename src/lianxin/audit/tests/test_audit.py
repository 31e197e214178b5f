"""Audit of access and the tamper-evident event log (issue 14 item 6)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from lianxin.audit.chain import event_chains_verify
from lianxin.audit.models import PersonalDataAccess
from lianxin.audit.tasks import verify_event_chains_task
from lianxin.domain.workflow import Action
from lianxin.workorders.models import WorkOrder, WorkOrderEvent
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input


@pytest.fixture
def order(people, org) -> WorkOrder:
    registered = work_order_register(
        actor=people["agent"], data=complaint_input(facts="商家不退款，另可拨打13812345678联系我。")
    )
    work_order_transition(
        work_order_id=registered.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )
    return WorkOrder.objects.get(pk=registered.pk)


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


# --- who viewed whose personal data -------------------------------------------------------------------------


def test_a_clear_view_in_the_api_is_recorded(order, people):
    assert _api(people["yanta_handler"]).get(f"/api/v1/work-orders/{order.pk}/").status_code == 200
    record = PersonalDataAccess.objects.get()
    assert (record.user, record.work_order, record.interface) == (people["yanta_handler"], order, "api")
    assert {"contact_name", "contact_phone", "contact_id_number", "facts"} <= set(record.fields)
    assert record.path == f"/api/v1/work-orders/{order.pk}/"


def test_a_masked_view_is_not_recorded(order, people):
    assert _api(people["analyst"]).get(f"/api/v1/work-orders/{order.pk}/").status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_the_admin_page_in_clear_is_recorded(order, people, client):
    leader = people["yanta_leader"]
    leader.is_staff = leader.is_superuser = True
    leader.save()
    client.force_login(leader)
    assert client.get(reverse("admin:workorders_workorder_change", args=[order.pk])).status_code == 200
    assert PersonalDataAccess.objects.get().interface == "admin"


def test_records_are_append_only(order, people):
    _api(people["yanta_handler"]).get(f"/api/v1/work-orders/{order.pk}/")
    record = PersonalDataAccess.objects.get()
    with pytest.raises(ValueError, match="append-only"):
        record.save()
    with pytest.raises(ValueError, match="append-only"):
        record.delete()


def test_administrators_search_and_export_the_log(order, people, superuser_client):
    _api(people["yanta_handler"]).get(f"/api/v1/work-orders/{order.pk}/")
    url = reverse("admin:audit_personaldataaccess_changelist")
    listed = superuser_client.get(url, {"q": order.number})
    assert listed.status_code == 200
    assert "yanta_handler" in listed.content.decode()
    record = PersonalDataAccess.objects.get()
    exported = superuser_client.post(
        url, {"action": "export_csv", "_selected_action": [record.pk], "index": 0}
    )
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode("utf-8-sig")
    assert "yanta_handler" in text
    assert order.number in text
    assert "contact_phone" in text
    # Filters on anything but the declared ones are refused.
    assert superuser_client.get(url, {"fields__contains": "contact_phone"}).status_code == 400


def test_the_log_is_scoped_and_only_for_administrators(order, people, client, rf):
    from django.contrib import admin as django_admin

    _api(people["yanta_handler"]).get(f"/api/v1/work-orders/{order.pk}/")
    url = reverse("admin:audit_personaldataaccess_changelist")
    handler = people["beilin_handler"]
    handler.is_staff = True
    handler.save()
    client.force_login(handler)
    assert client.get(url).status_code == 403  # staff, but not an administrator
    # The records follow the data range of the work order they are about, like every other read.
    model_admin = django_admin.site._registry[PersonalDataAccess]
    request = rf.get(url)
    request.user = people["weibin_handler"]
    assert not model_admin.get_queryset(request).exists()
    request.user = people["yanta_leader"]
    assert model_admin.get_queryset(request).count() == 1


# --- the hash chain ---------------------------------------------------------------------------------------


def test_every_event_carries_its_link_and_the_chain_verifies(order):
    events = list(order.events.order_by("sequence"))
    assert len(events) == 2
    assert all(len(e.chain_hash) == 64 for e in events)
    assert events[0].chain_hash != events[1].chain_hash
    report = event_chains_verify()
    assert (report.is_intact, report.work_orders, report.events) == (True, 1, 2)
    assert verify_event_chains_task()["intact"] is True


def _tamper(event: WorkOrderEvent, **values) -> None:
    """Change a stored event behind the services' back (what the chain must reveal)."""
    WorkOrderEvent.objects.filter(pk=event.pk).update(**values)


@pytest.fixture
def sqlite_only():
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the trigger refuses the tampering itself (tested below)")


@pytest.mark.usefixtures("sqlite_only")
def test_a_rewritten_event_breaks_the_chain(order, capsys):
    first = order.events.get(sequence=1)
    _tamper(first, note="改过的说明")
    report = event_chains_verify()
    assert not report.is_intact
    assert [(b.number, b.sequence) for b in report.broken] == [(order.number, 1)]
    with pytest.raises(CommandError) as failed:
        call_command("audit", "verify", "--json")
    assert failed.value.returncode == 1
    output = json.loads(capsys.readouterr().out)
    assert output["intact"] is False
    assert output["broken"][0]["work_order_id"] == order.pk


@pytest.mark.usefixtures("sqlite_only")
def test_a_removed_event_breaks_the_chain(order, people):
    work_order_transition(
        work_order_id=order.pk, actor=people["yanta_handler"], data=TransitionInput(Action.ACCEPT)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM workorders_workorderevent WHERE work_order_id = %s AND sequence = 2", [order.pk]
        )
    report = event_chains_verify()
    assert report.broken[0].sequence == 3
    assert "缺少第 2 条" in report.broken[0].reason


def test_verify_command_reports_an_intact_chain(order, capsys):
    call_command("audit", "verify")
    assert "记录链完整" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_update_and_delete_of_events(people, org):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    order = work_order_register(actor=people["agent"], data=complaint_input())
    event = order.events.get()
    for statement in (
        "UPDATE workorders_workorderevent SET note = 'x' WHERE id = %s",
        "DELETE FROM workorders_workorderevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])
    _api(people["agent"]).get(f"/api/v1/work-orders/{order.pk}/")
    record = PersonalDataAccess.objects.get()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_personaldataaccess WHERE id = %s", [record.pk])
