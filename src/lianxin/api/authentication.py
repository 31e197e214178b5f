"""``Authorization: Token <key>`` checked against the hashed `ApiToken` table (no views here: DRF imports this
module while it builds its settings)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from lianxin.accounts.tokens import token_authenticate


class HashedTokenAuthentication(TokenAuthentication):
    """DRF's header parsing (``Token <key>``); the key is looked up by its SHA-256."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed
        return token.user, token


class HashedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "lianxin.api.authentication.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token"',
        }
