from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Focal-point portal")

    def ready(self):
        from . import receivers  # noqa: F401
