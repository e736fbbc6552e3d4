"""Reading printed badge sheets back, through the storage they are written to."""
from badges.storage import sheet_storage


def sheet_exists(batch) -> bool:
    return bool(batch.file_name) and sheet_storage().exists(batch.file_name)


def sheet_bytes(batch) -> bytes:
    with sheet_storage().open(batch.file_name, "rb") as handle:
        return handle.read()


def stored_sheet_names() -> list[str]:
    storage = sheet_storage()
    try:
        return sorted(storage.listdir("")[1])
    except FileNotFoundError:
        return []
