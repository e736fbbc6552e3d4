"""Files follow their records: when a row that owns a stored file goes, so does the file — once
the transaction has committed (a rollback keeps both), and through the storage's API."""
from django.db import transaction


def delete_after_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)
