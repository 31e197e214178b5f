"""The consumer side (`/consumer/`): file a consultation, complaint or report, confirm the phone with a one-time
code, track an item, withdraw, supply material, rate. Mobile-first; nothing of the staff side is reachable."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def consumer_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal_web/consumer/home.html")
