"""With STORAGE_URL set, every file lives in the bucket under its storage's prefix, private, and is
downloaded only through the application's views (which stream it from the bucket); nothing is
written to the local folders."""
import hashlib
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from badges.demo import seed_zones
from badges.domain.batches import create_batch, run_batch
from badges.domain.templates import get_default_template
from core.object_storage import PrivateS3Storage
from events.models import Guest
from spreadsheets.models import GuestImport
from tests import factories
from tests.badges.conftest import jpeg_bytes, png_bytes
from tests.correspondence.test_letters import forum_guest
from tests.spreadsheets.files import EN_HEADER, NAMES, upload, xlsx

from .conftest import BUCKET, keys

pytestmark = pytest.mark.django_db


def local_files() -> list[str]:
    roots = [settings.MEDIA_ROOT, settings.BADGE_BATCH_ROOT, settings.MAIL_ROOT, settings.SPREADSHEET_IMPORT_ROOT]
    return sorted(str(path) for root in roots if Path(root).exists()
                  for path in Path(root).rglob("*") if path.is_file() and "static" not in path.parts)


def under(options, storage_prefix):
    return f"{options['prefix']}/{storage_prefix}/"


def test_a_guest_photo_goes_to_the_bucket_privately_and_is_served_through_the_app(object_storage, s3_server, event, as_role):
    before = local_files()
    photo = jpeg_bytes()
    response = as_role("protocol").post(
        f"/api/v1/events/{event.slug}/guests/",
        {"family_name": "NURLANULY", "given_name": "Aidos", "country": "KZ", "photo": ContentFile(photo, name="Aidos.jpg")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    guest = Guest.objects.get()
    assert isinstance(guest.photo.storage, PrivateS3Storage)
    stored = keys(s3_server, under(object_storage, "photos"))
    assert list(stored) == [guest.photo.name] and stored[guest.photo.name] == photo
    assert response.json()["photo"] == f"http://testserver/photos/{guest.photo.name}"

    acl = s3_server.client().get_object_acl(Bucket=BUCKET, Key=under(object_storage, "photos") + guest.photo.name)
    assert [grant["Grantee"].get("URI") for grant in acl["Grants"] if grant["Grantee"].get("URI")] == []
    with pytest.raises(ValueError):
        PrivateS3Storage(bucket_name=BUCKET).url("x.pdf")  # a storage without a URL in the app has none

    served = as_role("viewer").get(guest.photo.url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == photo
    assert as_role("viewer", target=factories.EventFactory(slug="elsewhere")).get(guest.photo.url).status_code == 404
    assert local_files() == before


def test_badge_sheets_and_logos_are_in_the_bucket_and_downloaded_byte_identical(object_storage, s3_server, event, as_role):
    before = local_files()
    protocol = as_role("protocol")
    template = get_default_template(event)
    logo = png_bytes()
    answer = protocol.patch(f"/api/v1/events/{event.slug}/badge-templates/{template.pk}/",
                            {"logo": ContentFile(logo, name="Office.PNG")}, format="multipart")
    assert answer.status_code == 200, answer.content
    template.refresh_from_db()
    assert keys(s3_server, under(object_storage, "media")) == {template.logo.name: logo}

    seed_zones(event)
    guest = factories.make_guest(event)
    guest.photo.save("portrait.jpg", ContentFile(jpeg_bytes()), save=True)
    batch = create_batch(event, template, {"guest_ids": [guest.pk]})
    run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done", batch.error
    sheets = keys(s3_server, under(object_storage, "badge-sheets"))
    assert list(sheets) == [batch.file_name] and sheets[batch.file_name].startswith(b"%PDF")
    assert batch.file_size == len(sheets[batch.file_name])

    download = protocol.get(f"/api/v1/events/{event.slug}/badge-batches/{batch.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == hashlib.sha256(sheets[batch.file_name]).hexdigest()
    assert local_files() == before


def test_letters_and_imports_are_in_the_bucket(object_storage, s3_server, event, as_role):
    before = local_files()
    guest = forum_guest(event, "VOLKOVA", arrival_time="2023-10-30T10:00+08:00")
    protocol = as_role("protocol")
    created = protocol.post(f"/api/v1/events/{event.slug}/letters/", {"guest": guest.pk, "kind": "visa"}, format="json")
    assert created.status_code == 201, created.content
    mail = keys(s3_server, under(object_storage, "mail"))
    (name,) = mail
    assert name.startswith(f"letters/{event.pk}/VL-") and mail[name].startswith(b"%PDF")
    pdf = protocol.get(f"/api/v1/events/{event.slug}/letters/{created.json()['id']}/pdf/")
    assert pdf.status_code == 200 and pdf.content == mail[name]

    answer = upload(as_role("registration"), event, xlsx([EN_HEADER, *NAMES]))
    assert answer.status_code in (201, 202), answer.content
    imported = GuestImport.objects.get()
    assert list(keys(s3_server, under(object_storage, "spreadsheet-imports"))) == [imported.file_name]
    assert local_files() == before


def test_nothing_is_left_locally_or_in_memory_for_a_large_sheet(object_storage):
    from badges.storage import sheet_storage

    storage = sheet_storage()
    data = io.BytesIO(b"%PDF" + bytes(9 * 1024 * 1024))
    name = storage.save("batch-0-large.pdf", ContentFile(data.getvalue()))
    with storage.open(name, "rb") as handle:
        handle.read(4)
        assert handle.file._rolled  # spooled to a temporary file, not held in memory
    assert storage.size(name) == len(data.getvalue())
    storage.delete(name)
    assert not storage.exists(name)


@pytest.fixture
def urls_reloaded():
    import importlib

    from django.urls import clear_url_caches

    import backend.urls

    def reload():
        importlib.reload(backend.urls)
        clear_url_caches()

    yield reload
    reload()


def test_media_is_streamed_from_the_bucket_but_never_guest_photos(object_storage, urls_reloaded, event):
    from django.core.files.storage import default_storage
    from django.test import Client

    urls_reloaded()  # with a bucket, /media/ is served by the application (there is no folder to serve)
    name = default_storage.save("badge-logos/forum.png", ContentFile(png_bytes()))
    served = Client().get(f"/media/{name}")
    assert served.status_code == 200 and b"".join(served.streaming_content) == png_bytes()
    assert served["Content-Type"] == "image/png"
    assert Client().get("/media/badge-logos/absent.png").status_code == 404
    guest = factories.make_guest(event)
    guest.photo.save("portrait.jpg", ContentFile(jpeg_bytes()), save=True)
    default_storage.save(guest.photo.name, ContentFile(b"a copy in media"))  # even if a copy were there
    for path in (guest.photo.name, f"./{guest.photo.name}", f"x/../{guest.photo.name}"):
        assert Client().get(f"/media/{path}").status_code == 404, path


@pytest.mark.parametrize("in_bucket", [True, False])
def test_with_x_accel_the_proxy_gets_the_file_after_the_rights_check(request, settings, event, as_role, in_bucket):
    if in_bucket:
        options = request.getfixturevalue("object_storage")
    settings.STORAGE_X_ACCEL_PREFIX = "/_stored/"
    guest = factories.make_guest(event)
    guest.photo.save("portrait.jpg", ContentFile(jpeg_bytes()), save=True)
    response = as_role("viewer").get(guest.photo.url)
    assert response.status_code == 200 and response.content == b""
    expected = f"/_stored/{options['prefix']}/photos/{guest.photo.name}" if in_bucket else f"/_stored/media/{guest.photo.name}"
    assert response["X-Accel-Redirect"] == expected and response["Content-Type"] == "image/jpeg"
    assert as_role("viewer", target=factories.EventFactory(slug="elsewhere")).get(guest.photo.url).status_code == 404
