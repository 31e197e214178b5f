"""The OpenAPI schema and the docs page: public, valid, and complete."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from rest_framework.test import APIClient

PATHS = {
    "/api/v1/auth/token/": {"post"},
    "/api/v1/reference/": {"get"},
    "/api/v1/work-orders/": {"get", "post"},
    "/api/v1/work-orders/{work_order_id}/": {"get"},
    "/api/v1/work-orders/{work_order_id}/transitions/": {"post"},
    "/api/v1/work-orders/{work_order_id}/events/": {"get"},
    "/api/v1/routing/resolve/": {"post"},
    "/api/v1/knowledge/search/": {"get"},
    "/api/v1/knowledge/articles/{article_id}/": {"get"},
    "/api/v1/knowledge/check-citations/": {"post"},
    "/api/v1/knowledge/suggestions/": {"get"},
    "/api/v1/analytics/volumes/": {"get"},
    "/api/v1/analytics/timeliness/": {"get"},
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


def test_schema_is_public_and_lists_every_endpoint(db):
    response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert {path: set(ops) for path, ops in schema["paths"].items()} == PATHS
    transition = schema["paths"]["/api/v1/work-orders/{work_order_id}/transitions/"]["post"]
    assert set(transition["responses"]) == {"200", "400", "401", "403", "404", "409"}
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"code", "message", "fields"}


def test_schema_validates_without_warnings(db, tmp_path: Path):
    target = tmp_path / "schema.yaml"
    # --fail-on-warn turns every unannotated view or ambiguous component into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    assert "/api/v1/work-orders/{work_order_id}/transitions/" in target.read_text()


def test_docs_page_is_public_and_served_offline(db):
    response = APIClient().get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "drf_spectacular_sidecar" in html  # bundled assets, no CDN
    assert "cdn" not in html.lower()
