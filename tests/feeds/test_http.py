"""GET /ical/{token}.ics: content, validators, 304s, and 404s that reveal nothing."""
import datetime

import pytest
from django.test import Client
from django.utils.http import http_date

from delegations.models import ItineraryItem, Staff
from events.models import GuestStatus
from feeds.domain.tokens import new_secret, revoke_feed, rotate_feed, secret_of
from feeds.models import FeedToken
from tests import factories

from .conftest import make_item


@pytest.fixture
def client():
    return Client()


def fetch(client, secret, **headers):
    return client.get(f"/ical/{secret}.ics", **headers)


@pytest.mark.parametrize("scope", ["programme", "delegation", "guest", "staff", "vehicle"])
def test_feed_is_served_with_strong_validators(client, feed_for, scope):
    _, secret = feed_for(scope)
    response = fetch(client, secret)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "private, no-cache"
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert fetch(client, secret).content == response.content
    assert fetch(client, secret)["ETag"] == response["ETag"]


def test_unchanged_feed_answers_304_without_building_it(client, feed_for, django_assert_num_queries):
    _, secret = feed_for("guest")
    first = fetch(client, secret)
    # One query: the token with its event, target and calendar version (the calendar is not built).
    with django_assert_num_queries(1):
        again = fetch(client, secret, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == "private, no-cache"
    with django_assert_num_queries(1):
        since = fetch(client, secret, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert fetch(client, secret, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    earlier = http_date(datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc).timestamp())
    assert fetch(client, secret, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_change_gives_200_with_a_new_etag(client, world, feed_for):
    _, secret = feed_for("guest")
    first = fetch(client, secret)
    meeting = ItineraryItem.objects.get(pk=world.meeting.pk)
    meeting.location_text = "Room 101"
    meeting.venue = None
    meeting.save()
    changed = fetch(client, secret, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert b"LOCATION:Room 101" in changed.content
    assert fetch(client, secret, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_changes_without_updated_at_or_sequence_are_noticed(client, world, feed_for):
    """Staff rows have no updated_at; guests join items through a many-to-many table."""
    _, secret = feed_for("guest")
    etag = fetch(client, secret)["ETag"]
    world.liaison.phone = "+86 138 5555 5555"
    world.liaison.save()
    response = fetch(client, secret, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and b"5555 5555" in response.content.replace(b"\r\n ", b"")
    etag = response["ETag"]
    extra = make_item(
        world.event, title={"en": "Private dinner"},
        start=datetime.datetime(2023, 11, 2, 19, 0, tzinfo=datetime.timezone.utc),
        end=datetime.datetime(2023, 11, 2, 21, 0, tzinfo=datetime.timezone.utc),
    )
    assert fetch(client, secret, HTTP_IF_NONE_MATCH=etag).status_code == 304  # not the guest's (yet)
    extra.guests.add(world.guest)
    response = fetch(client, secret, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and b"Private dinner" in response.content
    etag = response["ETag"]
    extra.guests.remove(world.guest)
    assert fetch(client, secret, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_deleting_a_shown_row_changes_the_feed(client, world, feed_for):
    """The driver, then the car (a bulk delete), then an item: each answer is a new body."""
    from delegations.models import Vehicle

    _, secret = feed_for("delegation")
    first = fetch(client, secret)
    assert "李伟".encode() in first.content.replace(b"\r\n ", b"")
    Staff.objects.get(pk=world.driver.pk).delete()
    without_driver = fetch(client, secret, HTTP_IF_NONE_MATCH=first["ETag"])
    assert without_driver.status_code == 200 and "李伟".encode() not in without_driver.content.replace(b"\r\n ", b"")
    Vehicle.objects.filter(pk=world.car.pk).delete()
    without_car = fetch(client, secret, HTTP_IF_NONE_MATCH=without_driver["ETag"])
    assert without_car.status_code == 200 and "闽D".encode() not in without_car.content
    count = without_car.content.count(b"BEGIN:VEVENT")
    ItineraryItem.objects.filter(pk=world.meeting.pk).delete()
    without_meeting = fetch(client, secret, HTTP_IF_NONE_MATCH=without_car["ETag"])
    assert without_meeting.status_code == 200 and without_meeting.content.count(b"BEGIN:VEVENT") == count - 1
    assert fetch(client, secret, HTTP_IF_NONE_MATCH=without_meeting["ETag"]).status_code == 304


def test_a_change_elsewhere_in_the_event_still_answers_304(client, world, feed_for):
    _, secret = feed_for("vehicle")
    etag = fetch(client, secret)["ETag"]
    moscow = ItineraryItem.objects.get(pk=world.moscow.pk)
    moscow.title = {"en": "Elsewhere"}
    moscow.save()  # not in the vehicle's feed: rebuilt, same bytes, same ETag
    assert fetch(client, secret, HTTP_IF_NONE_MATCH=etag).status_code == 304
    factories.StaffFactory(event=world.event, full_name="New Driver", role=Staff.Role.DRIVER)
    assert fetch(client, secret, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_head_gives_the_headers_of_get(client, feed_for):
    _, secret = feed_for("programme")
    get = fetch(client, secret)
    head = client.head(f"/ical/{secret}.ics")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"] and head["Content-Type"] == get["Content-Type"]
    assert client.head(f"/ical/{secret}.ics", HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304
    assert client.post(f"/ical/{secret}.ics").status_code == 405


def test_revoked_rotated_and_unknown_tokens_get_the_same_404(client, world, feed_for):
    feed, secret = feed_for("guest")
    reference = fetch(client, new_secret())
    assert reference.status_code == 404
    assert fetch(client, secret).status_code == 200
    rotate_feed(feed)
    assert fetch(client, secret).content == reference.content  # the old secret is dead
    new = secret_of(feed)
    assert fetch(client, new).status_code == 200
    revoke_feed(feed)
    revoked = fetch(client, new)
    assert (revoked.status_code, revoked.content) == (404, reference.content)
    assert revoked["Content-Type"] == reference["Content-Type"]


def test_a_rejected_guests_feed_stops(client, world, feed_for):
    _, secret = feed_for("guest")
    assert fetch(client, secret).status_code == 200
    type(world.guest).objects.filter(pk=world.guest.pk).update(status=GuestStatus.CANCELLED)
    assert fetch(client, secret).status_code == 404


MALFORMED = [
    "", ".ics", "x.ics", "a" * 42 + ".ics", "a" * 44 + ".ics", "a" * 5000 + ".ics",
    "%00" * 43 + ".ics", "a" * 42 + "%00.ics", "../../etc/passwd", "..%2F..%2Fsettings.py",
    "%F0%A0%AE%B7" * 11 + ".ics", "Ω" * 43 + ".ics", "a" * 43, "a" * 43 + ".ics/", "a" * 43 + ".ics.ics",
    "a" * 43 + ".ICS", "nested/" + "a" * 43 + ".ics", "a" * 43 + ".ics?x=1%00", "%E2%80%AE" + "a" * 40 + ".ics",
]


@pytest.mark.parametrize("path", MALFORMED)
def test_malformed_tokens_get_the_same_404(client, db, path):
    reference = fetch(client, new_secret())
    response = client.get("/ical/" + path)
    assert response.status_code == 404
    assert response.content == reference.content == b'{"detail": "Not found.", "code": "not_found"}'


def test_token_is_stored_hashed_and_encrypted(world, feed_for):
    feed, secret = feed_for("programme")
    row = FeedToken.objects.filter(pk=feed.pk).values().get()
    assert secret not in str(row)
    assert len(secret) == 43 and len(row["token_hash"]) == 64


def test_a_feed_costs_a_constant_number_of_queries(client, world, feed_for, django_assert_max_num_queries):
    from feeds.domain.builder import entry_cache

    _, secret = feed_for("delegation")
    entry_cache().clear()
    with django_assert_max_num_queries(13):  # cold: every entry loaded, one query per table
        fetch(client, secret)
    for n in range(30):
        make_item(world.event, delegation=world.delegation, title={"en": f"Extra {n}"}, vehicle=world.car,
                  liaison_officer=world.liaison, venue=world.hall,
                  start=datetime.datetime(2023, 11, 2, n % 24, 0, tzinfo=datetime.timezone.utc),
                  end=datetime.datetime(2023, 11, 2, n % 24, 30, tzinfo=datetime.timezone.utc))
    entry_cache().clear()
    with django_assert_max_num_queries(13):
        cold = fetch(client, secret)
    assert cold.content.count(b"BEGIN:VEVENT") == 37
    with django_assert_max_num_queries(5):  # warm: token, fingerprint, items, sessions
        assert fetch(client, secret).content == cold.content


def test_deleting_an_event_with_feeds_staff_and_vehicles_works(db):
    from delegations.models import Vehicle
    from feeds.domain.tokens import create_feed

    event = factories.make_event()
    driver = factories.StaffFactory(event=event, full_name="Driver", role=Staff.Role.DRIVER)
    car = factories.VehicleFactory(event=event, plate="A1", capacity=4, driver=driver)
    factories.DelegationFactory(event=event, name="D", country="KZ")
    create_feed(event=event, scope="vehicle", language="en", target=car)
    event.delete()
    assert not FeedToken.objects.exists() and not Staff.objects.exists() and not Vehicle.objects.exists()


def test_admin_lists_feeds_and_revokes_them(world, feed_for, client):
    from tests import factories

    feed, secret = feed_for("guest")
    admin = factories.make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    listing = client.get("/admin/feeds/feedtoken/")
    assert listing.status_code == 200 and secret.encode() not in listing.content
    assert client.get(f"/admin/feeds/feedtoken/{feed.pk}/change/").status_code == 200
    response = client.post("/admin/feeds/feedtoken/", {"action": "revoke", "_selected_action": [feed.pk]})
    assert response.status_code == 302
    client.logout()
    assert fetch(client, secret).status_code == 404
