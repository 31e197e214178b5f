"""The per-process reference cache: loads once, reloads after a change, checks the token at most per interval."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from lianxin.common import reference_cache
from lianxin.common.models import ReferenceVersion

pytestmark = pytest.mark.django_db


class Loader:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_a_value_is_loaded_once_while_nothing_changes():
    loader = Loader()
    assert [reference_cache.cached("k", loader) for _ in range(3)] == [1, 1, 1]
    assert loader.calls == 1


def test_a_change_makes_every_reader_reload():
    loader = Loader()
    reference_cache.cached("k", loader)
    reference_cache.reference_changed()
    assert reference_cache.cached("k", loader) == 2


def test_a_change_by_another_process_is_seen_through_the_token(django_assert_num_queries):
    loader = Loader()
    reference_cache.cached("k", loader)
    # Another process commits a change: only the token row differs; this process's copy is untouched.
    ReferenceVersion.objects.update_or_create(pk=1, defaults={"token": "from-elsewhere"})
    assert reference_cache.cached("k", loader) == 2


@override_settings(LIANXIN_REFERENCE_CHECK_SECONDS=3600)
def test_within_the_check_interval_the_token_is_not_read_again(django_assert_num_queries):
    loader = Loader()
    reference_cache.cached("k", loader)
    ReferenceVersion.objects.update_or_create(pk=1, defaults={"token": "from-elsewhere"})
    with django_assert_num_queries(0):
        assert reference_cache.cached("k", loader) == 1


def test_tokens_never_repeat():
    tokens = set()
    for _ in range(5):
        reference_cache.reference_changed()
        tokens.add(ReferenceVersion.objects.get(pk=1).token)
    assert len(tokens) == 5


def test_rule_edits_reach_the_work_order_services(rules):
    """An administrator's edit of a time limit is used by the next computation, without a restart."""
    from lianxin.workorders.models import TimeLimitRule
    from lianxin.workorders.selectors import rule_set_for

    _, before = rule_set_for(date(2026, 5, 6))
    assert before.time_limits["accept_decision"].amount == 7
    TimeLimitRule.objects.filter(rule_set__code="samr-order-121", clock="accept_decision").update(amount=10)
    reference_cache.reference_changed()
    _, after = rule_set_for(date(2026, 5, 6))
    assert after.time_limits["accept_decision"].amount == 10


def test_within_a_request_the_token_is_read_once(django_assert_num_queries):
    """Tests check the token on every read (interval 0): inside `token_read_once` only the first read looks."""
    loader = Loader()
    reference_cache.cached("k", loader)
    with reference_cache.token_read_once():
        with django_assert_num_queries(1):
            assert [reference_cache.cached("k", loader) for _ in range(5)] == [1] * 5
        # Another process's change is seen by the next request, not in the middle of this one.
        ReferenceVersion.objects.update_or_create(pk=1, defaults={"token": "from-elsewhere"})
        assert reference_cache.cached("k", loader) == 1
    assert reference_cache.cached("k", loader) == 2


def test_a_change_within_the_request_is_seen_by_the_rest_of_it():
    loader = Loader()
    with reference_cache.token_read_once():
        assert reference_cache.cached("k", loader) == 1
        reference_cache.reference_changed()
        assert reference_cache.cached("k", loader) == 2
        assert reference_cache.cached("k", loader) == 2


def test_every_request_reads_the_token_once(client, rules, people):
    """Through the middleware: a page whose rows each ask for the reference data reads the token once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["agent"])
    client.get("/home/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/home/").status_code == 200
    token_reads = [q for q in captured.captured_queries if "common_referenceversion" in q["sql"]]
    assert len(token_reads) == 1
