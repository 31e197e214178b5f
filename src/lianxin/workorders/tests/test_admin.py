"""The Django admin: every registered model lists for a superuser; work orders and events are read-only."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from lianxin.domain.workflow import Action
from lianxin.workorders.models import RuleSet, WorkOrder, WorkOrderEvent
from lianxin.workorders.services import TransitionInput, work_order_register, work_order_transition
from lianxin.workorders.tests.factories import complaint_input


@pytest.fixture
def dispatched(people, org) -> WorkOrder:
    order = work_order_register(actor=people["agent"], data=complaint_input())
    return work_order_transition(
        work_order_id=order.pk,
        actor=people["agent"],
        data=TransitionInput(Action.DISPATCH, handling_unit_id=org["yanta"].pk),
    )


def test_every_registered_model_lists_for_a_superuser(superuser_client, dispatched):
    assert admin.site._registry, "nothing registered"
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        search = superuser_client.get(url, {"q": "西安"})
        assert search.status_code == 200, url


def test_every_object_page_opens(superuser_client, dispatched):
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if model_admin.has_add_permission(superuser_client.request().wsgi_request):
            assert (
                superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code
                == 200
            )
        obj = model_admin.get_queryset(superuser_client.request().wsgi_request).first()
        if obj is not None:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert superuser_client.get(url).status_code == 200, url


def test_rule_set_page_shows_time_limits_and_grounds_inline(superuser_client, rules):
    rule_set = RuleSet.objects.get(code="samr-order-20")
    text = superuser_client.get(
        reverse("admin:workorders_ruleset_change", args=[rule_set.pk])
    ).content.decode()
    assert "第十四条" in text  # the acceptance decision time limit
    assert "outside_duties" in text  # a ground for declining


def test_work_order_is_read_only_with_its_history(superuser_client, dispatched):
    url = reverse("admin:workorders_workorder_change", args=[dispatched.pk])
    text = superuser_client.get(url).content.decode()
    assert dispatched.number in text
    assert "分送" in text  # the dispatch event, inline
    assert superuser_client.get(reverse("admin:workorders_workorder_add")).status_code == 403
    delete = reverse("admin:workorders_workorder_delete", args=[dispatched.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    before = WorkOrder.objects.get(pk=dispatched.pk).state
    superuser_client.post(url, {"state": "closed"})
    assert WorkOrder.objects.get(pk=dispatched.pk).state == before


def test_events_are_append_only_in_the_admin(superuser_client, dispatched):
    event = WorkOrderEvent.objects.filter(work_order=dispatched).first()
    assert superuser_client.get(reverse("admin:workorders_workorderevent_add")).status_code == 403
    delete = reverse("admin:workorders_workorderevent_delete", args=[event.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert WorkOrderEvent.objects.filter(pk=event.pk).exists()
    model_admin = admin.site._registry[WorkOrder]
    request = superuser_client.request().wsgi_request
    for inline in model_admin.get_inline_instances(request, dispatched):
        assert not inline.has_add_permission(request, dispatched)
        assert not inline.has_change_permission(request, dispatched)
        assert not inline.has_delete_permission(request, dispatched)


def test_personal_data_only_for_those_who_handle_the_case(client, superuser_client, people, dispatched):
    url = reverse("admin:workorders_workorder_change", args=[dispatched.pk])
    assert "13912345678" not in superuser_client.get(url).content.decode()
    # A center agent made staff (with view permission) handles the case and sees the complainant's phone.
    agent = people["agent"]
    agent.is_staff = True
    agent.is_superuser = True
    agent.save()
    client.force_login(agent)
    assert "13912345678" in client.get(url).content.decode()


def test_work_order_admin_is_scoped_like_every_read(client, people, dispatched):
    # A staff member at 渭滨 with the view permission does not see 雁塔's work order even in the admin.
    handler = people["weibin_handler"]
    handler.is_staff = True
    handler.save()
    handler.user_permissions.add(Permission.objects.get(codename="view_workorder"))
    client.force_login(handler)
    response = client.get(reverse("admin:workorders_workorder_changelist"))
    assert response.status_code == 200
    assert dispatched.number not in response.content.decode()
    client.force_login(people["yanta_handler"])
    people["yanta_handler"].is_staff = True
    people["yanta_handler"].save()
    people["yanta_handler"].user_permissions.add(Permission.objects.get(codename="view_workorder"))
    assert dispatched.number in client.get(reverse("admin:workorders_workorder_changelist")).content.decode()


def test_the_work_order_page_shows_clocks_as_people_read_them(superuser_client, dispatched):
    page = superuser_client.get(f"/admin/workorders/workorder/{dispatched.pk}/change/").content.decode()
    assert "受理决定" in page or "决定" in page
    assert "届满日" in page
    assert '"started_on"' not in page
    assert f"/handling/{dispatched.pk}/" in page
