from django.urls import path

from . import consumer_views, disclosure_views, odr_views, open311_views

app_name = "portal_web"

urlpatterns = [
    path("consumer/", consumer_views.consumer_home, name="consumer_home"),
    path("consumer/verify/", consumer_views.verify_phone, name="consumer_verify"),
    path("consumer/file/<str:kind>/", consumer_views.file_item, name="consumer_file"),
    path("consumer/law-hint/", consumer_views.law_hint, name="consumer_law_hint"),
    path("consumer/track/", consumer_views.track, name="consumer_track"),
    path("consumer/items/<str:number>/", consumer_views.item, name="consumer_item"),
    path("odr/", odr_views.odr_cases, name="odr_cases"),
    path("odr/login/", odr_views.odr_login, name="odr_login"),
    path("odr/logout/", odr_views.odr_logout, name="odr_logout"),
    path("odr/cases/<int:case_id>/", odr_views.odr_case, name="odr_case"),
    path("disclosure/", disclosure_views.disclosure_home, name="disclosure_home"),
    path("disclosure/business/", disclosure_views.disclosure_detail, name="disclosure_business"),
    path(
        "disclosure/open-data/<str:dataset>.<str:fmt>",
        disclosure_views.disclosure_open_data,
        name="disclosure_open_data",
    ),
    # Open311 GeoReport v2, read only, over the published disclosure (ADR 0017).
    path("open311/v2/services.<str:fmt>", open311_views.services, name="open311_services"),
    path("open311/v2/requests.<str:fmt>", open311_views.service_requests, name="open311_requests"),
    path(
        "open311/v2/requests/<str:request_id>.<str:fmt>",
        open311_views.service_request,
        name="open311_request",
    ),
]
