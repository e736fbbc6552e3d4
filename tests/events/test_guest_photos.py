"""Guest photos are personal data: random file names, served at /photos/ only to users who may see
the guests of that event or scan their badges, never from the public /media/ route."""
import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import clear_url_caches

from events.models import Guest
from tests import factories
from tests.checkin.test_desk_browser import portrait_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def photographed(event):
    guest = factories.make_guest(event, family_name="NURLANULY", given_name="Aidos")
    guest.photo.save("Aidos NURLANULY passport photo.JPG", ContentFile(portrait_jpeg()), save=True)
    return Guest.objects.get(pk=guest.pk)


def test_a_photo_is_stored_under_a_random_name_without_the_uploaded_one(photographed, event):
    name = photographed.photo.name
    assert name.startswith("guest-photos/") and name.endswith(".jpg") and "NURLANULY" not in name
    other = factories.make_guest(event)
    other.photo.save("Aidos NURLANULY passport photo.JPG", ContentFile(portrait_jpeg()), save=True)
    assert other.photo.name != name
    assert photographed.photo.url == f"/photos/{name}"


@pytest.mark.parametrize("role", ["owner", "manager", "protocol", "registration", "viewer", "checkin"])
def test_the_photo_is_served_to_roles_that_see_guests_or_scan(as_role, photographed, role):
    response = as_role(role).get(photographed.photo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and response["Cache-Control"] == "private, max-age=86400"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_nobody_else_learns_the_photo_exists(as_role, photographed, other_event, django_user_model):
    missing = as_role("owner").get("/photos/guest-photos/0123456789abcdef0123456789abcdef.jpg")
    assert missing.status_code == 404
    for client in (as_role("owner", target=other_event), Client()):
        response = client.get(photographed.photo.url)
        assert (response.status_code, response.content) == (404, missing.content)
    stranger = Client()
    stranger.force_login(django_user_model.objects.create_user("stranger", password="pw"))
    assert stranger.get(photographed.photo.url).status_code == 404


def test_the_session_of_the_admin_and_the_desk_is_enough(photographed, event):
    browser = Client()
    browser.force_login(factories.make_member(event, "checkin"))
    assert browser.get(photographed.photo.url).status_code == 200


def test_the_guest_api_gives_the_protected_url(as_role, photographed, event):
    body = as_role("viewer").get(f"/api/v1/events/{event.slug}/guests/{photographed.pk}/").json()
    assert body["photo"] == f"http://testserver/photos/{photographed.photo.name}"


@override_settings(SERVE_MEDIA=True)
def test_the_public_media_route_never_serves_guest_photos(photographed, settings):
    import importlib

    import backend.urls

    importlib.reload(backend.urls)
    clear_url_caches()
    try:
        from pathlib import Path

        logo = Path(settings.MEDIA_ROOT) / "badge-logos" / "forum.png"
        logo.parent.mkdir(parents=True, exist_ok=True)
        logo.write_bytes(b"\x89PNG\r\n\x1a\n")
        assert Client().get("/media/badge-logos/forum.png").status_code == 200  # the route is there
        name = photographed.photo.name
        assert (Path(settings.MEDIA_ROOT) / name).is_file()
        for path in (name, f"./{name}", f"x/../{name}", f"/{name}", f"badge-logos/../{name}"):
            assert Client().get(f"/media/{path}").status_code == 404, path
    finally:
        importlib.reload(backend.urls)
        clear_url_caches()


def test_the_admin_links_the_protected_photo(photographed, event):
    officer = Client()
    officer.force_login(factories.make_member(event, "protocol", is_staff=True))
    page = officer.get(f"/admin/events/guest/{photographed.pk}/change/").content.decode()
    assert f'href="/photos/{photographed.photo.name}"' in page and "/media/guest-photos" not in page
