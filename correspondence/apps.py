from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "correspondence"
    verbose_name = _("Correspondence")

    def ready(self):
        from . import receivers  # noqa: F401 - connects the receivers
