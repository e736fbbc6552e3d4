"""Optimistic concurrency for every object of the API: ETag, If-Match and 412.

The URL of an object (``…/guests/{id}/``) answers GET, PUT and PATCH with an ``ETag`` naming the
stored version of the object: a keyed hash of its row and its many-to-many links (not of what is
computed from other records, such as a delegation's member count). A write to the object — PUT,
PATCH, DELETE, or an action under its URL (``approve/``, ``reprint/``, …) — that sends ``If-Match``
with tags none of which is the current one answers **412** and changes nothing: the client read a
version someone has changed since. ``If-Match: *`` and no If-Match at all let the write proceed.
If-Match compares strongly (RFC 9110 §13.1.1), so a weak tag (``W/"…"``) never matches.

Every write to an object runs in one transaction that first locks the object's row: the
precondition, the validation and the write see one state, and concurrent writes to an object
queue up instead of overwriting each other. A write that answers an error is rolled back whole."""
import json

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.crypto import salted_hmac
from django.utils.http import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.settings import api_settings

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
OWN_URL_ACTIONS = ("retrieve", "update", "partial_update")


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = ("The object has changed since you read it (its ETag no longer matches If-Match); "
                      "read it again and redo your change.")
    default_code = "precondition_failed"


def stored_version(obj, exclude=()) -> list:
    """The object as stored: its columns and the ids of its many-to-many links, read afresh."""
    meta = type(obj)._meta
    columns = [f.attname for f in meta.concrete_fields if f.name not in exclude]
    row = type(obj)._base_manager.filter(pk=obj.pk).values_list(*columns).first()
    links = [sorted(getattr(obj, f.name).values_list("pk", flat=True)) for f in meta.many_to_many if f.name not in exclude]
    return [meta.label, row, links]


def etag_for(version) -> str:
    # Keyed, so that an ETag says nothing about the passport number or anything else hashed in it.
    payload = json.dumps(version, default=str, sort_keys=True)
    return '"%s"' % salted_hmac("liaison.api.etag", payload).hexdigest()[:32]


def if_match_passes(header: str, current_etag: str) -> bool:
    """Strong comparison: our tags are strong, so a weak W/"…" never equals one; a malformed
    header parses to no tags and fails."""
    tags = parse_etags(header)
    return tags == ["*"] or current_etag in tags


class ConditionalRequestSchema(api_settings.DEFAULT_SCHEMA_CLASS):
    """Documents If-Match on every write to an object and the ETag of the object's answers."""

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        view = self.view
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        if not lookup or f"(?P<{lookup}>" not in (self.path_regex or ""):
            return parameters
        if self.method in WRITE_METHODS:
            parameters.append(OpenApiParameter(
                "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
                description="The object's ETag as you read it: if it has changed since, the answer is 412 and "
                            "nothing changes. Omit it (or send *) to write whatever the current version.",
            ))
        if getattr(view, "action", None) in OWN_URL_ACTIONS:
            parameters.append(OpenApiParameter(
                "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200],
                description="The stored version of the object; send it back as If-Match when you change it.",
            ))
        return parameters


# ETag and If-Match for a view whose URL names one object (its `lookup_field`). A comment, not a
# docstring: drf-spectacular would show a docstring as the description of every operation.
class ConditionalRequestMixin:

    schema = ConditionalRequestSchema()
    # Bookkeeping columns that change without the object changing (e.g. what a feed last served).
    etag_exclude: tuple[str, ...] = ()

    def object_version(self, obj) -> list:
        """What the ETag hashes; a view whose objects carry state in another table adds it here."""
        return stored_version(obj, self.etag_exclude)

    def etag_of(self, obj) -> str:
        return etag_for(self.object_version(obj))

    def _names_one_object(self) -> bool:
        lookup = getattr(self, "lookup_url_kwarg", None) or getattr(self, "lookup_field", None)
        return bool(lookup) and lookup in self.kwargs

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        handler_name = request.method.lower()
        handler = getattr(self, handler_name, None)
        if handler is not None and self._names_one_object():
            setattr(self, handler_name, self._conditional(handler, writes=request.method in WRITE_METHODS))

    def _conditional(self, handler, *, writes):
        """The handler, answering with the object's ETag; a write runs in one transaction, rolled
        back when it answers an error. (Wrapped here, inside DRF's exception handling, so that a
        database too busy to begin the transaction is answered like any other error.)"""

        def run(request, *args, **kwargs):
            if not writes:
                return self._with_etag(handler(request, *args, **kwargs))
            with transaction.atomic():
                response = handler(request, *args, **kwargs)
                if response.status_code >= 400:
                    transaction.set_rollback(True)
                    return response
                return self._with_etag(response)  # inside: the version this write made, not a later one

        return run

    def _with_etag(self, response):
        obj = getattr(self, "_object", None)
        if response.status_code == 200 and obj is not None and getattr(self, "action", None) in OWN_URL_ACTIONS:
            response["ETag"] = self.etag_of(obj)
        return response

    def get_object(self):
        writing = self.request.method in WRITE_METHODS
        if writing:
            self._lock_row()
        obj = super().get_object()
        if writing:
            header = self.request.headers.get("If-Match")
            if header is not None and not if_match_passes(header, self.etag_of(obj)):
                raise PreconditionFailed()
        self._object = obj
        return obj

    def _lock_row(self):
        """Lock the row before reading it (only it: no joins, whose rows FOR UPDATE would lock too),
        so that the read below sees the latest committed version and holds it until the write."""
        if not connection.in_atomic_block:
            return
        model = self.get_queryset().model
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            list(model._base_manager.select_for_update().filter(**{self.lookup_field: value}).values_list("pk")[:1])
        except (TypeError, ValueError, OverflowError, ValidationError):
            pass  # not a possible id: get_object answers 404 as for any missing object

