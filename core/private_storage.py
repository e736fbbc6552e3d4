"""Files on disk that must never have a public URL (printed badge sheets, letters and mail,
uploaded spreadsheets): each app names its folder's setting, and looks its storage up by name in
settings.STORAGES, where any other backend (shared by web and worker hosts) can take its place."""
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateFolderStorage(FileSystemStorage):
    """FileSystemStorage under the folder the setting `root_setting` names (read when used, so that
    tests may change it; VAR_DIR/`folder` when it is unset), with no URL: its files are served only
    by views that check rights."""

    root_setting = ""
    folder = ""
    no_url = "These files have no public URL."

    @property
    def base_location(self):
        if self._location:
            return self._location
        return getattr(settings, self.root_setting, None) or Path(settings.VAR_DIR) / self.folder

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError(self.no_url)


def named_storage(name: str, default):
    """The storage settings.STORAGES names `name`, or a new `default()` where it names none."""
    if name in settings.STORAGES:
        return storages[name]
    return default()
