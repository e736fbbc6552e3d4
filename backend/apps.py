from django.apps import AppConfig, apps
from django.db.models.signals import pre_delete


class BackendConfig(AppConfig):
    name = "backend"
    verbose_name = "Liaison"

    def ready(self):
        from .models import ShownInCalendars, mark_entries_before_delete

        for model in apps.get_models():
            if issubclass(model, ShownInCalendars):
                pre_delete.connect(mark_entries_before_delete, sender=model,
                                   dispatch_uid=f"shown-in-calendars-{model._meta.label}")
