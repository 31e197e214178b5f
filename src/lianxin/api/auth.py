"""Token authentication: exchange a username and password for a DRF token (for scripts and other systems).

Browsers use the session (the login page); programs send ``Authorization: Token <key>``.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from lianxin.accounts.models import User

from .errors import InvalidCredentials
from .schema import error_responses


class TokenObtainThrottle(AnonRateThrottle):
    """Slow down password guessing: a handful of attempts per minute per client address."""

    scope = "auth_token"
    rate = "20/min"


def auth_token_issue(*, username: str, password: str) -> Token:
    """The user's API token (created on first use) if the credentials are right and the account is active.

    Tokens belong to the API interface (``rest_framework.authtoken``), so issuing one lives here rather than in
    an app's services.
    """
    user = authenticate(username=username, password=password)
    if not isinstance(user, User) or not user.is_active:
        raise InvalidCredentials
    token, _ = Token.objects.get_or_create(user=user)
    return token


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

        class Meta:
            ref_name = "AuthTokenInput"

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField(help_text="在请求头中使用：Authorization: Token <token>")
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
        token = auth_token_issue(**serializer.validated_data)
        user = token.user
        body = {
            "token": token.key,
            "user_id": user.pk,
            "username": user.username,
            "full_name": user.full_name,
            "role": user.role,
        }
        return Response(self.OutputSerializer(body).data, status=status.HTTP_200_OK)
