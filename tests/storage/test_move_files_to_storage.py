"""`manage.py move_files_to_storage`: an installation's local files go into the bucket, each into its
storage's prefix under the same name, verified; a second run copies nothing; --dry-run writes nothing."""
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.domain.photos import PHOTO_DIR
from tests import factories
from tests.badges.conftest import jpeg_bytes, png_bytes

from .conftest import BUCKET, keys

pytestmark = pytest.mark.django_db

PHOTO = f"{PHOTO_DIR}/0123456789abcdef0123456789abcdef.jpg"


@pytest.fixture
def installation(settings, tmp_path):
    """Local folders of an installation that ran without a bucket."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BADGE_BATCH_ROOT = tmp_path / "badge-batches"
    settings.MAIL_ROOT = tmp_path / "mail"
    settings.SPREADSHEET_IMPORT_ROOT = tmp_path / "spreadsheet-imports"
    files = {
        ("default", "badge-logos/forum.png"): (settings.MEDIA_ROOT, png_bytes()),
        ("guest_photos", PHOTO): (settings.MEDIA_ROOT, jpeg_bytes()),
        ("badge_sheets", "batch-7-5f2a.pdf"): (settings.BADGE_BATCH_ROOT, b"%PDF-1.7 sheet" + bytes(3 * 1024 * 1024)),
        ("mail", "letters/3/VL-2026-000001.pdf"): (settings.MAIL_ROOT, b"%PDF-1.7 letter"),
        ("mail", "outbox/2026-12-03/message-1.eml"): (settings.MAIL_ROOT, b"Subject: hello\r\n\r\nbody"),
        ("spreadsheet_imports", "imports/4/guests.xlsx"): (settings.SPREADSHEET_IMPORT_ROOT, b"PK\x03\x04 workbook"),
    }
    for (_storage, name), (root, data) in files.items():
        path = Path(root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return {key: data for key, (_root, data) in files.items()}


PREFIXES = {"default": "media", "guest_photos": "photos", "badge_sheets": "badge-sheets",
            "spreadsheet_imports": "spreadsheet-imports", "mail": "mail"}


def move(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("move_files_to_storage", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def in_bucket(s3_server, options):
    found = {}
    for storage, prefix in PREFIXES.items():
        for name, data in keys(s3_server, f"{options['prefix']}/{prefix}/").items():
            found[(storage, name)] = data
    return found


def test_files_are_copied_verified_and_served_from_the_bucket(installation, object_storage, s3_server, event, as_role):
    out, err = move()
    assert err == ""
    assert out.splitlines()[-1] == "Total: 6 copied, 0 replaced, 0 already there, 0 failed"
    assert "guest_photos (" in out and ": 1 copied, 0 replaced" in out
    assert in_bucket(s3_server, object_storage) == installation  # the photo under photos/ only, not media/

    guest = factories.make_guest(event)
    type(guest).objects.filter(pk=guest.pk).update(photo=PHOTO)
    served = as_role("viewer").get(f"/photos/{PHOTO}")
    assert served.status_code == 200 and b"".join(served.streaming_content) == installation[("guest_photos", PHOTO)]


def test_a_second_run_copies_nothing_and_a_differing_copy_is_replaced(installation, object_storage, s3_server):
    move()
    client = s3_server.client()
    key = f"{object_storage['prefix']}/mail/letters/3/VL-2026-000001.pdf"
    client.put_object(Bucket=BUCKET, Key=key, Body=b"%PDF-1.7 truncated")
    out, _ = move()
    assert out.splitlines()[-1] == "Total: 0 copied, 1 replaced, 5 already there, 0 failed"
    assert client.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b"%PDF-1.7 letter"
    assert move()[0].splitlines()[-1] == "Total: 0 copied, 0 replaced, 6 already there, 0 failed"


def test_dry_run_writes_nothing(installation, object_storage, s3_server):
    out, _ = move("--dry-run", "--storage", "mail", "--storage", "badge_sheets")
    assert out.splitlines()[-1] == "Total: 3 would copy, 0 would replace, 0 already there, 0 failed"
    assert in_bucket(s3_server, object_storage) == {}


def test_without_a_bucket_or_with_an_unknown_storage(installation, object_storage, settings):
    with pytest.raises(CommandError, match="unknown|Unknown storage passports"):
        move("--storage", "passports")
    settings.OBJECT_STORAGE = None
    with pytest.raises(CommandError, match="STORAGE_URL / S3_BUCKET is not set"):
        move()
