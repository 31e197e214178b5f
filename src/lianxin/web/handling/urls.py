from django.urls import path

from . import approvals, views

app_name = "handling"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<str:action>/", views.act, name="act"),
    path("<int:pk>/mediation/", views.record_session, name="record_session"),
    path("<int:pk>/complainants/<str:action>/", views.complainants, name="complainants"),
    path("documents/<int:document_id>/<str:fmt>/", views.document_download, name="document"),
    path("<int:pk>/evidence/", views.upload_evidence, name="upload_evidence"),
    path("evidence/<int:attachment_id>/<str:variant>/", views.evidence_file, name="evidence"),
    path("approvals/", approvals.queue, name="approvals"),
    path("approvals/<int:approval_id>/decide/", approvals.decide, name="approval_decide"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
