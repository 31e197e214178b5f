from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lianxin.accounts"
    label = "accounts"
    verbose_name = "单位与人员"
