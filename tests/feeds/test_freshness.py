"""What must change a feed's fingerprint (the event's calendar version, the token, its target),
and the stored bodies an unchanged feed is served from."""
import datetime
import gzip

import pytest
from django.db import transaction
from django.test import Client

from delegations.domain.membership import add_member, remove_member
from delegations.models import ItineraryItem
from feeds.domain.freshness import feed_fingerprint
from feeds.domain.tokens import find_active_feed
from feeds.models import CalendarVersion
from tests import factories

from .conftest import make_item


@pytest.fixture
def client():
    return Client()


def fetch(client, secret, **headers):
    return client.get(f"/ical/{secret}.ics", **headers)


def version(event):
    return CalendarVersion.objects.get(event=event).version


def private_item(world, title="Private dinner"):
    return make_item(
        world.event, title={"en": title},
        start=datetime.datetime(2023, 11, 2, 19, 0, tzinfo=datetime.timezone.utc),
        end=datetime.datetime(2023, 11, 2, 21, 0, tzinfo=datetime.timezone.utc),
    )


def test_every_event_has_a_version_and_saves_advance_it_in_their_transaction(world):
    before = version(world.event)
    item = ItineraryItem.objects.get(pk=world.meeting.pk)
    item.internal_notes = "seen by nobody"
    item.save()
    assert version(world.event) > before
    before = version(world.event)
    with pytest.raises(RuntimeError), transaction.atomic():
        item.title = {"en": "Rolled back"}
        item.save()
        assert version(world.event) > before
        raise RuntimeError
    assert version(world.event) == before
    other = factories.make_event()
    assert version(other) == 0


@pytest.mark.parametrize("change", [
    "venue renamed", "item deleted by queryset", "session deleted", "session linked from its side",
    "delegation leaves a session", "guest linked from the guest's side",
])
def test_changes_advance_the_version(world, change):
    before = version(world.event)
    if change == "venue renamed":
        world.hall.name = {"en": "Renamed hall"}
        world.hall.save()
    elif change == "item deleted by queryset":
        ItineraryItem.objects.filter(pk=world.berlin.pk).delete()
    elif change == "session deleted":
        world.cancelled_session.delete()
    elif change == "session linked from its side":
        world.cancelled_session.delegations.add(world.delegation)
    elif change == "delegation leaves a session":
        world.delegation.sessions.remove(world.opening)
    else:
        world.guest.itinerary_items.add(private_item(world))
        before = version(world.event) - 1  # the item's creation counted once
    assert version(world.event) > before


def test_a_new_member_and_a_member_who_leaves_change_the_delegation_feed(client, world, feed_for):
    _, secret = feed_for("delegation")
    newcomer = factories.make_guest(world.event)
    dinner = private_item(world)
    dinner.guests.add(newcomer)
    first = fetch(client, secret)
    assert b"Private dinner" not in first.content
    add_member(world.delegation, newcomer)
    joined = fetch(client, secret, HTTP_IF_NONE_MATCH=first["ETag"])
    assert joined.status_code == 200 and b"Private dinner" in joined.content
    remove_member(world.delegation, newcomer)
    left = fetch(client, secret, HTTP_IF_NONE_MATCH=joined["ETag"])
    assert left.status_code == 200 and b"Private dinner" not in left.content
    assert left["ETag"] == first["ETag"]


def test_a_member_created_in_the_delegation_or_deleted_changes_its_feed(client, world, feed_for):
    _, secret = feed_for("delegation")
    dinner = private_item(world)
    first = fetch(client, secret)
    member = factories.make_guest(world.event, delegation=world.delegation)
    assert fetch(client, secret, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304  # nothing shown changed
    dinner.guests.add(member)
    with_dinner = fetch(client, secret, HTTP_IF_NONE_MATCH=first["ETag"])
    assert with_dinner.status_code == 200 and b"Private dinner" in with_dinner.content
    member.delete()
    without = fetch(client, secret, HTTP_IF_NONE_MATCH=with_dinner["ETag"])
    assert without.status_code == 200 and b"Private dinner" not in without.content


def test_the_tokens_language_and_the_guests_own_fields_change_the_fingerprint(world, feed_for):
    feed, secret = feed_for("guest", language="en")
    fingerprint = feed_fingerprint(find_active_feed(secret))
    feed.language = "ru"
    feed.save()
    assert feed_fingerprint(find_active_feed(secret)) != fingerprint
    fingerprint = feed_fingerprint(find_active_feed(secret))
    world.guest.chinese_name = "新名字"
    world.guest.save(update_fields=["chinese_name", "updated_at"])
    assert feed_fingerprint(find_active_feed(secret)) != fingerprint


def test_an_unchanged_feed_is_served_from_its_stored_body(client, world, feed_for, django_assert_num_queries):
    _, secret = feed_for("delegation")
    first = fetch(client, secret)
    with django_assert_num_queries(1):  # the token; nothing is built
        again = fetch(client, secret)
    assert again.status_code == 200 and again.content == first.content and again["ETag"] == first["ETag"]
    assert "Accept-Encoding" in again["Vary"]
    with django_assert_num_queries(1):
        zipped = fetch(client, secret, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip" and zipped["ETag"] == "W/" + first["ETag"]
    assert gzip.decompress(zipped.content) == first.content
    assert fetch(client, secret, HTTP_IF_NONE_MATCH=zipped["ETag"], HTTP_ACCEPT_ENCODING="gzip").status_code == 304
    meeting = ItineraryItem.objects.get(pk=world.meeting.pk)
    meeting.location_text, meeting.venue = "Room 101", None
    meeting.save()
    changed = fetch(client, secret, HTTP_ACCEPT_ENCODING="gzip")
    assert changed.status_code == 200 and b"LOCATION:Room 101" in gzip.decompress(changed.content)
    assert changed["ETag"] != zipped["ETag"]


def test_a_feed_of_an_event_without_a_version_row_still_works(client, world, feed_for):
    _, secret = feed_for("programme")
    CalendarVersion.objects.filter(event=world.event).delete()
    first = fetch(client, secret)
    assert first.status_code == 200 and version(world.event) == 0
    world.opening.title = {"en": "Opening, renamed"}
    world.opening.save()
    assert fetch(client, secret, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
