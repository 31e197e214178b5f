from django.apps import AppConfig


class PortalWebConfig(AppConfig):
    """The public sites: consumers, businesses (ODR) and the disclosure. Mobile-first; no staff template, view or
    unmasked personal data is reachable from here (import-linter contract)."""

    name = "lianxin.portal_web"
    label = "portal_web"
    verbose_name = "公众网站"
