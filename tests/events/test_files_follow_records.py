"""Files follow their records: deleting a guest or an event deletes their photos, logos and printed
badge sheets once the deletion has committed, and never when it rolls back."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from badges.demo import seed_zones
from badges.domain.batches import create_batch, run_batch
from badges.domain.templates import get_default_template
from badges.models import BadgeBatch
from badges.storage import sheet_storage
from events.domain.deletion import delete_guests
from events.models import Event, Guest
from tests import factories
from tests.badges.conftest import jpeg_bytes, png_bytes

# Committed transactions: on_commit callbacks run only when a real transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def batch_root(settings, tmp_path):
    settings.BADGE_BATCH_ROOT = tmp_path / "badge-batches"
    return settings.BADGE_BATCH_ROOT


def media(name) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def batch_file_path(batch) -> Path:
    return Path(sheet_storage().path(batch.file_name))


def guest_with_photo(event, **fields):
    guest = factories.make_guest(event, **fields)
    guest.photo.save("portrait.jpg", ContentFile(jpeg_bytes()), save=True)
    assert media(guest.photo.name).is_file()
    return guest


def printed_sheet(event, guests):
    seed_zones(event) if not event.access_zones.exists() else None
    batch = create_batch(event, get_default_template(event), {"guest_ids": [guest.pk for guest in guests]})
    run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch_file_path(batch).is_file()
    return batch


def test_deleting_a_guest_deletes_their_photo_and_the_sheets_that_show_them(event, as_role):
    guest, neighbour, other = guest_with_photo(event), guest_with_photo(event), guest_with_photo(event)
    shared, elsewhere = printed_sheet(event, [guest, neighbour]), printed_sheet(event, [other])
    shared_file, elsewhere_file = batch_file_path(shared), batch_file_path(elsewhere)

    response = as_role("manager").delete(f"/api/v1/events/{event.slug}/guests/{guest.pk}/")

    assert response.status_code == 204
    assert not media(guest.photo.name).exists()
    assert not shared_file.exists() and elsewhere_file.is_file()
    assert media(neighbour.photo.name).is_file() and media(other.photo.name).is_file()
    shared.refresh_from_db()
    assert (shared.status, shared.file_name, shared.file_size) == ("done", "", 0)
    download = as_role("manager").get(f"/api/v1/events/{event.slug}/badge-batches/{shared.pk}/download/")
    assert (download.status_code, download.json()["code"]) == (409, "not_ready")


def test_a_guest_deletion_that_rolls_back_keeps_every_file(event):
    guest = guest_with_photo(event)
    guest_id, photo = guest.pk, media(guest.photo.name)
    batch = printed_sheet(event, [guest])
    with pytest.raises(RuntimeError), transaction.atomic():
        delete_guests([guest], by=factories.make_user(is_superuser=True))
        raise RuntimeError("something later in the same transaction failed")
    assert Guest.objects.filter(pk=guest_id).exists()
    assert photo.is_file() and batch_file_path(batch).is_file()
    batch.refresh_from_db()
    assert batch.file_name


def test_deleting_an_event_deletes_its_photos_logos_and_sheets(event, other_event, superuser_client):
    guest = guest_with_photo(event)
    template = get_default_template(event)
    template.logo.save("Municipal office.png", ContentFile(png_bytes()), save=True)
    batch = printed_sheet(event, [guest])
    kept_guest = guest_with_photo(other_event)
    kept_batch = printed_sheet(other_event, [kept_guest])
    files = [media(guest.photo.name), media(template.logo.name), batch_file_path(batch)]

    response = superuser_client.delete(f"/api/v1/events/{event.slug}/?confirm={event.slug}")

    assert response.status_code == 204, response.content
    assert [path.exists() for path in files] == [False, False, False]
    assert media(kept_guest.photo.name).is_file() and batch_file_path(kept_batch).is_file()


def test_an_event_deletion_that_rolls_back_keeps_every_file(event):
    guest = guest_with_photo(event)
    template = get_default_template(event)
    template.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    batch = printed_sheet(event, [guest])
    with pytest.raises(RuntimeError), transaction.atomic():
        Event.objects.get(pk=event.pk).delete()
        raise RuntimeError("rolled back")
    assert BadgeBatch.objects.filter(pk=batch.pk).exists()
    assert media(guest.photo.name).is_file() and media(template.logo.name).is_file()
    assert batch_file_path(batch).is_file()


def test_a_batch_whose_event_is_deleted_while_it_prints_leaves_no_file(event, batch_root, monkeypatch):
    from badges.domain import batch_parts

    guest = factories.make_guest(event)
    seed_zones(event)
    batch = create_batch(event, get_default_template(event), {"guest_ids": [guest.pk]})
    record = batch_parts._record_part

    def record_once_the_event_is_deleted(part, token, name, printed, problems):
        assert (batch_root / name).is_file()  # the part's sheet was drawn and stored
        Event.objects.filter(pk=event.pk).delete()
        return record(part, token, name, printed, problems)

    monkeypatch.setattr(batch_parts, "_record_part", record_once_the_event_is_deleted)
    run_batch(batch.pk)
    assert not BadgeBatch.objects.exists()
    assert [path.name for path in batch_root.iterdir() if path.suffix == ".pdf"] == []


def test_logos_are_stored_under_random_names(event, as_role):
    template = get_default_template(event)
    response = as_role("protocol").patch(
        f"/api/v1/events/{event.slug}/badge-templates/{template.pk}/",
        {"logo": ContentFile(png_bytes(), name="Xiamen Foreign Affairs Office.PNG")}, format="multipart",
    )
    assert response.status_code == 200, response.content
    template.refresh_from_db()
    assert re.fullmatch(r"badge-logos/[0-9a-f]{32}\.png", template.logo.name), template.logo.name
    assert media(template.logo.name).is_file()


def test_a_replaced_or_cleared_photo_is_deleted(event, as_role):
    guest = guest_with_photo(event)
    first = media(guest.photo.name)
    url = f"/api/v1/events/{event.slug}/guests/{guest.pk}/"
    response = as_role("manager").patch(url, {"photo": ContentFile(jpeg_bytes(), name="new.jpg")}, format="multipart")
    assert response.status_code == 200, response.content
    guest.refresh_from_db()
    second = media(guest.photo.name)
    assert second.is_file() and second != first and not first.exists()

    assert as_role("manager").patch(url, {"photo": None}, format="json").status_code == 200
    guest.refresh_from_db()
    assert guest.photo.name == "" and not second.exists()


def test_a_photo_replacement_that_rolls_back_keeps_the_old_photo(event):
    guest = guest_with_photo(event)
    first = media(guest.photo.name)
    with pytest.raises(RuntimeError), transaction.atomic():
        guest.photo.save("new.jpg", ContentFile(jpeg_bytes()), save=True)
        raise RuntimeError("rolled back")
    assert first.is_file()
    assert Guest.objects.get(pk=guest.pk).photo.name == str(first.relative_to(settings.MEDIA_ROOT))


def test_a_replaced_logo_is_deleted(event, as_role):
    template = get_default_template(event)
    template.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    first = media(template.logo.name)
    response = as_role("protocol").patch(f"/api/v1/events/{event.slug}/badge-templates/{template.pk}/",
                                         {"logo": ContentFile(png_bytes(), name="logo.png")}, format="multipart")
    assert response.status_code == 200, response.content
    template.refresh_from_db()
    assert media(template.logo.name).is_file() and not first.exists()
