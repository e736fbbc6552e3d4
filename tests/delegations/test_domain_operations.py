"""Delegation operations announce themselves after commit; the check run on every item save reads
only the guests around that item."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegations.domain import conflicts, delegations, items, logistics, membership, signals
from delegations.models import Delegation, ItineraryItem, Vehicle
from tests import factories
from tests.delegations.helpers import at, make_delegation, make_item
from tests.helpers.signals import received

pytestmark = pytest.mark.django_db


def test_delegation_life_is_announced(event, django_capture_on_commit_callbacks):
    user = factories.make_user()
    guest = factories.make_guest(event)
    with received(signals.delegation_changed) as changed, received(signals.member_changed) as members, \
            django_capture_on_commit_callbacks(execute=True):
        delegation = delegations.create_delegation(event, {"name": "Kazakhstan", "country": "KZ"}, by=user)
        membership.add_member(delegation, guest, by=user)
        delegations.update_delegation(delegation, {"quota": 5}, by=user)
        membership.remove_member(delegation, guest, by=user)
        delegations.delete_delegation(delegation, by=user)
    assert [(c["action"], c["fields"], c["by"]) for c in changed] == [
        ("created", ["country", "name"], user), ("changed", ["quota"], user), ("deleted", [], user)]
    assert [(c["guest_id"], c["action"]) for c in members] == [(guest.pk, "added"), (guest.pk, "removed")]
    assert not Delegation.objects.filter(event=event).exists()


def test_a_delegation_with_a_schedule_is_not_deleted(event):
    delegation = make_delegation(event)
    make_item(event, delegation=delegation)
    with pytest.raises(items.DelegationRuleError) as refused:
        delegations.delete_delegation(delegation)
    assert refused.value.code == "has_itinerary" and refused.value.status == 409
    assert Delegation.objects.filter(pk=delegation.pk).exists()


def test_item_operations_are_announced(event, django_capture_on_commit_callbacks):
    with received(signals.itinerary_item_changed) as calls, django_capture_on_commit_callbacks(execute=True):
        item = items.save_item(event, {"title": {"en": "Talks"}, "start": at(1, 9), "end": at(1, 10)})
        items.move_item(item, start=at(1, 11), end=at(1, 12))
        items.cancel_item(item)
        items.delete_item(item)
    assert [(c["action"], c["fields"]) for c in calls] == [
        ("created", ["end", "end_timezone", "start", "start_timezone", "title"]), ("changed", ["end", "start"]),
        ("cancelled", ["status"]), ("deleted", [])]
    assert not ItineraryItem.objects.filter(pk=item.pk).exists()


def test_logistics_are_announced(event, django_capture_on_commit_callbacks):
    with received(signals.logistics_changed) as calls, django_capture_on_commit_callbacks(execute=True):
        vehicle = logistics.create_record(Vehicle, {"plate": "闽D 1", "capacity": 4}, event=event)
        logistics.update_record(vehicle, {"capacity": 6})
        logistics.delete_record(vehicle)
    assert [(c["action"], c["fields"]) for c in calls] == [("created", ["capacity", "plate"]), ("changed", ["capacity"]),
                                                           ("deleted", [])]


def test_the_check_of_one_item_reads_only_the_guests_around_it(event):
    guest = factories.make_guest(event)
    for _ in range(5):
        factories.make_guest(event)  # elsewhere: not read
    item = make_item(event, guests=[guest])
    with CaptureQueriesContext(connection) as queries:
        conflicts.conflicts_for_item(item)
    guest_reads = [q["sql"] for q in queries.captured_queries
                   if 'FROM "events_guest"' in q["sql"] and '"arrival_time"' in q["sql"]]
    assert len(guest_reads) == 1
    assert " IN " in guest_reads[0]  # limited to the item's people, not every guest of the event


def test_the_admin_saves_items_and_delegations_through_the_operations(client, event, django_capture_on_commit_callbacks):
    user = factories.make_member(event, "protocol", is_staff=True)
    client.force_login(user)
    guest = factories.make_guest(event)
    form = {"event": event.pk, "kind": "meeting", "status": "confirmed", "title": '{"en": "Talk"}', "description": "{}",
            "start_0": "2023-11-01", "start_1": "10:00:00", "end_0": "2023-11-01", "end_1": "11:00:00",
            "start_timezone": "Asia/Shanghai", "end_timezone": "Asia/Shanghai", "guests": [guest.pk]}
    with received(signals.itinerary_item_changed) as item_calls, received(signals.delegation_changed) as calls, \
            django_capture_on_commit_callbacks(execute=True):
        assert client.post("/admin/delegations/itineraryitem/add/", form).status_code == 302
        assert client.post("/admin/delegations/delegation/add/", {
            "event": event.pk, "name": "Uzbekistan", "country": "UZ", "kind": "government",
            "public_notes": "", "internal_notes": ""}).status_code == 302
    item = ItineraryItem.objects.get()
    assert [(c["item"].pk, c["action"], c["by"]) for c in item_calls] == [(item.pk, "created", user)]
    assert list(item.guests.all()) == [guest]
    assert [(c["delegation"].name, c["action"], c["by"]) for c in calls] == [("Uzbekistan", "created", user)]


def test_the_admin_orders_by_precedence_on_the_list_only(client, event, rf):
    from django.contrib import admin

    user = factories.make_member(event, "protocol", is_staff=True)
    make_delegation(event, name="Uzbekistan", country="UZ")
    make_delegation(event, name="Kazakhstan", country="KZ")
    request = rf.get("/admin/delegations/delegation/")
    request.user = user
    queryset = admin.site.get_model_admin(Delegation).get_queryset(request)
    assert "precedence_position" not in queryset.query.annotations  # not on change, delete or autocomplete pages
    client.force_login(user)
    page = client.get("/admin/delegations/delegation/").content.decode()
    assert page.index("Kazakhstan") < page.index("Uzbekistan")
