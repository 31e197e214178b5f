from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """Screens for supervisors, managers and analysts: statistics, hot spots, reports, rosters, the wallboard."""

    name = "lianxin.web.supervision"
    label = "supervision"
    verbose_name = "监控、排班与统计（界面）"
