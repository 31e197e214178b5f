"""The owner's API tokens: list them (never their keys) and revoke one."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lianxin.accounts.tokens import token_revoke, tokens_of

from .schema import error_responses


class TokenItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    prefix = serializers.CharField(help_text="令牌开头几位，仅用于辨认")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    is_current = serializers.BooleanField(help_text="是否为本次请求所用的令牌")

    class Meta:
        ref_name = "ApiTokenItem"


class TokenListApi(APIView):
    """GET /api/v1/auth/tokens/ — my live API tokens (never their keys)."""

    @extend_schema(
        operation_id="auth_tokens_list",
        summary="我的 API 令牌",
        tags=["认证"],
        responses={200: TokenItemSerializer(many=True), **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        current = request.auth.pk if hasattr(request.auth, "pk") else None
        items = [
            {
                "id": t.pk,
                "name": t.name,
                "prefix": t.prefix,
                "created_at": t.created_at,
                "expires_at": t.expires_at,
                "last_used_at": t.last_used_at,
                "is_current": t.pk == current,
            }
            for t in tokens_of(request.user)
        ]
        return Response(TokenItemSerializer(items, many=True).data)


class TokenDetailApi(APIView):
    """DELETE /api/v1/auth/tokens/{id}/ — revoke one of my tokens."""

    @extend_schema(
        operation_id="auth_tokens_revoke",
        summary="吊销 API 令牌",
        tags=["认证"],
        responses={204: None, **error_responses(401, 404)},
    )
    def delete(self, request: Request, token_id: int) -> Response:
        if not token_revoke(user=request.user, token_id=token_id):
            raise exceptions.NotFound
        return Response(status=status.HTTP_204_NO_CONTENT)
