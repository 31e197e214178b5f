"""Public disclosure (`/disclosure/`): search a business by name or credit code, its yearly figures and the
scrubbed summaries of its closed complaints, and the open data as CSV and JSON. Reads published tables only."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lianxin.portal.selectors import (
    disclosure_business,
    disclosure_complaints,
    disclosure_search,
    disclosure_totals,
)

COMPLAINT_COLUMNS = [
    ("public_id", "公示编号"),
    ("business_name", "经营者"),
    ("credit_code", "统一社会信用代码"),
    ("category", "分类"),
    ("issue_type", "问题类别"),
    ("received_month", "投诉月份"),
    ("closed_on", "办结日期"),
    ("result", "处理结果"),
    ("summary", "投诉内容摘要"),
]
FIGURE_COLUMNS = [
    ("business_name", "经营者"),
    ("credit_code", "统一社会信用代码"),
    ("year", "年度"),
    ("complaints", "投诉件数"),
    ("mediated", "调解件数"),
    ("mediation_succeeded", "调解成功件数"),
]


def _complaint_row(item) -> dict:
    return {
        "public_id": item.public_id,
        "business_name": item.business_name,
        "credit_code": item.credit_code,
        "category": item.category.name if item.category else "",
        "issue_type": item.issue_type.name if item.issue_type else "",
        "received_month": item.received_month,
        "closed_on": item.closed_on.isoformat(),
        "result": item.result,
        "summary": item.summary,
    }


def _figure_row(item) -> dict:
    return {key: getattr(item, key) for key, _ in FIGURE_COLUMNS}


@login_not_required
@require_GET
def disclosure_home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    page = Paginator(disclosure_search(query), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal_web/disclosure/home.html",
        {"query": query, "page": page, "totals": disclosure_totals()},
    )


@login_not_required
@require_GET
def disclosure_detail(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("name", "")[:200]
    code = request.GET.get("code", "")[:18]
    data = disclosure_business(name=name, credit_code=code)
    page = Paginator(data["complaints"], 20).get_page(request.GET.get("page"))
    return render(
        request,
        "portal_web/disclosure/business.html",
        {"name": name, "code": code, "figures": data["figures"], "page": page},
    )


@login_not_required
@require_GET
def disclosure_open_data(request: HttpRequest, dataset: str, fmt: str) -> HttpResponse:
    if dataset == "complaints":
        rows = [_complaint_row(item) for item in disclosure_complaints().iterator()]
        columns = COMPLAINT_COLUMNS
    else:
        rows = [_figure_row(item) for item in disclosure_search("").iterator()]
        columns = FIGURE_COLUMNS
    if fmt == "json":
        payload = {"dataset": dataset, "count": len(rows), "items": rows}
        response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel reads UTF-8 CSV with a BOM
        writer = csv.writer(response)
        writer.writerow([label for _, label in columns])
        for row in rows:
            writer.writerow([row[key] for key, _ in columns])
    response["Content-Disposition"] = f'attachment; filename="12315-{dataset}.{fmt}"'
    return response
