"""Callbacks: every dissatisfied item and a fixed share of the rest are called back; the result is kept on the
callback, apart from the consumer's own rating; a dissatisfied one goes to the supervisors' review, live and on
their callback screen."""

from __future__ import annotations

import pytest

from lianxin.portal.errors import PortalError
from lianxin.portal.models import Callback, CallbackRule, CallbackState, Rating, Satisfaction
from lianxin.portal.services.callbacks import (
    CallbackResult,
    _sampled,
    callback_record,
    callback_review,
    callbacks_select,
)


def test_dissatisfied_items_are_all_called_back_and_the_rest_by_a_stable_sample(closed_complaint):
    unhappy, sampled, skipped = closed_complaint(), closed_complaint(), closed_complaint()
    Rating.objects.create(
        work_order=unhappy,
        satisfaction=Satisfaction.DISSATISFIED,
        source="online",
        rated_at=unhappy.closed_at,
    )
    CallbackRule.objects.create(sample_percent=50)
    # Which of the other two the hash picks is fixed by their numbers: make the test say which.
    chosen = {order.pk for order in (sampled, skipped) if _sampled(order.number, 50)}

    assert callbacks_select() == 1 + len(chosen)
    assert callbacks_select() == 0  # idempotent
    reasons = dict(Callback.objects.values_list("work_order_id", "reason"))
    assert reasons.pop(unhappy.pk) == "dissatisfied"
    assert set(reasons) == chosen
    assert set(reasons.values()) <= {"sample"}


def test_a_sample_of_zero_percent_calls_back_only_the_dissatisfied(closed_complaint):
    closed_complaint()
    CallbackRule.objects.create(sample_percent=0)
    assert callbacks_select() == 0


def test_an_agent_records_a_dissatisfied_callback_and_the_supervisor_reviews_it(
    closed_complaint, people, django_capture_on_commit_callbacks, live_events
):
    order = closed_complaint()
    callback = Callback.objects.create(work_order=order, reason="sample", created_at=order.closed_at)
    with pytest.raises(PortalError):  # reached, but no satisfaction chosen
        callback_record(actor=people["agent"], callback_id=callback.pk, result=CallbackResult(reached=True))
    with django_capture_on_commit_callbacks(execute=True):
        callback_record(
            actor=people["agent"],
            callback_id=callback.pk,
            result=CallbackResult(
                reached=True, satisfaction=Satisfaction.DISSATISFIED, remarks="退款迟迟未到"
            ),
        )
    callback.refresh_from_db()
    assert (callback.state, callback.needs_review) == (CallbackState.DONE, True)
    assert (callback.satisfaction, callback.remarks) == (Satisfaction.DISSATISFIED, "退款迟迟未到")
    assert not Rating.objects.filter(work_order=order).exists()  # the consumer may still rate online
    assert ("role:shift_supervisor", "callback.dissatisfied") in [(c, t) for c, t, _ in live_events]
    with pytest.raises(PortalError):  # an agent does not review
        callback_review(actor=people["agent"], callback_id=callback.pk, note="已督促")
    callback_review(actor=people["supervisor"], callback_id=callback.pk, note="已督促承办单位核实退款")
    callback.refresh_from_db()
    assert (callback.needs_review, callback.reviewed_by) == (False, people["supervisor"])


def test_a_callback_never_replaces_the_consumers_own_rating(closed_complaint, people):
    from lianxin.portal.services.callbacks import satisfaction_counts

    order = closed_complaint()
    Rating.objects.create(
        work_order=order, satisfaction=Satisfaction.DISSATISFIED, source="online", rated_at=order.closed_at
    )
    callback = Callback.objects.create(work_order=order, reason="dissatisfied", created_at=order.closed_at)
    callback_record(
        actor=people["agent"],
        callback_id=callback.pk,
        result=CallbackResult(reached=True, satisfaction=Satisfaction.BASICALLY, remarks="已退款"),
    )
    assert Rating.objects.get(work_order=order).satisfaction == Satisfaction.DISSATISFIED
    counts = satisfaction_counts(center_id=order.center_id)
    assert counts["rating"] == {"satisfied": 0, "basically": 0, "dissatisfied": 1}
    assert counts["callback"] == {"satisfied": 0, "basically": 1, "dissatisfied": 0}


def test_a_dissatisfied_callback_is_on_the_supervisors_review_list_and_not_on_the_agents(
    client, closed_complaint, people
):
    order = closed_complaint()
    callback = Callback.objects.create(work_order=order, reason="sample", created_at=order.closed_at)
    callback_record(
        actor=people["agent"],
        callback_id=callback.pk,
        result=CallbackResult(reached=True, satisfaction=Satisfaction.DISSATISFIED, remarks="态度敷衍"),
    )
    client.force_login(people["supervisor"])
    page = client.get("/callbacks/").content.decode()
    review = page[page.index("待复核（回访不满意）") : page.index("待回访")]
    assert order.number in review
    assert "态度敷衍" in review
    assert f'action="/callbacks/{callback.pk}/review/"' in review
    response = client.post(f"/callbacks/{callback.pk}/review/", {"review_note": "已督促承办单位回复"})
    assert response.status_code == 302
    page = client.get("/callbacks/").content.decode()
    assert order.number not in page[page.index("待复核（回访不满意）") : page.index("待回访")]
    client.force_login(people["agent"])
    assert "待复核（回访不满意）" not in client.get("/callbacks/").content.decode()


def test_unit_staff_cannot_record_callbacks(closed_complaint, people):
    order = closed_complaint()
    callback = Callback.objects.create(work_order=order, reason="sample", created_at=order.closed_at)
    with pytest.raises(PortalError) as refused:
        callback_record(
            actor=people["yanta_handler"],
            callback_id=callback.pk,
            result=CallbackResult(reached=True, satisfaction=Satisfaction.SATISFIED),
        )
    assert refused.value.status == 403


def test_the_callback_screen_lists_and_records(client, closed_complaint, people):
    order = closed_complaint()
    callback = Callback.objects.create(work_order=order, reason="sample", created_at=order.closed_at)
    client.force_login(people["agent"])
    page = client.get("/callbacks/").content.decode()
    assert order.number in page
    assert "13912345678" in page  # the agent calls the consumer: the number is shown to center staff
    response = client.post(
        f"/callbacks/{callback.pk}/", {"reached": "yes", "satisfaction": "satisfied", "remarks": "满意"}
    )
    assert response.status_code == 302
    callback.refresh_from_db()
    assert (callback.state, callback.satisfaction) == (CallbackState.DONE, "satisfied")
    client.force_login(people["yanta_handler"])
    assert client.get("/callbacks/").status_code == 403
