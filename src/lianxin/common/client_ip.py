"""The client's address: ``X-Forwarded-For`` is believed only from the proxies in ``LIANXIN_TRUSTED_PROXIES``.

Without trusted proxies the address is the TCP peer (``REMOTE_ADDR``) and any ``X-Forwarded-For`` is ignored, so
a client cannot rotate the header to escape a lockout or a throttle. Behind a proxy, the address is the rightmost
entry of the header that is not itself a trusted proxy (entries to its left were written by the client).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.LIANXIN_TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not _is_trusted(remote):
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    for address in reversed(forwarded):
        if not _is_trusted(address):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a malformed entry: do not trust anything further left
    return remote
