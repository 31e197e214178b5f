from django.urls import path

from . import views

app_name = "work_orders"

urlpatterns = [
    path("<str:number>/", views.detail, name="detail"),
]
