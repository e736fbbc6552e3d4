from django.apps import AppConfig, apps
from django.db.models.signals import pre_delete


class CoreConfig(AppConfig):
    """Ideas every app shares: multilingual fields, countries, field encryption, calendar entries,
    API plumbing. Imports no other app of the project."""
    name = "core"
    verbose_name = "Liaison"

    def ready(self):
        from .calendar import ShownInCalendars, mark_entries_before_delete

        for model in apps.get_models():
            if issubclass(model, ShownInCalendars):
                pre_delete.connect(mark_entries_before_delete, sender=model,
                                   dispatch_uid=f"shown-in-calendars-{model._meta.label}")
