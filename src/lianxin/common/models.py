from django.conf import settings
from django.db import models


class ReferenceVersion(models.Model):
    """One row whose token changes whenever reference data (rule sets, grounds, taxonomy, calendar) changes,
    so every server process knows when to drop its cached copy."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "基础数据版本"
        verbose_name_plural = "基础数据版本"

    def __str__(self) -> str:
        return self.token


class IdempotencyRecord(models.Model):
    """The first result of a creating request sent with an ``Idempotency-Key``: a retry of the same request by
    the same user gets this result back instead of creating a second item. Written in the same transaction as
    the creation, so it exists exactly when the creation committed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField("幂等键", max_length=100)
    request_hash = models.CharField("请求摘要", max_length=64)
    status_code = models.PositiveSmallIntegerField("状态码")
    response_body = models.JSONField("响应")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "幂等请求记录"
        verbose_name_plural = "幂等请求记录"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotencyrecord_unique_key_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
