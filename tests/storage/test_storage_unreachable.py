"""A bucket that cannot be reached (server down, bucket missing) gives a clear 503 on upload and
leaves nothing half-saved: the guest record is not created without its photo."""
import pytest
from django.core.files.base import ContentFile

from events.models import Guest
from tests.badges.conftest import jpeg_bytes
from tests.helpers.s3_server import S3Server

pytestmark = pytest.mark.django_db


def post_guest_with_photo(client, event):
    return client.post(
        f"/api/v1/events/{event.slug}/guests/",
        {"family_name": "NURLANULY", "given_name": "Aidos", "country": "KZ", "photo": ContentFile(jpeg_bytes(), name="a.jpg")},
        format="multipart",
    )


def test_upload_while_the_storage_server_is_down(point_at_bucket, event, as_role):
    down = S3Server()  # a free port where nothing listens
    point_at_bucket(down)
    response = post_guest_with_photo(as_role("protocol"), event)
    assert response.status_code == 503, response.content
    assert response.json()["code"] == "storage_unavailable" and "nothing was saved" in response.json()["detail"]
    assert response["Retry-After"] == "30"
    assert Guest.objects.count() == 0


def test_upload_into_a_missing_bucket(point_at_bucket, s3_server, event, as_role):
    point_at_bucket(s3_server, bucket="no-such-bucket")
    response = post_guest_with_photo(as_role("protocol"), event)
    assert (response.status_code, response.json()["code"]) == (503, "storage_unavailable")
    assert Guest.objects.count() == 0


def test_the_admin_answers_503_and_saves_nothing(point_at_bucket, event):
    from django.test import Client

    from tests import factories

    point_at_bucket(S3Server())
    browser = Client()
    browser.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    response = browser.post("/admin/events/guest/add/", {
        "event": event.pk, "category": "delegate", "family_name": "NURLANULY", "given_name": "Aidos", "country": "KZ",
        "language": "en", "photo": ContentFile(jpeg_bytes(), name="a.jpg"),
    })
    assert response.status_code == 503, response.content.decode()[:3000]
    assert "nothing was saved" in response.content.decode()
    assert Guest.objects.count() == 0


def test_a_guest_list_or_a_letter_is_refused_likewise(point_at_bucket, event, as_role):
    from correspondence.models import Letter
    from spreadsheets.models import GuestImport
    from tests.correspondence.test_letters import forum_guest
    from tests.spreadsheets.files import EN_HEADER, NAMES, upload, xlsx

    guest = forum_guest(event, "VOLKOVA", arrival_time="2023-10-30T10:00+08:00")
    point_at_bucket(S3Server())
    answer = upload(as_role("registration"), event, xlsx([EN_HEADER, *NAMES]))
    assert (answer.status_code, answer.json()["code"]) == (503, "storage_unavailable")
    letter = as_role("protocol").post(f"/api/v1/events/{event.slug}/letters/", {"guest": guest.pk, "kind": "visa"}, format="json")
    assert (letter.status_code, letter.json()["code"]) == (503, "storage_unavailable")
    assert (GuestImport.objects.count(), Letter.objects.count(), Guest.objects.count()) == (0, 0, 1)


def test_a_bucket_lost_between_opening_and_reading_is_storage_unavailable(point_at_bucket, tmp_path):
    from badges.storage import sheet_storage
    from core.errors import StorageUnavailable

    with S3Server(log_path=tmp_path / "moto.log") as server:
        server.create_bucket("short-lived")
        point_at_bucket(server, bucket="short-lived")
        storage = sheet_storage()
        name = storage.save("batch-1.pdf", ContentFile(b"%PDF-1.7"))
        handle = storage.open(name, "rb")
    with pytest.raises(StorageUnavailable, match="short-lived"):
        handle.read()
    with pytest.raises(StorageUnavailable):
        storage.open(name, "rb")
