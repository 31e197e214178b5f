from django.urls import path

from . import views

app_name = "callbacks"

urlpatterns = [
    path("", views.callback_list, name="list"),
    path("<int:callback_id>/", views.callback_save, name="save"),
    path("<int:callback_id>/review/", views.callback_review_save, name="review"),
]
