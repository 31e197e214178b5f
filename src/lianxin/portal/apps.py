from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Consumers and businesses online: filing and tracking, direct settlement (ODR), callbacks, public disclosure."""

    name = "lianxin.portal"
    label = "portal"
    verbose_name = "网上投诉、在线纠纷解决与公示"
