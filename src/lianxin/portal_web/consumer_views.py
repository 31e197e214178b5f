"""The consumer side (`/consumer/`): file a consultation, complaint or report, confirm the phone with a one-time
code, track an item, withdraw a complaint, accept or reject a business's answer, rate the handling.
Mobile-first; nothing of the staff side is reachable, and every refusal is a Chinese message."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lianxin.common import clock
from lianxin.domain.workflow import Kind
from lianxin.knowledge.selectors import suggestions_for_text
from lianxin.portal import throttle
from lianxin.portal.errors import PortalError
from lianxin.portal.models import ChallengePurpose, Satisfaction
from lianxin.portal.selectors import public_status
from lianxin.portal.services.filing import (
    CONFIRMATION_MINUTES,
    OnlineFilingInput,
    code_confirm,
    code_request,
    online_file,
    online_rate,
    online_supply_material,
    online_withdraw,
    track_find,
)
from lianxin.portal.services.odr import odr_consumer_decide
from lianxin.workorders.models import Category, IssueType, WorkOrder

from .common import client_address
from .forms import CaptchaForm

PHONE_SESSION = "portal_phone"
TRACKED_SESSION = "portal_tracked"
KIND_TITLES = {Kind.CONSULTATION: "咨询", Kind.COMPLAINT: "投诉", Kind.REPORT: "举报"}
TEXT_LIMITS = {
    "summary": 200,
    "facts": 5000,
    "claims": 2000,
    "contact_address": 200,
    "respondent_address": 300,
}


def _confirmed_phone(request: HttpRequest) -> str:
    data = request.session.get(PHONE_SESSION) or {}
    until = parse_datetime(data.get("until", "")) if data else None
    return data.get("phone", "") if until and until > clock.now() else ""


def _remember_phone(request: HttpRequest, phone: str) -> None:
    until = clock.now() + timedelta(minutes=CONFIRMATION_MINUTES)
    request.session[PHONE_SESSION] = {"phone": phone, "until": until.isoformat()}


def _kind(value: str) -> Kind:
    try:
        kind = Kind(value)
    except ValueError:
        raise Http404 from None
    if kind not in KIND_TITLES:
        raise Http404
    return kind


@login_not_required
@require_GET
def consumer_home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal_web/consumer/home.html", {"kinds": KIND_TITLES.items()})


@login_not_required
@require_http_methods(["GET", "POST"])
def verify_phone(request: HttpRequest) -> HttpResponse:
    """Step 1: the phone, a captcha, then the code sent by SMS. ``next`` says where to go afterwards."""
    next_url = request.GET.get("next") or request.POST.get("next") or "/consumer/"
    if not next_url.startswith("/consumer/"):
        next_url = "/consumer/"
    purpose = ChallengePurpose.TRACK if next_url.startswith("/consumer/track") else ChallengePurpose.FILE
    phone = request.POST.get("phone", "")
    errors: dict[str, list[str]] = {}
    code_sent = request.POST.get("code_sent") == "1"
    captcha = CaptchaForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "send":
                if not captcha.is_valid():
                    raise PortalError(
                        "captcha",
                        "图形验证码不正确。",
                        fields={"captcha": ["图形验证码不正确，请重新输入。"]},
                    )
                code_request(phone=phone, purpose=purpose, client=client_address(request))
                code_sent = True
                captcha = CaptchaForm()
                messages.info(request, "验证码已发送，10分钟内有效。")
            else:
                confirmed = code_confirm(phone=phone, purpose=purpose, code=request.POST.get("code", ""))
                _remember_phone(request, confirmed)
                return redirect(next_url)
        except PortalError as refusal:
            errors = refusal.fields or {"form": [refusal.message]}
            if refusal.code == "rate_limited":
                errors = {"form": [refusal.message]}
    return render(
        request,
        "portal_web/consumer/verify.html",
        {"next": next_url, "phone": phone, "code_sent": code_sent, "errors": errors, "captcha": captcha},
    )


def _filing_input(kind: Kind, post) -> tuple[OnlineFilingInput, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    amount = None
    if post.get("amount_involved", "").strip():
        try:
            amount = Decimal(post["amount_involved"].strip())
            if amount < 0:
                raise InvalidOperation
        except InvalidOperation:
            errors["amount_involved"] = ["请填写金额数字，例如 1280。"]
    for name, limit in TEXT_LIMITS.items():
        if len(post.get(name, "")) > limit:
            errors[name] = [f"最多 {limit} 字。"]
    data = OnlineFilingInput(
        kind=kind,
        contact_name=post.get("contact_name", ""),
        contact_id_type="resident_id" if post.get("contact_id_number", "").strip() else "",
        contact_id_number=post.get("contact_id_number", ""),
        contact_address=post.get("contact_address", ""),
        is_anonymous=kind is Kind.REPORT and post.get("is_anonymous") == "1",
        respondent_name=post.get("respondent_name", ""),
        respondent_credit_code=post.get("respondent_credit_code", ""),
        respondent_address=post.get("respondent_address", ""),
        respondent_online_role="platform_seller" if post.get("respondent_platform_name", "").strip() else "",
        respondent_platform_name=post.get("respondent_platform_name", ""),
        respondent_published_address=post.get("respondent_published_address", ""),
        category_code=post.get("category_code", ""),
        issue_type_code=post.get("issue_type_code", ""),
        summary=post.get("summary", ""),
        facts=post.get("facts", ""),
        claims=post.get("claims", ""),
        amount_involved=amount,
        consents_to_publish=post.get("consents_to_publish") == "1",
    )
    return data, errors


@login_not_required
@require_http_methods(["GET", "POST"])
def file_item(request: HttpRequest, kind: str) -> HttpResponse:
    item_kind = _kind(kind)
    phone = _confirmed_phone(request)
    anonymous = (
        item_kind is Kind.REPORT and (request.POST.get("is_anonymous") or request.GET.get("anonymous")) == "1"
    )
    if not phone and not anonymous:
        return redirect(f"/consumer/verify/?next=/consumer/file/{item_kind.value}/")
    errors: dict[str, list[str]] = {}
    captcha = CaptchaForm(request.POST or None) if anonymous else None
    if request.method == "POST":
        data, errors = _filing_input(item_kind, request.POST)
        if captcha is not None and not captcha.is_valid():
            errors["captcha"] = ["图形验证码不正确，请重新输入。"]
        if not errors:
            try:
                result = online_file(
                    data=data, confirmed_phone="" if anonymous else phone, client=client_address(request)
                )
            except PortalError as refusal:
                errors = refusal.fields or {"form": [refusal.message]}
                if not refusal.fields:
                    errors = {"form": [refusal.message]}
            else:
                tracked = set(request.session.get(TRACKED_SESSION, []))
                tracked.add(result.work_order.pk)
                request.session[TRACKED_SESSION] = sorted(tracked)
                return render(
                    request,
                    "portal_web/consumer/filed.html",
                    {
                        "number": result.work_order.number,
                        "kind": KIND_TITLES[item_kind],
                        "query_code": result.query_code,
                        "odr_case": result.odr_case,
                        "hints": _law_hints(data.facts, data.claims),
                    },
                )
    applies_to = "report" if item_kind is Kind.REPORT else "complaint"
    return render(
        request,
        "portal_web/consumer/file.html",
        {
            "kind": item_kind.value,
            "title": KIND_TITLES[item_kind],
            "phone": phone,
            "anonymous": anonymous,
            "post": request.POST,
            "errors": errors,
            "captcha": captcha,
            "categories": Category.objects.filter(is_active=True).order_by("position"),
            "issue_types": IssueType.objects.filter(is_active=True, applies_to=applies_to).order_by(
                "position"
            ),
        },
    )


def _law_hints(facts: str, claims: str) -> list[dict]:
    """A plain-language hint of the law that may apply (the knowledge search the agents use), articles only."""
    if len((facts + claims).strip()) < 6:
        return []
    results = suggestions_for_text(facts=facts, claims=claims, top_k=5)
    return [
        {"title": result.title, "text": result.text[:160]} for result in results if result.kind == "article"
    ][:3]


@login_not_required
@require_POST
def law_hint(request: HttpRequest) -> HttpResponse:
    """htmx: the hint under the facts field as the consumer types."""
    hints = _law_hints(request.POST.get("facts", "")[:2000], request.POST.get("claims", "")[:1000])
    return render(request, "portal_web/consumer/_hints.html", {"hints": hints})


@login_not_required
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Find an item by its number and the confirmed phone, or by the query code of an anonymous report."""
    errors: dict[str, list[str]] = {}
    number = request.POST.get("number", request.GET.get("number", ""))
    if request.method == "POST":
        try:
            throttle.check(throttle.TRACK_FAILURES_PER_ADDRESS, client_address(request))
            query_code = request.POST.get("query_code", "")
            phone = "" if query_code else _confirmed_phone(request)
            if not query_code and not phone:
                return redirect(f"/consumer/verify/?next=/consumer/track/%3Fnumber%3D{number}")
            work_order = track_find(number=number, confirmed_phone=phone, query_code=query_code)
        except PortalError as refusal:
            if refusal.code == "not_found":
                throttle.count(throttle.TRACK_FAILURES_PER_ADDRESS, client_address(request))
            errors = {"form": [refusal.message]}
        else:
            tracked = set(request.session.get(TRACKED_SESSION, []))
            tracked.add(work_order.pk)
            request.session[TRACKED_SESSION] = sorted(tracked)
            return redirect("portal_web:consumer_item", number=work_order.number)
    return render(
        request,
        "portal_web/consumer/track.html",
        {"number": number, "errors": errors, "phone": _confirmed_phone(request)},
    )


