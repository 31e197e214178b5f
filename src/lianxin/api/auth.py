"""Token authentication: exchange a username and password (and, for two-factor accounts, a TOTP code) for an
API token (for scripts and other systems).

Browsers use the session (the login page); programs send ``Authorization: Token <key>``. Every request issues a
new token, shown once; only its SHA-256 is stored (`lianxin.accounts.tokens`). Failed attempts count towards the
per-account and per-address lockout (django-axes), exactly like the login pages.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import authenticate
from django.http import HttpRequest
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.accounts.models import User
from lianxin.accounts.tokens import IssuedToken, token_issue
from lianxin.accounts.two_factor import requires_two_factor, verify_totp

from .errors import InvalidCredentials, TwoFactorRequired
from .schema import error_responses
from .throttling import TokenObtainThrottle

__all__ = ["AuthTokenCreateApi", "TokenObtainThrottle", "auth_token_issue"]


def auth_token_issue(
    *, request: HttpRequest, username: str, password: str, otp: str = "", name: str = "", days: int | None = None
) -> IssuedToken:
    """A new API token if the credentials (and the TOTP code, for two-factor accounts) are right."""
    user = authenticate(request=request, username=username, password=password)
    if not isinstance(user, User) or not user.is_active:
        raise InvalidCredentials
    if requires_two_factor(user) and not verify_totp(user, otp):
        raise TwoFactorRequired
    return token_issue(user=user, name=name, lifetime=timedelta(days=days) if days else None)


class AuthTokenCreateApi(APIView):
    """POST /api/v1/auth/token/ — 用户名和密码换取 API 令牌."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (TokenObtainThrottle,)

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150, help_text="用户名")
        password = serializers.CharField(
            max_length=128, trim_whitespace=False, style={"input_type": "password"}, help_text="密码"
        )
        otp = serializers.CharField(
            max_length=8, required=False, allow_blank=True, help_text="动态验证码（管理员、单位负责人须填写）"
        )
        name = serializers.CharField(max_length=100, required=False, allow_blank=True, help_text="令牌用途")
        days = serializers.IntegerField(
            min_value=1, max_value=365, required=False, help_text="有效天数，缺省为系统设置"
        )

        class Meta:
            ref_name = "AuthTokenInput"

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField(help_text="在请求头中使用：Authorization: Token <token>（只显示这一次）")
        token_id = serializers.IntegerField()
        expires_at = serializers.DateTimeField()
        user_id = serializers.IntegerField()
        username = serializers.CharField()
        full_name = serializers.CharField()
        role = serializers.CharField()

        class Meta:
            ref_name = "AuthToken"

    @extend_schema(
        operation_id="auth_token_create",
        summary="获取 API 令牌",
        tags=["认证"],
        auth=[],
        request=InputSerializer,
        responses={200: OutputSerializer, **error_responses(400, 413, 429)},
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issued = auth_token_issue(request=request._request, **serializer.validated_data)
        user = issued.token.user
        body = {
            "token": issued.key,
            "token_id": issued.token.pk,
            "expires_at": issued.token.expires_at,
            "user_id": user.pk,
            "username": user.username,
            "full_name": user.full_name,
            "role": user.role,
        }
        return Response(self.OutputSerializer(body).data, status=status.HTTP_200_OK)
