from django.urls import path

from . import queue, views

app_name = "work_orders"

urlpatterns = [
    path("dispatch-queue/", queue.dispatch_queue, name="dispatch_queue"),
    path("<str:number>/dispatch/", queue.dispatch_one, name="dispatch"),
    path("<str:number>/split/", views.split, name="split"),
    path("<str:number>/complainants/<str:action>/", views.complainants, name="complainants"),
    path("<str:number>/claims/", views.change_claims, name="change_claims"),
    path("<str:number>/", views.detail, name="detail"),
]
