from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import analytics, workforce
from .approvals import ApprovalDecisionApi, ApprovalQueueApi, WorkOrderApprovalsApi
from .auth import AuthTokenCreateApi
from .errors import UnknownEndpointApi
from .intake.cti import CtiEventApi, CtiRouteApi
from .intake.views import (
    AgentListApi,
    AgentMeApi,
    AgentSignInApi,
    AgentStateApi,
    BlockedNumberApi,
    BlockedNumberDetailApi,
    CallAnswerApi,
    CallDetailApi,
    CallerHistoryApi,
    CallListApi,
    CallRegistrationApi,
    DraftApi,
    WorkOrderReferenceApi,
)
from .knowledge import ArticleDetailApi, CitationCheckApi, KnowledgeSearchApi, KnowledgeSuggestionsApi
from .reference import ReferenceApi
from .routing import RoutingResolveApi
from .tokens import TokenDetailApi, TokenListApi
from .work_orders.events import WorkOrderEventListApi
from .work_orders.joint import CoComplainantAddApi, CoComplainantRemovalApi, RepresentativeElectionApi
from .work_orders.mixed import MixedFilingCreateApi, WorkOrderSplitApi
from .work_orders.returned import ReturnedWorkOrderListApi, ReturnReasonCountsApi
from .work_orders.transitions import WorkOrderTransitionApi
from .work_orders.views import WorkOrderCollectionApi, WorkOrderDetailApi

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's settings as a script file, not an inline <script> (CSP, ADR 0015).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="web/api_docs.html"),
        name="docs",
    ),
    path("auth/token/", AuthTokenCreateApi.as_view(), name="auth-token"),
    path("auth/tokens/", TokenListApi.as_view(), name="auth-tokens"),
    path("auth/tokens/<int:token_id>/", TokenDetailApi.as_view(), name="auth-token-detail"),
    path("reference/", ReferenceApi.as_view(), name="reference"),
    path("work-orders/", WorkOrderCollectionApi.as_view(), name="work-orders"),
    path("work-orders/mixed-filings/", MixedFilingCreateApi.as_view(), name="work-order-mixed-filings"),
    path("work-orders/returned/", ReturnedWorkOrderListApi.as_view(), name="work-orders-returned"),
    path("work-orders/returned/reasons/", ReturnReasonCountsApi.as_view(), name="work-orders-return-reasons"),
    path("work-orders/<int:work_order_id>/", WorkOrderDetailApi.as_view(), name="work-order-detail"),
    path("work-orders/<int:work_order_id>/split/", WorkOrderSplitApi.as_view(), name="work-order-split"),
    path(
        "work-orders/<int:work_order_id>/co-complainants/",
        CoComplainantAddApi.as_view(),
        name="work-order-co-complainants",
    ),
    path(
        "work-orders/<int:work_order_id>/co-complainants/<int:co_complainant_id>/removal/",
        CoComplainantRemovalApi.as_view(),
        name="work-order-co-complainant-removal",
    ),
    path(
        "work-orders/<int:work_order_id>/representatives/",
        RepresentativeElectionApi.as_view(),
        name="work-order-representatives",
    ),
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
    path(
        "work-orders/<int:work_order_id>/approvals/",
        WorkOrderApprovalsApi.as_view(),
        name="work-order-approvals",
    ),
    path("approvals/", ApprovalQueueApi.as_view(), name="approvals"),
    path("approvals/<int:approval_id>/decision/", ApprovalDecisionApi.as_view(), name="approval-decision"),
    path(
        "work-orders/<int:work_order_id>/references/",
        WorkOrderReferenceApi.as_view(),
        name="work-order-references",
    ),
    # The PBX: Zammad's generic CTI address has no trailing slash.
    path("cti/<str:token>", CtiEventApi.as_view(), name="cti"),
    path("cti/<str:token>/route", CtiRouteApi.as_view(), name="cti-route"),
    path("agent/", AgentMeApi.as_view(), name="agent"),
    path("agent/sign-in/", AgentSignInApi.as_view(), name="agent-sign-in"),
    path("agent/state/", AgentStateApi.as_view(), name="agent-state"),
    path("agents/", AgentListApi.as_view(), name="agents"),
    path("calls/", CallListApi.as_view(), name="calls"),
    path("calls/register/", CallRegistrationApi.as_view(), name="calls-register"),
    path("calls/<str:call_id>/", CallDetailApi.as_view(), name="call-detail"),
    path("calls/<str:call_id>/answer/", CallAnswerApi.as_view(), name="call-answer"),
    path("caller-history/", CallerHistoryApi.as_view(), name="caller-history"),
    path("blocked-numbers/", BlockedNumberApi.as_view(), name="blocked-numbers"),
    path("blocked-numbers/<str:number>/", BlockedNumberDetailApi.as_view(), name="blocked-number-detail"),
    path("drafts/<str:key>/", DraftApi.as_view(), name="draft"),
    path("routing/resolve/", RoutingResolveApi.as_view(), name="routing-resolve"),
    path("knowledge/search/", KnowledgeSearchApi.as_view(), name="knowledge-search"),
    path("knowledge/articles/<int:article_id>/", ArticleDetailApi.as_view(), name="knowledge-article"),
    path("knowledge/suggestions/", KnowledgeSuggestionsApi.as_view(), name="knowledge-suggestions"),
    path("knowledge/check-citations/", CitationCheckApi.as_view(), name="knowledge-check-citations"),
    path("analytics/volumes/", analytics.VolumesApi.as_view(), name="analytics-volumes"),
    path("analytics/timeliness/", analytics.TimelinessApi.as_view(), name="analytics-timeliness"),
    path("analytics/satisfaction/", analytics.SatisfactionApi.as_view(), name="analytics-satisfaction"),
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
