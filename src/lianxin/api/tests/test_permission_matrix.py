"""Role × scope: who sees, reads and moves which work order.

Three complaints (see conftest `orders`): one dispatched to 雁塔区局, one to 渭滨区局, one registered at the
center and not dispatched. For each of the ten people, three cells: is it in their list, what does the detail
answer, and what does the natural next step answer — accept for the dispatched ones, dispatch (to 雁塔) for the
registered one. The expectation of every cell is written out below; no cell is derived from the code under test.
"""

from __future__ import annotations

import pytest

from lianxin.domain.workflow import Action, State

LISTED, HIDDEN = True, False

# person: {order: (in the list, detail status, transition status)}
MATRIX: dict[str, dict[str, tuple[bool, int, int]]] = {
    # 12315 center staff: everything their center registered; they dispatch but never accept.
    "agent": {"yanta": (LISTED, 200, 403), "weibin": (LISTED, 200, 403), "registered": (LISTED, 200, 200)},
    "supervisor": {
        "yanta": (LISTED, 200, 403),
        "weibin": (LISTED, 200, 403),
        "registered": (LISTED, 200, 200),
    },
    "manager": {"yanta": (LISTED, 200, 403), "weibin": (LISTED, 200, 403), "registered": (LISTED, 200, 200)},
    # Read-all roles: see everything, move nothing.
    "analyst": {"yanta": (LISTED, 200, 403), "weibin": (LISTED, 200, 403), "registered": (LISTED, 200, 403)},
    "administrator": {
        "yanta": (LISTED, 200, 403),
        "weibin": (LISTED, 200, 403),
        "registered": (LISTED, 200, 403),
    },
    # 雁塔 staff: 雁塔's items only; they accept, never dispatch.
    "yanta_handler": {
        "yanta": (LISTED, 200, 200),
        "weibin": (HIDDEN, 403, 403),
        "registered": (HIDDEN, 403, 403),
    },
    "yanta_leader": {
        "yanta": (LISTED, 200, 200),
        "weibin": (HIDDEN, 403, 403),
        "registered": (HIDDEN, 403, 403),
    },
    # 碑林 is 雁塔's sibling: sees neither.
    "beilin_handler": {
        "yanta": (HIDDEN, 403, 403),
        "weibin": (HIDDEN, 403, 403),
        "registered": (HIDDEN, 403, 403),
    },
    # 西安市局 is 雁塔's parent: sees and may act on its descendants' items.
    "xian_leader": {
        "yanta": (LISTED, 200, 200),
        "weibin": (HIDDEN, 403, 403),
        "registered": (HIDDEN, 403, 403),
    },
    "weibin_handler": {
        "yanta": (HIDDEN, 403, 403),
        "weibin": (LISTED, 200, 200),
        "registered": (HIDDEN, 403, 403),
    },
}

CELLS = [(person, order) for person, row in MATRIX.items() for order in row]


def test_matrix_covers_every_person_and_order(people, orders):
    assert set(MATRIX) == set(people)
    assert all(set(row) == set(orders) for row in MATRIX.values())


def _next_step(order_name: str, org) -> tuple[Action, dict, State]:
    if order_name == "registered":
        return Action.DISPATCH, {"handling_unit": org["yanta"].pk}, State.DISPATCHED
    return Action.ACCEPT, {}, State.ACCEPTED


@pytest.mark.parametrize(("person", "order_name"), CELLS)
def test_list_visibility(client_for, orders, person, order_name):
    listed, _, _ = MATRIX[person][order_name]
    response = client_for(person).get("/api/v1/work-orders/")
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["results"]}
    assert (orders[order_name].pk in ids) is listed


@pytest.mark.parametrize(("person", "order_name"), CELLS)
def test_detail(client_for, orders, org, person, order_name):
    _, detail_status, transition_status = MATRIX[person][order_name]
    response = client_for(person).get(f"/api/v1/work-orders/{orders[order_name].pk}/")
    assert response.status_code == detail_status
    body = response.json()
    if detail_status == 403:
        assert body["code"] == "forbidden"
        assert body["message"] == "该工单不在您的数据范围内。"
        return
    # The actions offered agree with what the transition endpoint will answer.
    action, _, _ = _next_step(order_name, org)
    offered = {a["action"] for a in body["available_actions"]}
    assert (action.value in offered) is (transition_status == 200)


@pytest.mark.parametrize(("person", "order_name"), CELLS)
def test_transition(client_for, orders, org, person, order_name):
    _, _, transition_status = MATRIX[person][order_name]
    order = orders[order_name]
    action, extra, target = _next_step(order_name, org)
    response = client_for(person).post(
        f"/api/v1/work-orders/{order.pk}/transitions/",
        {"action": action.value, "note": "", **extra},
        format="json",
    )
    assert response.status_code == transition_status, response.json()
    order.refresh_from_db()
    if transition_status == 200:
        assert response.json()["state"] == target.value
        assert order.state == target.value
    else:
        assert response.json()["code"] == "forbidden"
        unchanged = State.REGISTERED if order_name == "registered" else State.DISPATCHED
        assert order.state == unchanged.value
