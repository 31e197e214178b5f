"""The business side of online dispute resolution (`/odr/`): sign in, the complaints about my business, answer,
my statistics. A business account is not a staff user: its session key is our own (``odr_account_id``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from lianxin.domain.personal_data import mask_identifiers
from lianxin.portal import throttle
from lianxin.portal.errors import PortalError
from lianxin.portal.models import BusinessAccount, OdrOutcome, OdrState
from lianxin.portal.services.odr import (
    OdrAnswer,
    business_account_authenticate,
    odr_answer,
    odr_cases_for,
    odr_statistics,
)

from .common import client_address, masked_name, masked_phone

SESSION_KEY = "odr_account_id"


def business_required(view):
    @login_not_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        account_id = request.session.get(SESSION_KEY)
        account = (
            BusinessAccount.objects.select_related("business")
            .filter(pk=account_id, is_active=True, business__is_odr_enrolled=True)
            .first()
            if account_id
            else None
        )
        if account is None:
            return redirect("portal_web:odr_login")
        request.odr_account = account
        return view(request, *args, **kwargs)

    return wrapper


@login_not_required
@require_http_methods(["GET", "POST"])
def odr_login(request: HttpRequest) -> HttpResponse:
    error = ""
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        address = client_address(request)
        try:
            throttle.check(throttle.LOGIN_FAILURES_PER_NAME, username.lower())
            throttle.check(throttle.LOGIN_FAILURES_PER_ADDRESS, address)
            account = business_account_authenticate(username=username, password=password)
            if account is None:
                throttle.count(throttle.LOGIN_FAILURES_PER_NAME, username.lower())
                throttle.count(throttle.LOGIN_FAILURES_PER_ADDRESS, address)
                raise PortalError("bad_login", "登录名或密码不正确，或贵单位尚未加入在线纠纷解决。")
        except PortalError as refusal:
            error = refusal.message
        else:
            request.session.cycle_key()
            request.session[SESSION_KEY] = account.pk
            return redirect("portal_web:odr_cases")
    return render(request, "portal_web/odr/login.html", {"error": error, "username": username})


@login_not_required
@require_POST
def odr_logout(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    return redirect("portal_web:odr_login")


@business_required
def odr_cases(request: HttpRequest) -> HttpResponse:
    account = request.odr_account
    state = request.GET.get("state", "")
    cases = odr_cases_for(account)
    if state in OdrState.values:
        cases = cases.filter(state=state)
    page = Paginator(cases, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal_web/odr/cases.html",
        {
            "account": account,
            "page": page,
            "state": state,
            "states": OdrState.choices,
            "statistics": odr_statistics(account),
        },
    )


def _case_view(case) -> dict:
    work_order = case.work_order
    return {
        "case": case,
        "number": work_order.number,
        "consumer": masked_name(work_order.contact_name),
        "phone": masked_phone(work_order.contact_phone),
        "summary": work_order.summary,
        # The business reads the consumer's account of the facts, but never an ID or phone number typed into it.
        "facts": mask_identifiers(work_order.facts),
        "claims": mask_identifiers(work_order.claims),
        "amount_involved": work_order.amount_involved,
        "received_at": work_order.received_at,
        "events": case.events.all(),
    }


@business_required
@require_http_methods(["GET", "POST"])
def odr_case(request: HttpRequest, case_id: int) -> HttpResponse:
    account = request.odr_account
    case = odr_cases_for(account).filter(pk=case_id).first()
    if case is None:
        raise Http404
    errors: dict[str, list[str]] = {}
    form = {"outcome": "", "amount": "", "answer": ""}
    if request.method == "POST":
        form = {key: request.POST.get(key, "").strip() for key in form}
        amount = None
        if form["amount"]:
            try:
                amount = Decimal(form["amount"])
            except InvalidOperation:
                errors["amount"] = ["请填写金额数字，例如 1280 或 1280.50。"]
        if form["outcome"] not in OdrOutcome.values:
            errors["outcome"] = ["请选择处理方式。"]
        if not errors:
            try:
                odr_answer(
                    account=account,
                    case_id=case.pk,
                    data=OdrAnswer(outcome=OdrOutcome(form["outcome"]), answer=form["answer"], amount=amount),
                )
            except PortalError as refusal:
                errors = refusal.fields or {"form": [refusal.message]}
            else:
                messages.success(request, "答复已提交，等待消费者确认。")
                return redirect("portal_web:odr_case", case_id=case.pk)
    return render(
        request,
        "portal_web/odr/case.html",
        {
            "account": account,
            **_case_view(case),
            "outcomes": OdrOutcome.choices,
            "form": form,
            "errors": errors,
        },
    )
