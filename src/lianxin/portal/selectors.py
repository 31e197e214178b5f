"""Reads of the public side. The disclosure reads only the published tables (scrubbed at publication)."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Sum

from .models import DisclosedBusinessFigure, DisclosedComplaint

SEARCH_MAX = 100


def disclosure_search(query: str) -> QuerySet[DisclosedBusinessFigure]:
    """Businesses by name (contains) or unified social credit code (exact), most complaints first."""
    query = query.strip()
    figures = DisclosedBusinessFigure.objects.all()
    if query:
        figures = figures.filter(Q(business_name__icontains=query) | Q(credit_code=query.upper()))
    return figures.order_by("-year", "-complaints", "business_name")


def disclosure_business(*, name: str, credit_code: str = "") -> dict:
    figures = list(
        DisclosedBusinessFigure.objects.filter(business_name=name, credit_code=credit_code).order_by("-year")
    )
    complaints = DisclosedComplaint.objects.filter(
        business_name=name, credit_code=credit_code, is_withdrawn=False
    ).select_related("category", "issue_type")
    return {"figures": figures, "complaints": complaints}


def disclosure_complaints() -> QuerySet[DisclosedComplaint]:
    return DisclosedComplaint.objects.filter(is_withdrawn=False).select_related("category", "issue_type")


def disclosure_totals() -> dict:
    totals = DisclosedBusinessFigure.objects.aggregate(
        complaints=Sum("complaints"), mediated=Sum("mediated"), succeeded=Sum("mediation_succeeded")
    )
    return {key: value or 0 for key, value in totals.items()}
