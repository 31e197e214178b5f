"""DRF throttles keyed by the real client address (`lianxin.common.client_ip`), counted in the shared cache
(the database cache, or Redis when ``REDIS_URL`` is set), so every worker process sees the same counts."""

from __future__ import annotations

from typing import Any

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from lianxin.common.client_ip import client_ip


class ClientAddressMixin:
    def get_ident(self, request: Any) -> str:
        return client_ip(request._request if hasattr(request, "_request") else request)


class LianxinAnonThrottle(ClientAddressMixin, AnonRateThrottle):
    pass


class LianxinUserThrottle(ClientAddressMixin, UserRateThrottle):
    pass


class TokenObtainThrottle(ClientAddressMixin, AnonRateThrottle):
    """Slow down password guessing at the token endpoint: a handful of attempts per minute per address."""

    scope = "auth_token"  # rate: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth_token"]
