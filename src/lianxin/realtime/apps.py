from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    """The live-push layer: server-sent events to the staff screens (ADR 0013)."""

    name = "lianxin.realtime"
    label = "realtime"
    verbose_name = "实时推送"

    def ready(self) -> None:
        from lianxin.common import events

        from .store import store_live_event

        events.subscribe(store_live_event)
