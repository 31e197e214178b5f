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
