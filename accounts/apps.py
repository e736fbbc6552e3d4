from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from .domain import throttle

        user_login_failed.connect(throttle.count_failed_login, dispatch_uid="accounts-count-failed-login")
