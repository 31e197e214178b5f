"""The OpenAPI schema and the docs page: for signed-in users (ADR 0015), valid, and complete."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from rest_framework.test import APIClient

PATHS = {
    "/api/v1/auth/token/": {"post"},
    "/api/v1/auth/tokens/": {"get"},
    "/api/v1/auth/tokens/{token_id}/": {"delete"},
    "/api/v1/reference/": {"get"},
    "/api/v1/work-orders/": {"get", "post"},
    "/api/v1/work-orders/{work_order_id}/": {"get"},
    "/api/v1/work-orders/{work_order_id}/transitions/": {"post"},
    "/api/v1/work-orders/mixed-filings/": {"post"},
    "/api/v1/work-orders/returned/": {"get"},
    "/api/v1/work-orders/returned/reasons/": {"get"},
    "/api/v1/work-orders/{work_order_id}/split/": {"post"},
    "/api/v1/work-orders/{work_order_id}/co-complainants/": {"post"},
    "/api/v1/work-orders/{work_order_id}/co-complainants/{co_complainant_id}/removal/": {"post"},
    "/api/v1/work-orders/{work_order_id}/representatives/": {"post"},
    "/api/v1/work-orders/{work_order_id}/events/": {"get"},
    "/api/v1/work-orders/{work_order_id}/approvals/": {"get", "post"},
    "/api/v1/approvals/": {"get"},
    "/api/v1/approvals/{approval_id}/decision/": {"post"},
    "/api/v1/routing/resolve/": {"post"},
    "/api/v1/knowledge/search/": {"get"},
    "/api/v1/knowledge/articles/{article_id}/": {"get"},
    "/api/v1/knowledge/check-citations/": {"post"},
    "/api/v1/knowledge/suggestions/": {"get"},
    "/api/v1/work-orders/{work_order_id}/references/": {"post"},
    "/api/v1/cti/{token}": {"post"},
    "/api/v1/cti/{token}/route": {"post"},
    "/api/v1/agent/": {"get"},
    "/api/v1/agent/sign-in/": {"post"},
    "/api/v1/agent/state/": {"post"},
    "/api/v1/agents/": {"get"},
    "/api/v1/calls/": {"get"},
    "/api/v1/calls/register/": {"post"},
    "/api/v1/calls/{call_id}/": {"get"},
    "/api/v1/calls/{call_id}/answer/": {"post"},
    "/api/v1/caller-history/": {"get"},
    "/api/v1/blocked-numbers/": {"get", "post"},
    "/api/v1/blocked-numbers/{number}/": {"delete"},
    "/api/v1/drafts/{key}/": {"get", "put", "delete"},
    "/api/v1/analytics/volumes/": {"get"},
    "/api/v1/analytics/timeliness/": {"get"},
    "/api/v1/analytics/satisfaction/": {"get"},
    "/api/v1/analytics/work-orders/": {"get"},
    "/api/v1/analytics/hotspots/": {"get"},
    "/api/v1/workforce/agents/": {"get"},
    "/api/v1/workforce/shift-templates/": {"get"},
    "/api/v1/workforce/roster-versions/": {"get"},
    "/api/v1/workforce/roster-versions/{version_id}/": {"get"},
    "/api/v1/workforce/roster-versions/{version_id}/publish/": {"post"},
    "/api/v1/workforce/leaves/": {"get", "post"},
    "/api/v1/workforce/leaves/{leave_id}/decision/": {"post"},
    "/api/v1/workforce/special-period/": {"get", "post"},
    "/api/v1/workforce/plans/": {"post"},
}


def _signed_in(people) -> APIClient:
    client = APIClient()
    client.force_authenticate(people["agent"])
    return client


def test_schema_and_docs_are_not_public(db):
    assert APIClient().get("/api/v1/schema/", {"format": "json"}).status_code == 401
    assert APIClient().get("/api/v1/docs/").status_code == 401


def test_schema_lists_every_endpoint(people):
    response = _signed_in(people).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert {path: set(ops) for path, ops in schema["paths"].items()} == PATHS
    transition = schema["paths"]["/api/v1/work-orders/{work_order_id}/transitions/"]["post"]
    assert set(transition["responses"]) == {"200", "400", "401", "403", "404", "409", "413", "422", "503"}
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"code", "message", "fields"}


def test_schema_validates_without_warnings(db, tmp_path: Path):
    target = tmp_path / "schema.yaml"
    # --fail-on-warn turns every unannotated view or ambiguous component into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/work-orders/{work_order_id}/transitions/" in target.read_text()


def test_docs_page_is_served_offline_without_inline_code(people):
    response = _signed_in(people).get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "drf_spectacular_sidecar" in html  # bundled assets, no CDN
    assert "cdn" not in html.lower()
    assert "<style" not in html  # CSP: style-src 'self' (the settings script is a file, too)
    assert "<script>" not in html


def _schema() -> dict:
    """The schema as a signed-in client reads it (it is not public, ADR 0015)."""
    from lianxin.accounts.models import User
    from lianxin.accounts.services import user_create
    from lianxin.domain.workflow import Role

    reader = User.objects.filter(username="schema_reader").first() or user_create(
        username="schema_reader", password=None, role=Role.ANALYST, unit=None
    )
    client = APIClient()
    client.force_authenticate(user=reader)
    return client.get("/api/v1/schema/", {"format": "json"}).json()


def test_every_operation_has_a_chinese_summary_and_tag(db):
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            summary, tags = operation.get("summary", ""), operation.get("tags", [])
            assert summary, (path, method)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in summary), (path, method, summary)
            assert tags, (path, method)
            assert all(any("\u4e00" <= ch <= "\u9fff" for ch in tag) for tag in tags), (path, method, tags)


def test_registration_examples_are_accepted_as_they_stand(people, org):
    schema = _schema()
    body = schema["paths"]["/api/v1/work-orders/"]["post"]["requestBody"]["content"]["application/json"]
    examples = body["examples"]
    assert len(examples) >= 3
    client = APIClient()
    client.force_authenticate(user=people["agent"])
    for name, example in examples.items():
        response = client.post("/api/v1/work-orders/", example["value"], format="json")
        assert response.status_code == 201, (name, response.json())
