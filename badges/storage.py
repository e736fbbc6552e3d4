"""Where printed badge sheets are stored: the named storage "badge_sheets" (settings.STORAGES).

The default backend keeps them on disk under settings.BADGE_BATCH_ROOT, outside MEDIA_ROOT: they hold
names, photos and valid badge codes, so they have no public URL and are only served through the
download view, which checks rights. Any other storage backend (shared by web and worker hosts) can
take its place in STORAGES."""
from core.private_storage import PrivateFolderStorage, named_storage


class BadgeSheetStorage(PrivateFolderStorage):
    root_setting, folder = "BADGE_BATCH_ROOT", "badge-batches"
    no_url = "Badge sheets have no public URL; they are served by the download view."


def sheet_storage():
    """The storage badge sheets are written to and read from."""
    return named_storage("badge_sheets", BadgeSheetStorage)
