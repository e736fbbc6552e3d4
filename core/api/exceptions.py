"""Every API error is JSON that names the field and the problem.

DRF's own errors already are ({"field": ["message"]} or {"detail": "..."}). This handler also
turns Django's ValidationError and database integrity errors into 400/409 instead of a 500, a
database too busy to take the write (SQLite's lock, a PostgreSQL deadlock) into 503 with
Retry-After, and adds a machine-readable ``code`` next to ``detail``."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import StateConflict, StorageUnavailable


class Conflict(exceptions.APIException):
    """The request is valid but the resource's state forbids it (e.g. an illegal status transition)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


def _django_validation_error_body(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


# PostgreSQL's "try again" errors: serialization failure, deadlock, lock not available.
RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03"}


def is_database_busy(exc) -> bool:
    """Another writer held the lock too long; the same request may well succeed a moment later."""
    if not isinstance(exc, OperationalError):
        return False
    message = str(exc)
    return ("database is locked" in message or "database table is locked" in message
            or getattr(exc.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES)


def exception_handler(exc, context):
    if is_database_busy(exc):
        return Response(
            {"detail": "The database is busy with other changes; try again in a moment.",
             "code": "database_busy"},
            status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "1"},
        )
    if isinstance(exc, StorageUnavailable):  # nothing was saved: the transaction rolled back
        return Response(
            {"detail": "The file storage cannot be reached; nothing was saved. Try again later.",
             "code": "storage_unavailable"},
            status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "30"},
        )
    if isinstance(exc, StateConflict):
        exc = Conflict(str(exc), code=exc.code)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_error_body(exc))
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        used_by = sorted({obj._meta.verbose_name_plural for obj in list(exc.args[1])[:50]})
        return Response(
            {"detail": f"This is still used by other records ({', '.join(map(str, used_by))}); change or remove those first.",
             "code": "in_use"},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, IntegrityError):
        return Response(
            {"detail": "This change conflicts with existing data (a duplicate or a broken reference).", "code": "integrity_error"},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        response.data.setdefault("code", getattr(response.data["detail"], "code", "error"))
    return response
