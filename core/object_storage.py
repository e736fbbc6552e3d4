"""Files in an S3-compatible bucket (django-storages), the way Liaison needs them: objects private
(no ACL granted, no signed or public links handed out: `url()` names the application's own view, or
there is none), names never overwritten (as on disk), large files spooled to disk rather than memory,
and every failure to reach the bucket raised as core.errors.StorageUnavailable (an OSError)."""
import functools
import io
from urllib.parse import urljoin

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3File, S3Storage
from storages.utils import clean_name

from core.errors import StorageUnavailable

SPOOL_IN_MEMORY_UP_TO = 8 * 1024 * 1024


def _reason(exc) -> str:
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        return f"{error.get('Code', 'error')}: {error.get('Message', '')}".strip(": ")
    return str(exc)


def _unavailable_on_failure(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (BotoCoreError, ClientError) as exc:
            raise StorageUnavailable(f"File storage (bucket {self.bucket_name!r}) unavailable: {_reason(exc)}") from exc

    return wrapper


class _S3File(S3File):
    """S3File, whose first read (the download) also raises StorageUnavailable when the bucket fails."""

    def _get_file(self):
        try:
            return super()._get_file()
        except (BotoCoreError, ClientError) as exc:
            raise StorageUnavailable(f"File storage (bucket {self._storage.bucket_name!r}) unavailable: {_reason(exc)}") from exc

    file = property(_get_file, S3File._set_file)


class PrivateS3Storage(S3Storage):
    def __init__(self, *, base_url=None, addressing_style=None, **options):
        self.app_base_url = base_url
        options.setdefault("default_acl", None)  # the bucket's default: private
        options.setdefault("querystring_auth", False)
        options.setdefault("file_overwrite", False)
        options.setdefault("max_memory_size", SPOOL_IN_MEMORY_UP_TO)
        options.setdefault("client_config", Config(
            s3={"addressing_style": addressing_style} if addressing_style else {}, signature_version="s3v4",
            connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"},
        ))
        super().__init__(**options)

    def url(self, name, parameters=None, expire=None, http_method=None):
        """The application's URL of the file (a view that checks rights), never the bucket's."""
        if not self.app_base_url:
            raise ValueError("These files have no URL; they are served by views that check rights.")
        return urljoin(self.app_base_url, filepath_to_uri(name).lstrip("/"))

    @_unavailable_on_failure
    def _open(self, name, mode="rb"):
        name = self._normalize_name(clean_name(name))
        try:
            return _S3File(name, mode, self)
        except ClientError as err:
            if err.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"File does not exist: {name}") from None
            raise

    _save = _unavailable_on_failure(S3Storage._save)
    delete = _unavailable_on_failure(S3Storage.delete)
    exists = _unavailable_on_failure(S3Storage.exists)
    listdir = _unavailable_on_failure(S3Storage.listdir)
    size = _unavailable_on_failure(S3Storage.size)
    get_modified_time = _unavailable_on_failure(S3Storage.get_modified_time)


def key_of(storage, name: str) -> str:
    """The object key of `name` in its bucket (the storage's prefix included)."""
    return storage._normalize_name(name)


def bucket_storages():
    """(name, storage) for every named storage of settings.STORAGES kept in a bucket."""
    from django.conf import settings
    from django.core.files.storage import storages

    return [(name, storages[name]) for name in settings.STORAGES if name != "staticfiles"
            and isinstance(storages[name], S3Storage)]


def reach_problem(storage) -> str | None:
    """Why the storage's bucket cannot be reached (HEAD bucket), or None: only the error's code or
    class (say, NoSuchBucket, EndpointConnectionError), as /readyz answers anyone who asks."""
    try:
        storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "ClientError")
        return {"404": "NoSuchBucket", "403": "AccessDenied"}.get(code, code)
    except BotoCoreError as exc:
        return exc.__class__.__name__
    return None


def write_problem(storage) -> str | None:
    """Why an object cannot be written (and deleted again) under the storage's prefix, or None."""
    import uuid

    name = f".liaison-write-check/{uuid.uuid4().hex}"
    try:
        S3Storage._save(storage, name, io.BytesIO(b"liaison write check"))
        S3Storage.delete(storage, name)
    except (BotoCoreError, ClientError) as exc:
        return _reason(exc)
    return None
