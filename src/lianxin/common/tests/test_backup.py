"""Issue 14 item 10: `./lianxin backup` then `./lianxin restore` gives back exactly what was backed up."""

from __future__ import annotations

from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lianxin.domain.workflow import Action
from lianxin.workorders.models import WorkOrder
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = ["workorders_workorder", "workorders_workorderevent", "accounts_user", "accounts_orgunit"]


def snapshot(cursor) -> dict[str, list[tuple]]:
    rows = {}
    if connection.vendor == "postgresql":
        cursor.execute("SET TIME ZONE 'UTC'")
    for table in TABLES:
        if connection.vendor == "postgresql":  # every column as PostgreSQL prints it, the same for both ends
            cursor.execute(f"SELECT t::text FROM {table} t ORDER BY id")  # noqa: S608 - fixed names
        else:
            cursor.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 - fixed names
        rows[table] = [tuple(map(str, row)) for row in cursor.fetchall()]
    return rows


@pytest.fixture
def two_orders(people, org):
    for _ in range(2):
        order = work_order_register(actor=people["agent"], data=complaint_input())
    work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )
    return people


def test_restore_refuses_without_confirmation(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x"))


def test_sqlite_backup_and_restore_round_trip(two_orders, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path (the PostgreSQL path is tested below)")
    with connection.cursor() as cursor:
        before = snapshot(cursor)
    target = tmp_path / "b.sqlite3"
    call_command("backup", "--output", str(target), stdout=StringIO())
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    work_order_register(actor=two_orders["agent"], data=complaint_input(summary="备份之后"))  # changes after
    assert WorkOrder.objects.count() == 3
    call_command("restore", str(target), "--yes", stdout=StringIO())
    with connection.cursor() as cursor:
        assert snapshot(cursor) == before
    assert WorkOrder.objects.count() == 2
    assert WorkOrder.objects.order_by("pk").first().contact_phone == "13912345678"  # still decrypts


def test_postgresql_backup_and_restore_round_trip(two_orders, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (pg_dump / pg_restore)")
    settings_dict = connection.settings_dict
    with connection.cursor() as cursor:
        before = snapshot(cursor)
    target = tmp_path / "b.pgdump"
    call_command("backup", "--output", str(target), stdout=StringIO())
    scratch = f"{settings_dict['NAME']}_restore"
    server = {
        "host": settings_dict.get("HOST") or "127.0.0.1",
        "port": settings_dict.get("PORT") or 5432,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        call_command("restore", str(target), "--database", scratch, stdout=StringIO())
        with psycopg.connect(dbname=scratch, **server) as restored, restored.cursor() as cursor:
            assert snapshot(cursor) == before
    finally:
        connection.close()
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
