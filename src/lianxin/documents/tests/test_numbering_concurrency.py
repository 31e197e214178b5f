"""Document numbers under concurrency: several transactions numbering at once get 1…N, no gap, no duplicate, and a
rolled-back transaction gives its number back. Row locks are PostgreSQL's; CI runs this there."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from lianxin.documents.models import Document, DocumentKind
from lianxin.documents.services import document_issue
from lianxin.domain.workflow import Action
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row-lock behaviour is proven on PostgreSQL (CI runs it there)")


class Rollback(Exception):
    pass


def test_concurrent_issues_get_consecutive_numbers_and_a_rollback_leaves_no_gap(people, org):
    order = work_order_register(actor=people["agent"], data=complaint_input())
    order = work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )
    unit_id = org["yanta"].pk
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def issue(index: int) -> None:
        try:
            start.wait()
            with transaction.atomic():
                document_issue(work_order=order, kind=DocumentKind.ACCEPTANCE, actor=None, unit_id=unit_id)
                if index == 3:
                    raise Rollback
        except Rollback:
            pass
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Document.objects.filter(unit_id=unit_id).values_list("sequence", flat=True))
    assert numbers == list(range(1, 8))
