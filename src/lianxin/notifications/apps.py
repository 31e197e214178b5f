from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "lianxin.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the work-order step signal
