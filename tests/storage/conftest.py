"""Storage tests run against a real S3-compatible server: moto in server mode, one process for the
session (tests/helpers/s3_server.py). `object_storage` points every named storage at a fresh key
prefix of the session's bucket for one test."""
import uuid

import pytest

from backend.storage_settings import bucket_options, bucket_storages
from tests.helpers.s3_server import S3Server

BUCKET = "liaison-test"


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    server = S3Server(log_path=tmp_path_factory.mktemp("moto") / "moto.log")
    server.start()
    server.create_bucket(BUCKET)
    yield server
    server.stop()


def use_bucket(settings, server, bucket=BUCKET, prefix=None, keys=None):
    """Settings (pytest-django's `settings`) that keep every file in `bucket` on `server`, under `prefix`."""
    from django.core.files.storage import storages

    from events.models import Guest

    prefix = prefix or f"test-{uuid.uuid4().hex[:12]}"
    options = bucket_options(server.environ(bucket, prefix, keys) if keys else server.environ(bucket, prefix))
    settings.OBJECT_STORAGE = options
    settings.STORAGES = {**settings.STORAGES, **bucket_storages(options, settings.MEDIA_URL)}
    # The photo field resolved its storage when the model was defined: it follows the settings here.
    Guest._meta.get_field("photo").storage = storages["guest_photos"]
    return options


@pytest.fixture
def point_at_bucket(settings):
    """point_at_bucket(server, bucket=BUCKET, prefix=None): this test's files go there (the photo field's
    storage is put back afterwards; the settings fixture puts STORAGES back)."""
    from events.models import Guest

    field = Guest._meta.get_field("photo")
    local = field.storage
    yield lambda server, bucket=BUCKET, prefix=None, keys=None: use_bucket(settings, server, bucket, prefix, keys)
    field.storage = local


@pytest.fixture
def object_storage(point_at_bucket, s3_server):
    return point_at_bucket(s3_server)


def keys(server, prefix: str) -> dict:
    """Object key (without `prefix`) → bytes, for every object under `prefix`."""
    client = server.client()
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix):
        for entry in page.get("Contents", ()):
            found[entry["Key"][len(prefix):]] = client.get_object(Bucket=BUCKET, Key=entry["Key"])["Body"].read()
    return found
