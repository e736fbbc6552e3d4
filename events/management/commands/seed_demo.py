import importlib

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo events, guests and everything each app adds (idempotent)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            if config.name.startswith("django") or config.name == "rest_framework":
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.seed()
            self.stdout.write(f"seeded {config.name}")
