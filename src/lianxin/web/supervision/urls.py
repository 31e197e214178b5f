from django.urls import path

from . import analytics_views

app_name = "supervision"

urlpatterns = [
    path("analytics/", analytics_views.statistics, name="analytics"),
    path("analytics/work-orders/", analytics_views.drill, name="analytics-drill"),
    path("analytics/export/", analytics_views.export, name="analytics-export"),
    path("analytics/hotspots/", analytics_views.hotspots, name="hotspots"),
    path("analytics/hotspots/<int:alert_id>/", analytics_views.hotspot_detail, name="hotspot"),
    path("analytics/hotspots/<int:alert_id>/warning/", analytics_views.warning_draft, name="warning-draft"),
    path("analytics/warnings/<int:warning_id>/", analytics_views.warning_edit, name="warning-edit"),
    path("analytics/reports/", analytics_views.reports, name="reports"),
    path(
        "analytics/reports/<int:report_id>.<str:fmt>",
        analytics_views.report_download,
        name="report-download",
    ),
]
