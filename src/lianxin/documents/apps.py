from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "lianxin.documents"
    label = "documents"
    verbose_name = "法律文书"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 - connects the work-order step signal
