"""Errors a domain operation raises without knowing who asked (API, admin, task)."""


class StateConflict(Exception):
    """The action is valid but the record's current state forbids it (a sent message cannot be sent
    again, a revoked letter cannot be revoked twice). The API answers 409 with `code`; the admin shows
    the message."""

    def __init__(self, message: str, *, code: str = "conflict"):
        super().__init__(message)
        self.code = code


class StorageUnavailable(OSError):
    """The file storage (an S3-compatible bucket) cannot be reached or refuses the operation. The API
    answers 503 with code "storage_unavailable"; the transaction that wanted the file rolls back."""
