from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor, views

app_name = "web"

urlpatterns = [
    path("", views.root, name="root"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/2fa/", two_factor.verify, name="two-factor"),
    path("login/2fa/enrol/", two_factor.enrol, name="two-factor-enrol"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("home/", views.home, name="home"),
]
