from django.urls import path

from . import analytics_views, roster_views, wallboard_views

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
    path("wallboard/", wallboard_views.wallboard, name="wallboard"),
    path("rosters/", roster_views.rosters, name="rosters"),
    path("rosters/versions/<int:version_id>/", roster_views.version, name="roster-version"),
    path("rosters/versions/<int:version_id>/publish/", roster_views.publish, name="roster-publish"),
    path("rosters/versions/<int:version_id>/export.<str:fmt>", roster_views.export, name="roster-export"),
    path("rosters/plan/", roster_views.plan, name="roster-plan"),
    path("rosters/special-period/", roster_views.special_period, name="roster-special-period"),
    path("rosters/leaves/<int:leave_id>/", roster_views.leave_decide_view, name="roster-leave"),
]
