from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Consumers and businesses online: filing and tracking, direct settlement (ODR), callbacks, public disclosure."""

    name = "lianxin.portal"
    label = "portal"
    verbose_name = "网上投诉、在线纠纷解决与公示"

    def ready(self) -> None:
        from lianxin.calendars.signals import calendar_year_loaded
        from lianxin.domain.workflow import Requirement
        from lianxin.workorders.facts import fact_provider_register

        from . import receivers  # noqa: F401 - connects the receivers of the work orders' steps
        from .services.odr import odr_settled

        calendar_year_loaded.connect(_year_loaded, dispatch_uid="portal.recompute_provisional_odr_dues")
        # Online settlement (Action.SETTLE_ONLINE) only for a complaint settled through the ODR portal.
        fact_provider_register(Requirement.ODR_SETTLED, odr_settled)


def _year_loaded(sender: object, year: int, **kwargs: object) -> None:
    """A year loaded: the provisional settlement dates of open ODR cases become final."""
    from lianxin.portal.services.odr import odr_provisional_dues_recompute

    odr_provisional_dues_recompute()
