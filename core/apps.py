from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Ideas every app shares: multilingual fields, countries, field encryption, calendar entries,
    API plumbing. Imports no other app of the project."""
    name = "core"
    verbose_name = "Liaison"

    def ready(self):
        from core import checks  # noqa: F401 - registers the storage start-up check
