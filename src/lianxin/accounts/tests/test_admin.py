"""The organisation tree in the admin: moving a unit rebuilds the paths that scope every query."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lianxin.accounts.models import OrgUnit, User


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _unit_form(unit: OrgUnit, **overrides: object) -> dict[str, object]:
    data = {
        "name": unit.name,
        "code": unit.code,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "division_code": unit.division_code,
        "is_active": "on" if unit.is_active else "",
    }
    data.update(overrides)
    return data


def test_moving_a_unit_rebuilds_the_paths(staff_client, org):
    beilin, baoji = org["beilin"], org["baoji"]
    url = reverse("admin:accounts_orgunit_change", args=[beilin.pk])
    response = staff_client.post(url, _unit_form(beilin, parent=baoji.pk))
    assert response.status_code == 302
    beilin.refresh_from_db()
    assert beilin.path == f"{baoji.path}{beilin.pk}/"


def test_a_unit_added_in_the_admin_gets_its_path(staff_client, org):
    response = staff_client.post(
        reverse("admin:accounts_orgunit_add"),
        {
            "name": "西安市未央区市场监督管理局",
            "code": "SN-610112",
            "kind": "county_bureau",
            "parent": org["xian"].pk,
            "division_code": "610112",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    weiyang = OrgUnit.objects.get(code="SN-610112")
    assert weiyang.path == f"{org['xian'].path}{weiyang.pk}/"


def test_a_unit_cannot_be_put_under_its_own_descendant(staff_client, org):
    xian, yanta = org["xian"], org["yanta"]
    url = reverse("admin:accounts_orgunit_change", args=[xian.pk])
    response = staff_client.post(url, _unit_form(xian, parent=yanta.pk))
    assert response.status_code == 200
    assert "上级单位不能是本单位或其下级单位。" in response.content.decode()
    xian.refresh_from_db()
    assert xian.parent_id == org["province"].pk


def test_user_admin_edits_role_and_unit(staff_client, people, org):
    user = people["beilin_handler"]
    page = staff_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert 'name="role"' in page
    assert 'name="unit"' in page
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new_handler",
            "password1": "Lianxin-12315-x",
            "password2": "Lianxin-12315-x",
            "usable_password": "true",
            "full_name": "新承办人",
            "role": "unit_handler",
            "unit": org["yanta"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="new_handler")
    assert (created.role, created.unit_id, created.full_name) == ("unit_handler", org["yanta"].pk, "新承办人")
