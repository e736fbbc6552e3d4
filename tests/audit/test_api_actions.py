"""Each kind of action through the API: exactly one entry, with the API token as actor, the
object, and the changed fields as before/after — sensitive ones only as "changed"."""
import pytest

from audit.models import ActorKind, AuditEntry
from tests import factories

from .conftest import BIRTH, PASSPORT, entries, only_entry, trail_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(event):
    return factories.make_member(event, "owner", username="li.wei")


@pytest.fixture
def client(officer):
    from tests.conftest import client_for

    return client_for(officer)


def url(event, tail):
    return f"/api/v1/events/{event.slug}/{tail}"


def test_creating_a_guest_is_one_entry_by_the_token_with_sensitive_fields_only_changed(client, event, officer):
    response = client.post(url(event, "guests/"), {
        "family_name": "Okafor", "given_name": "Chidi", "country": "NG", "passport_number": PASSPORT,
        "date_of_birth": BIRTH, "passport_expiry": "2031-01-01"}, format="json")
    assert response.status_code == 201, response.content
    entry = only_entry(action="guest.created")
    assert (entry.actor_kind, entry.event_id, entry.event_label) == (ActorKind.API_TOKEN, event.pk, str(event))
    assert entry.actor_label.startswith("li.wei · token ")
    assert entry.actor_id == str(officer.api_tokens.get().pk)
    assert (entry.object_type, entry.object_id, entry.object_label) == ("guest", response.json()["id"], "Chidi Okafor")
    assert entry.guest_id == response.json()["id"]
    assert entry.changes["family_name"] == [None, "Okafor"]
    assert entry.changes["passport_number"] == entry.changes["date_of_birth"] == "changed"
    assert entry.changes["passport_expiry"] == "changed"
    assert PASSPORT not in trail_text() and BIRTH not in trail_text() and "2031" not in trail_text()


def test_editing_a_guest_records_before_and_after(client, event, passport_guest):
    response = client.patch(url(event, f"guests/{passport_guest.pk}/"),
                            {"position": "Minister of Trade", "passport_number": "X9999999"}, format="json")
    assert response.status_code == 200, response.content
    entry = only_entry(action="guest.changed")
    assert entry.changes == {"position": [passport_guest.position, "Minister of Trade"], "passport_number": "changed"}
    assert "X9999999" not in trail_text() and PASSPORT not in trail_text()


def test_an_unchanged_edit_records_nothing(client, event, passport_guest):
    client.patch(url(event, f"guests/{passport_guest.pk}/"), {"family_name": passport_guest.family_name}, format="json")
    assert entries(action="guest.changed") == []


def test_a_status_change_and_the_badge_it_revokes_are_one_entry_each(client, event, zones_and_badge):
    badge = zones_and_badge
    response = client.post(url(event, f"guests/{badge.guest_id}/cancel/"))
    assert response.status_code == 200, response.content
    cancelled = only_entry(action="guest.cancelled")
    assert cancelled.changes == {"status": ["approved", "cancelled"]}
    revoked = only_entry(action="badge.revoked")
    assert (revoked.object_type, revoked.object_id, revoked.guest_id) == ("badge", badge.pk, badge.guest_id)
    assert revoked.actor_kind == cancelled.actor_kind == ActorKind.API_TOKEN
    assert revoked.changes == {"status": ["active", "revoked"]}


@pytest.fixture
def zones_and_badge(event):
    zone = factories.AccessZoneFactory(event=event, code="PLENARY")
    return factories.BadgeFactory(guest=factories.make_guest(event, status="approved"), zones=[zone])


def test_deleting_a_guest_leaves_an_entry_that_outlives_it(client, event, passport_guest):
    assert client.delete(url(event, f"guests/{passport_guest.pk}/")).status_code == 204
    entry = only_entry(action="guest.deleted")
    assert (entry.object_id, entry.object_label) == (passport_guest.pk, "Amina Diallo")
    event_pk = event.pk
    assert client.delete(url(event, f"?confirm={event.slug}")).status_code == 204
    assert AuditEntry.objects.filter(event_id=event_pk, action="guest.deleted").count() == 1
    assert only_entry(action="event.deleted").event_id == event_pk


def test_badge_reprint_and_revoke(client, event, zones_and_badge):
    badge = zones_and_badge
    assert client.post(url(event, f"badges/{badge.pk}/reprint/"), {"reason": "lost"}, format="json").status_code == 200
    assert only_entry(action="badge.reprinted").changes == {"version": [1, 2]}
    assert client.post(url(event, f"badges/{badge.pk}/revoke/"), {"reason": "stolen"}, format="json").status_code == 200
    assert only_entry(action="badge.revoked").details == {"reason": "stolen"}


def test_members_added_changed_removed(client, event):
    factories.make_user(username="zhang.min")
    response = client.post(url(event, "members/"), {"username": "zhang.min", "role": "viewer"}, format="json")
    assert response.status_code == 201, response.content
    added = only_entry(action="membership.added")
    assert added.changes["role"] == [None, "viewer"] and added.object_label == "zhang.min (viewer)"
    member = response.json()["id"]
    assert client.patch(url(event, f"members/{member}/"), {"role": "protocol"}, format="json").status_code == 200
    assert only_entry(action="membership.changed").changes == {"role": ["viewer", "protocol"]}
    assert client.delete(url(event, f"members/{member}/")).status_code == 204
    assert only_entry(action="membership.removed").object_id == member


def test_event_changes(client, event):
    response = client.patch(url(event, ""), {"transfer_buffer_minutes": 45}, format="json")
    assert response.status_code == 200, response.content
    entry = only_entry(action="event.changed")
    assert entry.changes["transfer_buffer_minutes"][1] == 45 and entry.object_type == "event"


def test_feed_tokens_are_recorded_without_the_token(client, event):
    delegation = factories.DelegationFactory(event=event)
    response = client.post(url(event, "feeds/"), {"scope": "delegation", "delegation": delegation.pk, "language": "en"},
                           format="json")
    assert response.status_code == 201, response.content
    feed = response.json()
    assert client.post(url(event, f"feeds/{feed['id']}/rotate/")).status_code == 200
    assert client.post(url(event, f"feeds/{feed['id']}/revoke/")).status_code == 200
    assert [e.action for e in entries(object_type="feedtoken")] == ["feed.issued", "feed.rotated", "feed.revoked"]
    assert only_entry(action="feed.issued").changes["token"] == "changed"
    text = trail_text()
    for value in (feed.get("url") or "", feed.get("token") or ""):
        assert not value or value.rsplit("/", 1)[-1].removesuffix(".ics") not in text


def test_a_response_showing_passport_data_is_one_entry_with_who_and_what(client, event, passport_guest, as_role):
    assert client.get(url(event, f"guests/{passport_guest.pk}/")).json()["passport_number"] == PASSPORT
    entry = only_entry(action="guest.passport_viewed")
    assert (entry.guest_id, entry.object_label, entry.details) == (
        passport_guest.pk, str(passport_guest), {"path": f"/api/v1/events/{event.slug}/guests/{passport_guest.pk}/"})
    assert entry.actor_kind == ActorKind.API_TOKEN
    client.get(url(event, "guests/"))
    assert len(entries(action="guest.passport_viewed")) == 1  # the list shows no passport data
    as_role("registration").get(url(event, f"guests/{passport_guest.pk}/"))  # masked: nothing recorded
    assert len(entries(action="guest.passport_viewed")) == 1
    assert PASSPORT not in trail_text() and BIRTH not in trail_text()
