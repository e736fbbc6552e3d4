"""Where mail attachments, letters and the file outbox are kept: the named storage "mail"
(settings.STORAGES), by default on disk under MAIL_ROOT (var/mail), never at a public URL: letters
hold passport numbers, so they are served only by views that check rights."""
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

STORAGE_NAME = "mail"


class MailStorage(FileSystemStorage):
    """FileSystemStorage under MAIL_ROOT (read when used, so tests may change it), no URL."""

    @property
    def base_location(self):
        if self._location:
            return self._location
        return getattr(settings, "MAIL_ROOT", None) or Path(settings.VAR_DIR) / "mail"

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Mail files have no public URL.")


def mail_storage():
    if STORAGE_NAME in settings.STORAGES:
        return storages[STORAGE_NAME]
    return MailStorage()