def _tracked(request: HttpRequest, number: str) -> WorkOrder:
    work_order = WorkOrder.objects.filter(
        number=number, pk__in=request.session.get(TRACKED_SESSION, [])
    ).first()
    if work_order is None:
        raise Http404
    return work_order


@login_not_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, number: str) -> HttpResponse:
    work_order = _tracked(request, number)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "withdraw":
                online_withdraw(work_order_id=work_order.pk, reason=request.POST.get("reason", ""))
                messages.success(request, "撤回申请已提交，承办单位会尽快处理。")
            elif action == "rate":
                online_rate(
                    work_order_id=work_order.pk,
                    satisfaction=request.POST.get("satisfaction", ""),
                    remarks=request.POST.get("remarks", ""),
                )
                messages.success(request, "感谢您的评价。")
            elif action == "supply":
                throttle.check_and_count(throttle.UPLOAD_PER_ADDRESS_HOUR, client_address(request))
                count = online_supply_material(
                    work_order_id=work_order.pk,
                    uploads=request.FILES.getlist("files"),
                    description=request.POST.get("description", ""),
                )
                messages.success(request, f"已上传 {count} 个文件，承办单位会看到。")
            elif action in ("accept", "reject"):
                case = getattr(work_order, "odr_case", None)
                if case is None:
                    raise Http404
                odr_consumer_decide(
                    case_id=case.pk, accept=action == "accept", reason=request.POST.get("reason", "")
                )
                messages.success(
                    request, "已确认和解，投诉办结。" if action == "accept" else "已转交市场监管部门处理。"
                )
        except PortalError as refusal:
            messages.error(request, refusal.message)
        return redirect("portal_web:consumer_item", number=work_order.number)
    work_order = WorkOrder.objects.select_related("handling_unit").get(pk=work_order.pk)
    return render(
        request,
        "portal_web/consumer/item.html",
        {"status": public_status(work_order), "satisfaction_choices": Satisfaction.choices},
    )
