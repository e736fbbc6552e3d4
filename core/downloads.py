"""A stored file as a download: streamed from its storage (a local folder or the bucket) by the view
that has checked the rights, or — with STORAGE_X_ACCEL_PREFIX set — handed to the proxy in front
(nginx's X-Accel-Redirect to an `internal` location), so the file never has a forwardable link."""
import mimetypes
import posixpath
from pathlib import PurePath

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def accel_path(storage, name: str) -> str | None:
    """The internal URL the proxy serves `name` of `storage` from, or None without STORAGE_X_ACCEL_PREFIX.
    Bucket storages: prefix + the object key (the storage's key prefix included, e.g. photos/…);
    local storages: prefix + the folder's own name + the name (e.g. badge-batches/batch-1-….pdf)."""
    prefix = getattr(settings, "STORAGE_X_ACCEL_PREFIX", "")
    if not prefix:
        return None
    if hasattr(storage, "bucket_name"):
        key = storage._normalize_name(name)
    else:
        storage.path(name)  # refuses a name outside the folder
        key = f"{PurePath(storage.location).name}/{name}"
    return prefix.rstrip("/") + "/" + key.lstrip("/")


def stored_file_response(storage, name: str, *, content_type=None, filename=None, as_attachment=False) -> HttpResponse:
    """The response that delivers `name`; Http404 when it is not there (a storage that cannot be
    reached raises core.errors.StorageUnavailable, a 503)."""
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    internal = accel_path(storage, name)
    if internal is not None:
        if not storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = internal
        if filename or as_attachment:
            response["Content-Disposition"] = content_disposition_header(as_attachment, filename or posixpath.basename(name))
        return response
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename or "")
