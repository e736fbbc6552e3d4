"""Where uploaded guest spreadsheets wait for their commit: the named storage "spreadsheet_imports"
(settings.STORAGES). They hold passport numbers, so the default backend keeps them on disk under
SPREADSHEET_IMPORT_ROOT, outside MEDIA_ROOT, with no URL; they are deleted once the import is
committed, or a day after the upload (spreadsheets.tasks.discard_stale_imports)."""
from core.private_storage import PrivateFolderStorage, named_storage


class ImportFileStorage(PrivateFolderStorage):
    root_setting, folder = "SPREADSHEET_IMPORT_ROOT", "spreadsheet-imports"
    no_url = "Uploaded spreadsheets have no URL."


def import_storage():
    return named_storage("spreadsheet_imports", ImportFileStorage)
