"""The center's online-intake account (网上受理): the staff identity under which filings from the public site are
registered and ODR settlements are closed, so every event still names an account of the center. It cannot sign in."""

from __future__ import annotations

from lianxin.accounts.models import OrgUnit, UnitKind, User
from lianxin.accounts.services import user_create
from lianxin.domain.workflow import Role

ONLINE_INTAKE_PREFIX = "online_intake_"


def online_intake_account(center_id: int) -> User:
    user = User.objects.filter(username=f"{ONLINE_INTAKE_PREFIX}{center_id}").first()
    if user is not None:
        return user
    center = OrgUnit.objects.get(pk=center_id)
    return user_create(
        username=f"{ONLINE_INTAKE_PREFIX}{center_id}",
        password=None,  # unusable: nobody signs in as the intake account
        role=Role.AGENT,
        unit=center,
        full_name="网上受理",
    )


def default_center() -> OrgUnit:
    """The center the public site files to: the province's 12315 center (the first active center unit)."""
    center = OrgUnit.objects.filter(kind=UnitKind.CENTER, is_active=True).order_by("id").first()
    if center is None:
        from lianxin.portal.errors import PortalError

        raise PortalError("no_center", "系统尚未配置12315中心，暂时无法受理网上投诉。", status=503)
    return center
