"""Passport data appears in the guest records of roles that may see it, and nowhere else: not in
any other API answer, export, booklet or badge PDF, nor in a calendar feed — checked on every read
of the OpenAPI schema (so new endpoints are covered) and on the public feeds."""
import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from delegations.models import Staff, Vehicle
from events.models import Event, Guest
from feeds.domain.tokens import create_feed, secret_of
from feeds.models import FeedToken
from tests import factories
from tests.conftest import client_for
from tests.helpers.api_schema import api_schema, fill, first_row_ids

pytestmark = pytest.mark.django_db

GUEST_RECORDS = ("/guests/{id}/",)  # where view_passport shows the number (not the list: tests/events)


def _text(response) -> str:
    content_type = response["Content-Type"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type.startswith("application/pdf"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if content_type.startswith("image/"):
        return ""
    return body.decode("utf-8", errors="replace")


@pytest.mark.parametrize("role, sees_passport", [("owner", True), ("protocol", True), ("registration", False),
                                                 ("viewer", False)])
def test_passport_data_only_in_guest_records_for_roles_that_may_see_it(role, sees_passport):
    call_command("seed_demo")
    forum = Event.objects.get(slug="china-central-asia-forum-2023")
    guest = Guest.objects.get(email="aidos.nurlanuly@example.kz")
    secrets = [guest.passport_number, guest.date_of_birth.isoformat(), guest.date_of_birth.strftime("%Y%m%d")]
    assert guest.passport_number == "KZ7424363"
    client = client_for(factories.make_member(forum, role))
    schema = api_schema()
    ids = first_row_ids(client, schema, [forum]) | {"/api/v1/events/{event_slug}/guests/": guest.pk}

    seen_in, read = [], 0
    for path, operations in schema["paths"].items():
        url = fill(path, forum.slug, ids, guest_id=guest.pk) if "{event_slug}" in path and "get" in operations else None
        if url is None:
            continue
        response = client.get(url)
        if response.status_code != 200:
            continue
        read += 1
        text = _text(response)
        if any(secret in text for secret in secrets):
            seen_in.append(path.split("{event_slug}")[1])
    assert read >= 25
    expected = list(GUEST_RECORDS) if sees_passport else []
    if role == "owner":  # the data subject export (export_personal_data: owners) holds all the record holds
        expected.append("/guests/{guest_id}/personal-data/")
    assert sorted(seen_in) == sorted(expected)


def test_no_calendar_feed_holds_passport_data(client):
    call_command("seed_demo")
    forum = Event.objects.get(slug="china-central-asia-forum-2023")
    guest = Guest.objects.get(email="aidos.nurlanuly@example.kz")
    for scope, target in (("guest", guest), ("delegation", guest.delegation),
                          ("staff", Staff.objects.filter(event=forum).first()),
                          ("vehicle", Vehicle.objects.filter(event=forum).first())):
        for language in ("en", "zh-hans", "ru"):
            create_feed(event=forum, scope=scope, language=language, target=target)
    numbers = [g.passport_number for g in Guest.objects.exclude(passport_number="")]
    assert len(numbers) > 20
    feeds = FeedToken.objects.filter(revoked_at__isnull=True)
    assert set(feeds.values_list("scope", flat=True)) == {"programme", "delegation", "guest", "staff", "vehicle"}
    for feed in feeds:
        response = client.get(f"/ical/{secret_of(feed)}.ics")
        assert response.status_code == 200
        body = response.content.decode()
        assert not [number for number in numbers if number in body], feed.scope
    assert "BEGIN:VEVENT" in client.get(f"/ical/{secret_of(feeds.get(scope='guest', language='en'))}.ics").content.decode()
