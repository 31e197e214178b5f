from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import analytics, workforce
from .auth import AuthTokenCreateApi
from .errors import UnknownEndpointApi
from .knowledge import ArticleDetailApi, CitationCheckApi, KnowledgeSearchApi, KnowledgeSuggestionsApi
from .reference import ReferenceApi
from .routing import RoutingResolveApi
from .work_orders.events import WorkOrderEventListApi
from .work_orders.transitions import WorkOrderTransitionApi
from .work_orders.views import WorkOrderCollectionApi, WorkOrderDetailApi

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", AuthTokenCreateApi.as_view(), name="auth-token"),
    path("reference/", ReferenceApi.as_view(), name="reference"),
    path("work-orders/", WorkOrderCollectionApi.as_view(), name="work-orders"),
    path("work-orders/<int:work_order_id>/", WorkOrderDetailApi.as_view(), name="work-order-detail"),
    path(
        "work-orders/<int:work_order_id>/transitions/",
        WorkOrderTransitionApi.as_view(),
        name="work-order-transitions",
    ),
    path(
        "work-orders/<int:work_order_id>/events/",
        WorkOrderEventListApi.as_view(),
        name="work-order-events",
    ),
    path("routing/resolve/", RoutingResolveApi.as_view(), name="routing-resolve"),
    path("knowledge/search/", KnowledgeSearchApi.as_view(), name="knowledge-search"),
    path("knowledge/articles/<int:article_id>/", ArticleDetailApi.as_view(), name="knowledge-article"),
    path("knowledge/suggestions/", KnowledgeSuggestionsApi.as_view(), name="knowledge-suggestions"),
    path("knowledge/check-citations/", CitationCheckApi.as_view(), name="knowledge-check-citations"),
    path("analytics/volumes/", analytics.VolumesApi.as_view(), name="analytics-volumes"),
    path("analytics/timeliness/", analytics.TimelinessApi.as_view(), name="analytics-timeliness"),
    path("analytics/work-orders/", analytics.DrillApi.as_view(), name="analytics-work-orders"),
    path("analytics/hotspots/", analytics.HotspotsApi.as_view(), name="analytics-hotspots"),
    path("workforce/agents/", workforce.AgentListApi.as_view(), name="workforce-agents"),
    path(
        "workforce/shift-templates/",
        workforce.ShiftTemplateListApi.as_view(),
        name="workforce-shift-templates",
    ),
    path(
        "workforce/roster-versions/",
        workforce.RosterVersionListApi.as_view(),
        name="workforce-roster-versions",
    ),
    path(
        "workforce/roster-versions/<int:version_id>/",
        workforce.RosterVersionDetailApi.as_view(),
        name="workforce-roster-version",
    ),
    path(
        "workforce/roster-versions/<int:version_id>/publish/",
        workforce.RosterVersionPublishApi.as_view(),
        name="workforce-roster-version-publish",
    ),
    path("workforce/leaves/", workforce.LeaveListApi.as_view(), name="workforce-leaves"),
    path(
        "workforce/leaves/<int:leave_id>/decision/",
        workforce.LeaveDecisionApi.as_view(),
        name="workforce-leave-decision",
    ),
    path("workforce/special-period/", workforce.SpecialPeriodApi.as_view(), name="workforce-special-period"),
    path("workforce/plans/", workforce.RosterPlanApi.as_view(), name="workforce-plans"),
    # Last: any other address under /api/v1/ ending in "/" answers 404 in the error envelope, not Django's HTML page
    # (addresses without the slash still get CommonMiddleware's APPEND_SLASH redirect).
    re_path(r"^.*/$", UnknownEndpointApi.as_view(), name="unknown"),
]
