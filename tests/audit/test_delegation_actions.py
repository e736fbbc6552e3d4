"""Delegations, their members, itinerary items and logistics through the API: one entry per action,
by the API token, with the changed fields."""
import pytest

from audit.models import ActorKind
from tests import factories

from .conftest import only_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(event):
    from tests.conftest import client_for

    return client_for(factories.make_member(event, "owner", username="wang.lei"))


def url(event, tail):
    return f"/api/v1/events/{event.slug}/{tail}"


def test_a_delegation_its_member_and_its_changes(client, event):
    created = client.post(url(event, "delegations/"), {"name": "Delegation of Kazakhstan", "country": "KZ"}, format="json")
    assert created.status_code == 201, created.content
    delegation = created.json()["id"]
    entry = only_entry(action="delegation.created")
    assert (entry.object_id, entry.actor_kind, entry.changes["name"]) == (
        delegation, ActorKind.API_TOKEN, [None, "Delegation of Kazakhstan"])
    assert client.patch(url(event, f"delegations/{delegation}/"), {"quota": 6}, format="json").status_code == 200
    assert only_entry(action="delegation.changed").changes == {"quota": [None, 6]}
    guest = factories.make_guest(event, family_name="ABENOV")
    added = client.post(url(event, f"delegations/{delegation}/members/"), {"guest": guest.pk}, format="json")
    assert added.status_code in (200, 201), added.content
    member = only_entry(action="delegation.member_added")
    assert (member.object_type, member.guest_id) == ("guest", guest.pk)


def test_an_itinerary_item_created_changed_and_deleted(client, event):
    session = factories.make_session(event)
    body = {"kind": "meeting", "title": {"en": "Bilateral meeting"}, "start": session.start.isoformat(),
            "end": session.end.isoformat(), "start_timezone": "Asia/Shanghai", "end_timezone": "Asia/Shanghai"}
    created = client.post(url(event, "itinerary-items/"), body, format="json")
    assert created.status_code == 201, created.content
    item = created.json()["id"]
    assert only_entry(action="item.created").object_id == item
    assert client.patch(url(event, f"itinerary-items/{item}/"), {"location_text": "Room 3"}, format="json").status_code == 200
    assert only_entry(action="item.changed").changes == {"location_text": ["", "Room 3"]}
    assert client.delete(url(event, f"itinerary-items/{item}/")).status_code == 204
    assert only_entry(action="item.deleted").object_id == item


def test_staff_and_vehicles(client, event):
    staff = client.post(url(event, "staff/"), {"full_name": "Liu Yang 刘洋", "role": "liaison"}, format="json")
    assert staff.status_code == 201, staff.content
    assert only_entry(action="staff.created").changes["full_name"] == [None, "Liu Yang 刘洋"]
    car = client.post(url(event, "vehicles/"), {"plate": "闽D·A8801", "capacity": 3}, format="json")
    assert car.status_code == 201, car.content
    assert client.patch(url(event, f"vehicles/{car.json()['id']}/"), {"capacity": 4}, format="json").status_code == 200
    assert only_entry(action="vehicle.changed").changes == {"capacity": [3, 4]}
