"""Where uploaded guest spreadsheets wait for their commit: the named storage "spreadsheet_imports"
(settings.STORAGES). They hold passport numbers, so the default backend keeps them on disk under
SPREADSHEET_IMPORT_ROOT, outside MEDIA_ROOT, with no URL; they are deleted once the import is
committed, or a day after the upload (spreadsheets.tasks.discard_stale_imports)."""
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

STORAGE_NAME = "spreadsheet_imports"


class ImportFileStorage(FileSystemStorage):
    """FileSystemStorage under SPREADSHEET_IMPORT_ROOT (read when used, so tests may change it), no URL."""

    @property
    def base_location(self):
        if self._location:
            return self._location
        return getattr(settings, "SPREADSHEET_IMPORT_ROOT", None) or Path(settings.VAR_DIR) / "spreadsheet-imports"

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Uploaded spreadsheets have no URL.")


def import_storage():
    if STORAGE_NAME in settings.STORAGES:
        return storages[STORAGE_NAME]
    return ImportFileStorage()
