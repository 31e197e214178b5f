"""Server-rendered pages: sign in, sign out, and the landing page (the full workstation comes later)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from lianxin.accounts.models import User
from lianxin.common import clock
from lianxin.domain.workflow import KIND_LABELS, ROLE_LABELS, STATE_LABELS, Role
from lianxin.workorders.errors import InvalidWorkOrder
from lianxin.workorders.permissions import sees_personal_data

from .forms import LoginForm
from .landing import LandingFilters, due_horizon, landing_row, landing_work_orders

PAGE_SIZE = 50


@login_not_required
@require_GET
def root(request: HttpRequest) -> HttpResponse:
    """`/`: the landing page when signed in, else the login page."""
    if request.user.is_authenticated:
        return redirect("web:home")
    return redirect("web:login")


class LoginView(auth_views.LoginView):
    """Public (Django marks LoginView `login_not_required`); a signed-in user goes straight to the landing."""

    form_class = LoginForm
    template_name = "web/login.html"
    redirect_authenticated_user = True


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Who I am, and the work orders in my data scope with their due dates."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware lets only signed-in users here
    due_soon_workdays = settings.LIANXIN_DUE_SOON_WORKDAYS
    try:
        filters = LandingFilters.from_query(request.GET, user=user)
    except InvalidWorkOrder as error:
        return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")
    horizon = due_horizon(today=clock.today(), due_soon_workdays=due_soon_workdays)
    work_orders = landing_work_orders(
        user=user, filters=filters, horizon=horizon, due_soon_workdays=due_soon_workdays
    )
    page = Paginator(work_orders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/home.html",
        {
            "me_name": user.full_name or user.username,
            "me_role": ROLE_LABELS.get(Role(user.role), user.role),
            "me_unit": user.unit.name if user.unit else "",
            "filters": filters,
            "state_choices": list(STATE_LABELS.items()),
            "kind_choices": list(KIND_LABELS.items()),
            "horizon": horizon,
            "due_soon_workdays": due_soon_workdays,
            "page": page,
            "rows": [
                landing_row(work_order, horizon, masked=not sees_personal_data(user))
                for work_order in page.object_list
            ],
        },
    )
