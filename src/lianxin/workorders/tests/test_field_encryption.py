"""Issue 14 item 9: phone and ID numbers are encrypted at rest and found through a keyed blind index."""

from __future__ import annotations

import json
import stat
from io import StringIO

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from lianxin.common import fieldcrypto
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.selectors import work_orders_by_id_number, work_orders_by_phone
from lianxin.workorders.services import work_order_register
from lianxin.workorders.tests.factories import complaint_input

PHONE = "13912345678"
ID_NUMBER = "11010519491231002X"


def raw_columns(pk: int) -> tuple[str, str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_phone, contact_id_number, contact_phone_index, contact_id_number_index "
            "FROM workorders_workorder WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


@pytest.fixture
def order(people):
    return work_order_register(actor=people["agent"], data=complaint_input())


def test_the_database_holds_ciphertext_and_the_model_reads_clear_text(order) -> None:
    phone, id_number, phone_index, id_index = raw_columns(order.pk)
    assert PHONE not in phone
    assert phone.startswith("lx1:t2:")
    assert ID_NUMBER not in id_number
    assert id_number.startswith("lx1:t2:")
    assert len(phone_index) == 64
    assert PHONE not in phone_index
    assert phone_index != id_index
    fresh = WorkOrder.objects.get(pk=order.pk)
    assert (fresh.contact_phone, fresh.contact_id_number) == (PHONE, ID_NUMBER)


def test_two_rows_with_one_phone_have_different_ciphertexts_and_one_index(people, order) -> None:
    other = work_order_register(actor=people["agent"], data=complaint_input())
    assert raw_columns(order.pk)[0] != raw_columns(other.pk)[0]
    assert raw_columns(order.pk)[2] == raw_columns(other.pk)[2]


@pytest.mark.parametrize(
    "spelling", [PHONE, "+86 139-1234-5678", "１３９１２３４５６７８", "0086 139 1234 5678"]
)
def test_work_orders_by_phone_finds_every_spelling(order, spelling: str) -> None:
    assert list(work_orders_by_phone(spelling)) == [order]


def test_work_orders_by_phone_misses_other_numbers_and_respects_scope(people, order) -> None:
    assert list(work_orders_by_phone("13912345679")) == []
    assert list(work_orders_by_phone("")) == []
    assert list(work_orders_by_phone(PHONE, user=people["agent"])) == [order]
    assert list(work_orders_by_phone(PHONE, user=people["weibin_handler"])) == []


def test_work_orders_by_id_number_is_case_insensitive(order) -> None:
    assert list(work_orders_by_id_number(ID_NUMBER.lower())) == [order]


@pytest.mark.parametrize(
    "lookup", ["contact_phone__startswith", "contact_phone__contains", "contact_id_number__istartswith"]
)
def test_prefix_and_substring_lookups_on_encrypted_fields_are_refused(order, lookup: str) -> None:
    with pytest.raises(FieldError, match="加密字段"):
        list(WorkOrder.objects.filter(**{lookup: "139"}))


def test_exact_lookup_by_value_is_refused_but_emptiness_can_be_tested(order) -> None:
    with pytest.raises(FieldError):
        list(WorkOrder.objects.filter(contact_phone=PHONE))
    assert WorkOrder.objects.filter(contact_phone="").count() == 0
    assert WorkOrder.objects.exclude(contact_phone="").count() == 1


def test_a_ciphertext_moved_to_another_column_does_not_decrypt(order) -> None:
    phone_ciphertext = raw_columns(order.pk)[0]
    with pytest.raises(fieldcrypto.FieldDecryptionError):
        fieldcrypto.decrypt(phone_ciphertext, "workorders.WorkOrder.contact_id_number")


def test_values_under_an_older_key_of_the_ring_are_still_read(order) -> None:
    ring = fieldcrypto.key_ring()
    old = fieldcrypto.KeyRing("t1", ring.keys, ring.index_key, "test")
    stored = fieldcrypto.encrypt("02988886666", "workorders.WorkOrder.contact_phone", ring=old)
    WorkOrder.objects.filter(pk=order.pk).update(contact_phone=stored)
    assert raw_columns(order.pk)[0].startswith("lx1:t1:")
    assert WorkOrder.objects.get(pk=order.pk).contact_phone == "02988886666"


def test_the_data_migration_encrypts_rows_written_in_clear(order) -> None:
    from importlib import import_module

    migration = import_module("lianxin.workorders.migrations.0006_encrypt_existing_contact_identifiers")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workorders_workorder SET contact_phone = %s, contact_id_number = %s, "
            "contact_phone_index = '', contact_id_number_index = '' WHERE id = %s",
            ["029-88881234", "11010519491231002X", order.pk],
        )
    migration.encrypt_rows(global_apps, None)
    phone, id_number, _phone_index, _ = raw_columns(order.pk)
    assert phone.startswith("lx1:")
    assert id_number.startswith("lx1:")
    assert list(work_orders_by_phone("02988881234")) == [order]


def test_keys_rotate_reencrypts_under_a_new_key_and_retires_the_old(people, tmp_path) -> None:
    with override_settings(LIANXIN_FIELD_KEYS="", LIANXIN_BLIND_INDEX_KEY="", LIANXIN_HOME=tmp_path):
        order = work_order_register(actor=people["agent"], data=complaint_input())  # key file made, k1
        key_file = tmp_path / "field_keys.json"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert raw_columns(order.pk)[0].startswith("lx1:k1:")
        out = StringIO()
        call_command("keys", "rotate", "--retire", "--index", "--json", stdout=out)
        result = json.loads(out.getvalue())
        assert result["new_primary"] == "k2"
        assert result["retired"] == ["k1"]
        assert result["usage"]["workorders.WorkOrder"] == {"k2": 2}
        assert list(json.loads(key_file.read_text())["keys"]) == ["k2"]
        assert raw_columns(order.pk)[0].startswith("lx1:k2:")
        assert WorkOrder.objects.get(pk=order.pk).contact_phone == PHONE
        assert list(work_orders_by_phone(PHONE)) == [order]  # indexes recomputed with the new index key


def _admin_client(client, user):
    user.is_staff = True
    user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(user)
    return client


def test_the_admin_finds_a_caller_by_the_complete_phone_number(client, people, order):
    admin_client = _admin_client(client, people["manager"])  # a center role: sees personal data
    found = admin_client.get("/admin/workorders/workorder/", {"q": "139 1234 5678"})
    assert order.number in found.content.decode()
    missed = admin_client.get("/admin/workorders/workorder/", {"q": "13912345679"})
    assert order.number not in missed.content.decode()


def test_the_admin_phone_search_is_not_offered_to_roles_that_see_it_masked(client, people, order):
    admin_client = _admin_client(client, people["administrator"])
    response = admin_client.get("/admin/workorders/workorder/", {"q": PHONE})
    assert order.number not in response.content.decode()


@pytest.mark.parametrize("prefix", ["1391", "1585"])
def test_an_admin_prefix_filter_on_the_phone_reveals_nothing(client, people, order, prefix):
    admin_client = _admin_client(client, people["administrator"])
    response = admin_client.get("/admin/workorders/workorder/", {"contact_phone__startswith": prefix})
    assert order.number not in response.content.decode()
