from django.urls import path

from . import views

app_name = "realtime"

urlpatterns = [
    path("stream/", views.live_stream, name="stream"),
]
