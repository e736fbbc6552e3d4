"""Where printed badge sheets are stored: the named storage "badge_sheets" (settings.STORAGES).

The default backend keeps them on disk under settings.BADGE_BATCH_ROOT, outside MEDIA_ROOT: they hold
names, photos and valid badge codes, so they have no public URL and are only served through the
download view, which checks rights. Any other storage backend (shared by web and worker hosts) can
take its place in STORAGES."""
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

STORAGE_NAME = "badge_sheets"


class BadgeSheetStorage(FileSystemStorage):
    """FileSystemStorage under BADGE_BATCH_ROOT (read when used, so that tests may change it), no URL."""

    @property
    def base_location(self):
        if self._location:
            return self._location
        return getattr(settings, "BADGE_BATCH_ROOT", None) or Path(settings.VAR_DIR) / "badge-batches"

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Badge sheets have no public URL; they are served by the download view.")


def sheet_storage():
    """The storage badge sheets are written to and read from."""
    if STORAGE_NAME in settings.STORAGES:
        return storages[STORAGE_NAME]
    return BadgeSheetStorage()
