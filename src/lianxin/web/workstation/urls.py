from django.urls import path

from . import views

app_name = "workstation"

urlpatterns = [
    path("", views.index, name="index"),
    path("calls/<str:call_id>/panel/", views.call_panel, name="call-panel"),
    path("free/", views.free_panel, name="free-panel"),
    path("routing/", views.routing_panel, name="routing"),
    path("legal/", views.legal_panel, name="legal"),
    path("duplicates/", views.duplicates_panel, name="duplicates"),
    path("register/", views.register, name="register"),
]
