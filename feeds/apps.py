from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = _("Calendar feeds")

    def ready(self):
        from .domain import (
            freshness,  # noqa: F401 - connects the calendar version's receivers
            retention,  # noqa: F401 - connects the purge of feed tokens
        )
