"""A delegation with a focal point, and what the tests send: photos, scans, nomination fields."""
import io
import re

from PIL import Image

from correspondence.models import Message
from portal.domain.focal_points import create_focal_point
from tests import factories

BASE = "http://testserver"
LINK = re.compile(r"/portal/sign-in/([A-Za-z0-9_-]{43})/")


def image_bytes(size=(600, 800), fmt="JPEG", color=(120, 140, 180)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def upload(name, content, content_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def photo(size=(600, 800), fmt="JPEG"):
    return upload("photo.jpg" if fmt == "JPEG" else "photo.png", image_bytes(size, fmt), f"image/{fmt.lower()}")


def nominee(family="VOLKOVA", **extra):
    values = {"family_name": family, "given_name": "Irina", "native_name": "Ирина Волкова", "honorific": "Dr.",
              "position": "Deputy Minister", "category": "delegate", "gender": "F", "date_of_birth": "1975-03-02",
              "passport_number": "RU7424363", "passport_expiry": "2031-05-01", "arrival_flight": "SU204",
              "departure_flight": "SU205", "dietary": "vegetarian", "email": "volkova@example.ru"}
    values.update(extra)
    return values


def delegation_with_focal_point(event, quota=3, email="focal@embassy.example", language="en", name="Delegation A"):
    delegation = factories.DelegationFactory(event=event, name=name, country="RU", quota=quota)
    point = create_focal_point(delegation, {"name": "Anna Petrova", "email": email, "language": language}, base_url=BASE)
    return delegation, point


def last_link(point) -> str:
    message = Message.objects.filter(recipient_email=point.email, context__portal="invitation").order_by("-id").first()
    return LINK.search(message.body_text).group(1)


def signed_in_client(point):
    from rest_framework.test import APIClient

    client = APIClient()
    response = client.post(f"/api/v1/portal/sign-in/{last_link(point)}/")
    assert response.status_code == 200, response.content
    return client
