"""Open311 GeoReport v2, read only (`/open311/v2/`): the published complaint disclosure as services and service
requests, in JSON or XML (https://wiki.open311.org/GeoReport_v2; ADR 0017).

What it shows is exactly what `/disclosure/` shows and nothing more: the published, scrubbed items
(`DisclosedComplaint`, never a work order), no person and no staff member, and a place no finer than the county
where the business operates. A service is a complaint category; a request is one published complaint:

- `service_request_id` is the public number (GS…), never the work-order number;
- `status` is always `closed` (only closed complaints are published); `status_notes` is how it ended;
- `requested_datetime` is the first day of the month received (the disclosure shows the month only, so as not to
  help anyone identify the consumer); `updated_datetime` the day closed;
- `address` is the county (陕西省西安市雁塔区), `address_id` its six-digit division code; `lat`, `long`,
  `zipcode`, `media_url`, `agency_responsible` are empty;
- `extended_attributes` (a common extension) hold the business, its credit code and the issue type.

Filters: `service_code` (comma-separated), `start_date` / `end_date` (w3 date-times on `requested_datetime`),
`status` (`open`, `closed`), `service_request_id` (comma-separated); paging by `page` and `page_size` (50 by
default, at most 1000). Without dates every published item is listed, newest closure first (the spec's 90-day
default would hide items published a month or more after closure). Errors come as the spec's list of
`{code, description}` with a Chinese description.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import EmptyPage, Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from lianxin.portal.models import DisclosedComplaint
from lianxin.portal.selectors import UNCATEGORIZED, open311_requests, open311_services

PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
STATUSES = ("open", "closed")


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo(settings.TIME_ZONE)


def _w3(day: date) -> str:
    return datetime.combine(day, time.min, tzinfo=_zone()).isoformat()


def _parse_w3(name: str, text: str) -> datetime:
    """A w3 date-time (2026-05-01T00:00:00+08:00, …Z) or a date (taken in the center's time zone)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, f"参数 {name} 应为 W3C 日期时间，例如 2026-05-01T00:00:00+08:00。") from None
    return value if value.tzinfo else value.replace(tzinfo=_zone())


def _month_at_or_after(moment: datetime) -> str:
    """The first month whose first instant (center time) is not before `moment`."""
    local = moment.astimezone(_zone())
    first = local.date().replace(day=1)
    if datetime.combine(first, time.min, tzinfo=_zone()) < local:
        first = (first + timedelta(days=32)).replace(day=1)
    return first.strftime("%Y-%m")


def _list(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _request_body(item: DisclosedComplaint) -> dict[str, Any]:
    year, month = (int(part) for part in item.received_month.split("-"))
    return {
        "service_request_id": item.public_id,
        "status": "closed",
        "status_notes": item.result,
        "service_name": item.category.name if item.category else "未分类",
        "service_code": item.category.code if item.category else UNCATEGORIZED,
        "description": item.summary,
        "agency_responsible": None,
        "service_notice": None,
        "requested_datetime": _w3(date(year, month, 1)),
        "updated_datetime": _w3(item.closed_on),
        "expected_datetime": None,
        "address": item.county or None,
        "address_id": item.county_code or None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
        "extended_attributes": {
            "business_name": item.business_name,
            "credit_code": item.credit_code or None,
            "issue_type": item.issue_type.name if item.issue_type else None,
            "received_month": item.received_month,
            "closed_on": item.closed_on.isoformat(),
            "is_mediated": item.is_mediated,
        },
    }


def _xml_value(parent: ElementTree.Element, tag: str, value: Any) -> None:
    child = ElementTree.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(child, key, inner)
    elif isinstance(value, bool):
        child.text = "true" if value else "false"
    elif value is not None:
        child.text = str(value)


def _respond(fmt: str, root: str, item: str, rows: list[dict[str, Any]], status: int = 200) -> HttpResponse:
    if fmt == "xml":
        element = ElementTree.Element(root)
        for row in rows:
            _xml_value(element, item, row)
        declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
        body = (declaration + ElementTree.tostring(element, encoding="unicode")).encode()
    else:
        body = json.dumps(rows, ensure_ascii=False).encode()
    response = HttpResponse(body, status=status, content_type=FORMATS.get(fmt, FORMATS["json"]))
    response["Access-Control-Allow-Origin"] = "*"  # open data, read only, no credentials
    return response


def _error(fmt: str, error: Open311Error) -> HttpResponse:
    return _respond(
        fmt, "errors", "error", [{"code": error.status, "description": error.description}], error.status
    )


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, "只提供 JSON（.json）和 XML（.xml）两种格式。")
    return fmt


@login_not_required
@require_GET
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        fmt = _format(fmt)
    except Open311Error as error:
        return _error("json", error)
    rows = [
        {
            "service_code": service["code"],
            "service_name": service["name"],
            "description": f"已办结并公示的投诉：{service['name']}",
            "metadata": False,
            "type": "blackbox",
            "keywords": "投诉,公示",
            "group": service["group"],
        }
        for service in open311_services()
    ]
    return _respond(fmt, "services", "service", rows)


def _page_number(text: str | None, name: str, default: int, most: int | None = None) -> int:
    if text in (None, ""):
        return default
    try:
        value = int(text)
    except ValueError:
        raise Open311Error(400, f"参数 {name} 应为正整数。") from None
    if value < 1 or (most is not None and value > most):
        limit = f"1–{most}" if most else "大于 0"
        raise Open311Error(400, f"参数 {name} 应在 {limit} 之间。")
    return value


@login_not_required
@require_GET
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    query = request.GET
    try:
        fmt = _format(fmt)
        statuses = _list(query.get("status"))
        if statuses is not None and (not statuses or set(statuses) - set(STATUSES)):
            raise Open311Error(400, "参数 status 只能是 open 或 closed（可用逗号分隔）。")
        start = _parse_w3("start_date", query["start_date"]) if query.get("start_date") else None
        end = _parse_w3("end_date", query["end_date"]) if query.get("end_date") else None
        if start and end and start > end:
            raise Open311Error(400, "start_date 不能晚于 end_date。")
        first_month = _month_at_or_after(start) if start else ""
        last_month = end.astimezone(_zone()).strftime("%Y-%m") if end else ""
        page_size = _page_number(query.get("page_size"), "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
        page_number = _page_number(query.get("page"), "page", 1)
        items = open311_requests(
            service_codes=_list(query.get("service_code")),
            first_month=first_month,
            last_month=last_month,
            statuses=statuses,
            public_ids=_list(query.get("service_request_id")),
        )
        try:
            page = Paginator(items, page_size).page(page_number)
        except EmptyPage:
            rows: list[dict[str, Any]] = []
        else:
            rows = [_request_body(item) for item in page.object_list]
    except Open311Error as error:
        return _error(fmt if fmt in FORMATS else "json", error)
    return _respond(fmt, "service_requests", "request", rows)


@login_not_required
@require_GET
def service_request(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    try:
        fmt = _format(fmt)
        item = open311_requests(public_ids=[request_id[:20]]).first()
        if item is None:
            raise Open311Error(404, "没有这条公示信息（可能尚未公示或已撤下）。")
    except Open311Error as error:
        return _error(fmt if fmt in FORMATS else "json", error)
    return _respond(fmt, "service_requests", "request", [_request_body(item)])
