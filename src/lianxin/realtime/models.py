"""Every live message is a row first: a browser that reconnects replays what it missed from here (Last-Event-ID)."""

from __future__ import annotations

from django.db import models


class LiveMessage(models.Model):
    """One message on one channel. Kept for a day (``prune_live_messages``), long enough for any reconnect."""

    channel = models.CharField("频道", max_length=64)
    event_type = models.CharField("事件", max_length=64)
    data = models.JSONField("内容", default=dict)
    created_at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "实时消息"
        verbose_name_plural = "实时消息"
        indexes = [models.Index(fields=["channel", "id"], name="livemessage_channel_id")]

    def __str__(self) -> str:
        return f"{self.channel} {self.event_type} #{self.pk}"

    def as_wire(self) -> dict:
        return {"id": self.pk, "channel": self.channel, "type": self.event_type, "data": self.data}
