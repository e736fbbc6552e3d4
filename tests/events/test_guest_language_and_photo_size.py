"""A guest may speak any ISO 639-1 language; a photo too large to decode is refused as too large,
not as a corrupted file (in the API and in the admin)."""
import io
import struct
import zlib

import pycountry
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.multilingual import CONTENT_LANGUAGE_CODES
from events.models import Guest
from tests import factories

pytestmark = pytest.mark.django_db

TOO_LARGE = "The image is too large (20000×20000 pixels; at most 40,000,000 pixels)."


@pytest.fixture
def officer(as_role):
    return as_role("protocol")


def url(event, suffix=""):
    return f"/api/v1/events/{event.slug}/guests/{suffix}"


def guest_speaking(language):
    return {"family_name": "JOVANOVIĆ", "given_name": "Milica", "country": "RS", "language": language}


def test_a_guest_may_speak_serbian(event, officer):
    response = officer.post(url(event), guest_speaking("sr"), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["language"] == "sr"
    assert Guest.objects.get().language == "sr"
    assert [g["language"] for g in officer.get(url(event), {"language": "sr"}).json()["results"]] == ["sr"]


def test_every_iso_639_1_language_and_every_content_language_is_accepted(event, officer):
    codes = {language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")}
    assert len(codes) == 184 and {"sr", "zh", "he", "yi"} <= codes
    guest = factories.make_guest(event)
    refused = {}
    for code in sorted(codes | CONTENT_LANGUAGE_CODES):
        response = officer.patch(url(event, f"{guest.pk}/"), {"language": code}, format="json")
        if response.status_code != 200:
            refused[code] = response.json()
    assert refused == {}
    assert {"zh-hans", "zh-hant"} <= CONTENT_LANGUAGE_CODES


@pytest.mark.parametrize("code", ["xx", "srb", "SR", "sr-latn-rs-x", ""])
def test_anything_else_is_refused_naming_the_language(event, officer, code):
    response = officer.post(url(event), guest_speaking(code), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["language"]
    assert Guest.objects.count() == 0


def huge_png(width=20000, height=20000) -> bytes:
    """A real, complete 1-bit PNG of width×height: 400 megapixels in a few tens of kilobytes."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the bits of one row
    compressor = zlib.compressobj(9)
    compressed = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", compressed) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_as_too_large(event, officer):
    bomb = huge_png()
    assert len(bomb) < 100_000
    guest = factories.make_guest(event)
    upload = SimpleUploadedFile("face.png", bomb, content_type="image/png")
    response = officer.patch(url(event, f"{guest.pk}/"), {"photo": upload}, format="multipart")
    assert (response.status_code, response.json()) == (400, {"photo": [TOO_LARGE]})
    guest.refresh_from_db()
    assert not guest.photo


def test_a_photo_above_the_limit_but_below_pillows_is_refused_the_same_way(event, officer):
    guest = factories.make_guest(event)
    upload = SimpleUploadedFile("face.png", huge_png(8000, 6000), content_type="image/png")
    response = officer.patch(url(event, f"{guest.pk}/"), {"photo": upload}, format="multipart")
    assert response.json() == {"photo": ["The image is too large (8000×6000 pixels; at most 40,000,000 pixels)."]}


def test_the_admin_refuses_a_decompression_bomb_as_too_large(event):
    guest = factories.make_guest(event, language="en")
    admin = Client()
    admin.force_login(factories.make_member(event, "protocol", is_staff=True))
    page = admin.get(f"/admin/events/guest/{guest.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"photo": io.BytesIO(bomb := huge_png()), "_save": "Save"})
    data["photo"].name = "face.png"
    assert len(bomb) < 100_000
    response = admin.post(f"/admin/events/guest/{guest.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["photo"] == [TOO_LARGE]
