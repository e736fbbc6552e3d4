"""Itinerary items: times across zones, the calendar sequence, cancel-instead-of-delete, bad input."""
import datetime
import uuid

import pytest

from delegations.domain.items import delete_item
from delegations.models import ItineraryItem, Staff, Vehicle
from events.models import ProgrammeSession
from tests import factories
from tests.delegations.helpers import at, make_delegation, make_item, make_staff, make_vehicle

pytestmark = pytest.mark.django_db


def flight(**overrides):
    # KC 922 leaves Xiamen at 23:30 local time and lands in Almaty at 23:15 local time: the clock
    # reads earlier on landing, yet the flight lasts 1 h 45 min (Almaty is UTC+6 in 2023).
    body = {
        "kind": "departure",
        "title": {"en": "Flight KC922 to Almaty", "zh-hans": "KC922航班飞往阿拉木图", "ru": "Рейс KC922 в Алматы"},
        "start": "2023-11-02T23:30:00+08:00",
        "start_timezone": "Asia/Shanghai",
        "end": "2023-11-02T23:15:00+06:00",
        "end_timezone": "Asia/Almaty",
        "flight_number": "kc 922",
        "terminal": "T3",
        "status": "confirmed",
    }
    body.update(overrides)
    return body


def test_flight_landing_at_an_earlier_local_clock_time(protocol, base, event):
    response = protocol.post(f"{base}itinerary-items/", flight(), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    item = ItineraryItem.objects.get(pk=data["id"])
    assert item.end - item.start == datetime.timedelta(hours=1, minutes=45)
    assert data["flight_number"] == "KC 922"
    assert data["warnings"] == []
    # The merged itinerary shows each end on its own clock and both on the event's clock.
    guest = factories.make_guest(event)
    item.guests.add(guest)
    entry = protocol.get(f"{base}guests/{guest.pk}/itinerary/").json()["entries"][0]
    assert entry["start_local"] == "2023-11-02T23:30:00+08:00"
    assert entry["end_local"] == "2023-11-02T23:15:00+06:00"
    assert entry["start_event_time"] == "2023-11-02T23:30:00+08:00"
    assert entry["end_event_time"] == "2023-11-03T01:15:00+08:00"
    assert (entry["start_timezone"], entry["end_timezone"]) == ("Asia/Shanghai", "Asia/Almaty")


def test_end_before_start_is_compared_as_instants(protocol, base):
    # 10:00 in Almaty (04:00 UTC) to 11:30 in Shanghai (03:30 UTC): the clock goes forward, time goes back.
    body = flight(start="2023-11-02T10:00:00+06:00", start_timezone="Asia/Almaty",
                  end="2023-11-02T11:30:00+08:00", end_timezone="Asia/Shanghai")
    response = protocol.post(f"{base}itinerary-items/", body, format="json")
    assert response.status_code == 400
    assert "before it starts" in response.json()["end"][0]
    assert not ItineraryItem.objects.exists()


@pytest.mark.parametrize("field, value, message", [
    ("end_timezone", "Mars/Olympus_Mons", "not an IANA time zone"),
    ("start_timezone", "x" * 500, "not an IANA time zone"),
    ("start", "2023-11-02T23:30:00", "UTC offset"),
    ("end", "not a date", "Datetime has wrong format"),
    ("title", {"en": "a" * 501}, "limit is 500"),
    ("title", {"en": "nul\x00byte"}, "NUL"),
    ("title", {"xx": "Unknown"}, "Unknown language code"),
    ("kind", "picnic", "not a valid choice"),
    ("status", "maybe", "not a valid choice"),
    ("flight_number", "NOT A FLIGHT", "flight number"),
])
def test_bad_item_input_is_400_naming_the_field(protocol, base, field, value, message):
    response = protocol.post(f"{base}itinerary-items/", flight(**{field: value}), format="json")
    assert response.status_code == 400, response.content
    assert message in " ".join(response.json()[field])
    assert not ItineraryItem.objects.exists()


def test_other_events_objects_are_not_found(protocol, base, event, other_event):
    foreign_venue = factories.make_venue(other_event)
    foreign_guest = factories.make_guest(other_event)
    foreign_delegation = make_delegation(other_event)
    foreign_staff = make_staff(other_event)
    own_guest = factories.make_guest(event)
    for field, value in (("venue", foreign_venue.pk), ("guests", [own_guest.pk, foreign_guest.pk]),
                         ("delegation", foreign_delegation.pk), ("liaison_officer", foreign_staff.pk)):
        response = protocol.post(f"{base}itinerary-items/", flight(**{field: value}), format="json")
        assert response.status_code == 400, field
        assert "does not exist" in str(response.json()[field])
    assert not ItineraryItem.objects.exists()
    foreign_item = make_item(other_event)
    assert protocol.get(f"{base}itinerary-items/{foreign_item.pk}/").status_code == 404
    assert protocol.delete(f"{base}itinerary-items/{foreign_item.pk}/").status_code == 404
    assert ItineraryItem.objects.filter(pk=foreign_item.pk).exists()


def test_staff_must_have_the_matching_role(protocol, base, event):
    driver = make_staff(event, role=Staff.Role.DRIVER, full_name="Huang Gang")
    response = protocol.post(f"{base}itinerary-items/", flight(interpreter=driver.pk), format="json")
    assert response.status_code == 400
    assert response.json()["interpreter"] == [
        "Huang Gang is registered as driver; this needs someone registered as interpreter."]


def test_timezones_default_to_the_venue_then_the_start(protocol, base, event):
    venue = factories.make_venue(event, timezone="Asia/Almaty")
    body = flight(venue=venue.pk)
    del body["start_timezone"], body["end_timezone"]
    data = protocol.post(f"{base}itinerary-items/", body, format="json").json()
    assert data["start_timezone"] == data["end_timezone"] == "Asia/Almaty"


def test_sequence_bumps_on_calendar_changes_only(event, venue):
    item = make_item(event, status=ItineraryItem.Status.TENTATIVE)
    uid, changed_at = item.uid, item.calendar_changed_at
    assert item.sequence == 0
    item.internal_notes = "VIP: prefers tea"
    item.save()
    item.guests.add(factories.make_guest(event))
    item = ItineraryItem.objects.get(pk=item.pk)
    assert item.sequence == 0 and item.calendar_changed_at == changed_at  # irrelevant edits

    expected = 0
    for change in (
        {"start": item.start + datetime.timedelta(minutes=15)},
        {"end": item.end + datetime.timedelta(minutes=15)},
        {"end_timezone": "Asia/Almaty"},
        {"venue": venue},
        {"location_text": "Villa 5"},
        {"title": {"en": "Bilateral meeting"}},
        {"description": {"en": "Bring the gifts"}},
        {"status": ItineraryItem.Status.CONFIRMED},
        # what the description shows: the guest must notice a new flight, car or escort
        {"flight_number": "KC891"},
        {"terminal": "T2"},
        {"vehicle": make_vehicle(event)},
        {"liaison_officer": make_staff(event)},
    ):
        item = ItineraryItem.objects.get(pk=item.pk)
        for name, value in change.items():
            setattr(item, name, value)
        item.save()
        expected += 1
        item = ItineraryItem.objects.get(pk=item.pk)
        assert item.sequence == expected, change
    assert item.uid == uid
    assert item.calendar_changed_at > changed_at


def test_editing_what_an_item_shows_of_a_venue_person_car_or_delegation_bumps_it(event, venue):
    driver = make_staff(event, role=Staff.Role.DRIVER, full_name="Huang Gang")
    car = make_vehicle(event, driver=driver)
    liaison = make_staff(event)
    delegation = make_delegation(event)
    item = make_item(event, venue=venue, vehicle=car, liaison_officer=liaison, delegation=delegation)
    session = factories.make_session(event, venue=venue)
    elsewhere = make_item(event)  # shows none of them: never bumped

    def sequences():
        return (ItineraryItem.objects.get(pk=item.pk).sequence, ProgrammeSession.objects.get(pk=session.pk).sequence)

    for row, irrelevant in ((liaison, {"languages": "Kazakh"}), (car, {"capacity": 7}), (delegation, {"quota": 9}),
                            (driver, {"role": Staff.Role.DRIVER})):
        row = type(row).objects.get(pk=row.pk)
        for name, value in irrelevant.items():
            setattr(row, name, value)
        row.save()
    assert sequences() == (0, 0)

    changes = [(liaison, "phone", "+86 592 555 0101"), (driver, "full_name", "Huang Gang (senior)"), (car, "plate", "闽D·A8888"),
               (delegation, "name", "Delegation of Kazakhstan"), (venue, "name", {"en": "Hall B", "zh-hans": "B厅"})]
    for expected, (row, name, value) in enumerate(changes, start=1):
        row = type(row).objects.get(pk=row.pk)
        setattr(row, name, value)
        row.save()
        assert sequences()[0] == expected, name
    assert sequences() == (5, 1)  # the session shows the venue only
    make_staff(event, full_name="Unrelated").delete()
    ItineraryItem.objects.filter(pk=item.pk).update(liaison_officer=None)
    Staff.objects.get(pk=liaison.pk).delete()  # no longer shown on the item: nothing to bump
    assert sequences() == (5, 1)
    Staff.objects.get(pk=driver.pk).delete()  # shown as the car's driver: the item changes
    assert sequences() == (6, 1)
    Vehicle.objects.filter(pk=car.pk).delete()  # a bulk delete (the admin's "delete selected") as well
    assert sequences() == (7, 1)
    assert ItineraryItem.objects.get(pk=elsewhere.pk).sequence == 0


def test_sequence_through_the_api(protocol, base, event):
    data = protocol.post(f"{base}itinerary-items/", flight(), format="json").json()
    url = f"{base}itinerary-items/{data['id']}/"
    assert protocol.patch(url, {"internal_notes": "seat 2A"}, format="json").json()["sequence"] == 0
    assert protocol.patch(url, {"start": "2023-11-02T23:45:00+08:00"}, format="json").json()["sequence"] == 1
    # The same instant written with another offset is no change.
    assert protocol.patch(url, {"start": "2023-11-02T15:45:00Z"}, format="json").json()["sequence"] == 1
    assert protocol.patch(url, {"title": {"en": "Flight to Almaty"}}, format="json").json()["sequence"] == 2
    assert protocol.patch(url, {"terminal": "T4"}, format="json").json()["sequence"] == 3
    assert protocol.get(url).json()["uid"] == data["uid"]


def test_deleting_a_confirmed_item_cancels_it(protocol, base, event):
    item = make_item(event, status=ItineraryItem.Status.CONFIRMED)
    response = protocol.delete(f"{base}itinerary-items/{item.pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled" and response.json()["result"] == "cancelled"
    item.refresh_from_db()
    assert item.status == ItineraryItem.Status.CANCELLED and item.sequence == 1

    tentative = make_item(event, status=ItineraryItem.Status.TENTATIVE)
    assert protocol.delete(f"{base}itinerary-items/{tentative.pk}/").status_code == 204
    assert not ItineraryItem.objects.filter(pk=tentative.pk).exists()


def test_delete_item_domain(event):
    confirmed = make_item(event)
    assert delete_item(confirmed) == "cancelled"
    assert ItineraryItem.objects.get(pk=confirmed.pk).status == "cancelled"
    assert delete_item(make_item(event, status="tentative")) == "deleted"


def test_uids_are_unique_and_stable(event):
    items = [make_item(event) for _ in range(3)]
    assert len({i.uid for i in items}) == 3 and all(isinstance(i.uid, uuid.UUID) for i in items)


def test_writes_need_manage_delegations(viewer, as_role, base, event):
    assert viewer.get(f"{base}itinerary-items/").status_code == 200
    assert viewer.post(f"{base}itinerary-items/", flight(), format="json").status_code == 403
    assert as_role("registration").post(f"{base}itinerary-items/", flight(), format="json").status_code == 403
    assert as_role("checkin").get(f"{base}itinerary-items/").status_code == 403


def test_non_members_get_404(api, base):
    user = factories.make_user()
    api.credentials(HTTP_AUTHORIZATION="Token " + factories.token_for(user))
    assert api.get(f"{base}itinerary-items/").status_code == 404
    assert api.get(f"{base}conflicts/").status_code == 404


def test_vehicles_staff_hotels_crud(protocol, base, event, other_event):
    driver = protocol.post(f"{base}staff/", {"full_name": "Huang Gang", "chinese_name": "黄刚", "role": "driver",
                                             "phone": "+86 137 5920 3301"}, format="json")
    assert driver.status_code == 201, driver.json()
    vehicle = protocol.post(f"{base}vehicles/", {"plate": " 闽d·a8801 ", "capacity": 3, "driver": driver.json()["id"]}, format="json")
    assert vehicle.status_code == 201 and vehicle.json()["plate"] == "闽D·A8801"
    duplicate = protocol.post(f"{base}vehicles/", {"plate": "闽D·A8801", "capacity": 5}, format="json")
    assert duplicate.status_code == 400 and "plate" in duplicate.json()
    assert protocol.post(f"{base}vehicles/", {"plate": "X1", "capacity": 0}, format="json").status_code == 400
    liaison = make_staff(event)
    wrong = protocol.post(f"{base}vehicles/", {"plate": "X2", "capacity": 4, "driver": liaison.pk}, format="json")
    assert wrong.status_code == 400 and "registered as driver" in wrong.json()["driver"][0]

    hotel = protocol.post(f"{base}hotels/", {"name": {"en": "Seaside", "zh-hans": "海景"}, "latitude": "24.1"}, format="json")
    assert hotel.status_code == 400 and "longitude" in hotel.json()
    hotel = protocol.post(f"{base}hotels/", {"name": {"en": "Seaside", "zh-hans": "海景"}}, format="json").json()
    guest, roommate = factories.make_guest(event), factories.make_guest(event)
    stay = {"hotel": hotel["id"], "guest": guest.pk, "room_number": "1208", "check_in": "2023-10-31",
            "check_out": "2023-11-03", "shared_with": [roommate.pk]}
    assert protocol.post(f"{base}hotel-stays/", stay, format="json").status_code == 201
    bad = protocol.post(f"{base}hotel-stays/", {**stay, "check_out": "2023-10-30"}, format="json")
    assert bad.status_code == 400 and "check_out" in bad.json()
    bad = protocol.post(f"{base}hotel-stays/", {**stay, "shared_with": [factories.make_guest(other_event).pk]}, format="json")
    assert bad.status_code == 400 and "shared_with" in bad.json()

    organizer = factories.make_member(event, "protocol")
    staff = protocol.post(f"{base}staff/", {"role": "liaison", "user": organizer.username}, format="json")
    assert staff.status_code == 201 and staff.json()["full_name"] == organizer.username
    outsider = factories.make_user()
    staff = protocol.post(f"{base}staff/", {"role": "liaison", "user": outsider.username}, format="json")
    assert staff.status_code == 400
    assert staff.json()["user"] == [f"No organizer of this event has the username {outsider.username}."]
    staff = protocol.post(f"{base}staff/", {"role": "liaison", "user": "nobody-at-all"}, format="json")
    assert staff.json()["user"] == ["No organizer of this event has the username nobody-at-all."]
    delegate = factories.make_guest(event, category="delegate")
    staff = protocol.post(f"{base}staff/", {"role": "interpreter", "guest": delegate.pk}, format="json")
    assert staff.status_code == 400 and "guest" in staff.json()
    interpreter_guest = factories.make_guest(event, category="interpreter")
    staff = protocol.post(f"{base}staff/", {"role": "interpreter", "guest": interpreter_guest.pk}, format="json")
    assert staff.status_code == 201 and staff.json()["full_name"] == interpreter_guest.full_name


def test_delegation_staff_must_match_roles(protocol, base, event):
    driver = make_staff(event, role=Staff.Role.DRIVER)
    liaison = make_staff(event)
    response = protocol.post(f"{base}delegations/", {"name": "X", "country": "KZ", "liaison_officer": driver.pk}, format="json")
    assert response.status_code == 400 and "liaison_officer" in response.json()
    response = protocol.post(f"{base}delegations/", {"name": "X", "country": "ZZ"}, format="json")
    assert response.status_code == 400 and "country" in response.json()
    response = protocol.post(f"{base}delegations/", {"name": "X", "country": "KZ", "liaison_officer": liaison.pk,
                                                     "internal_notes": "𠮷 <script>alert(1)</script>"}, format="json")
    assert response.status_code == 201
    duplicate = protocol.post(f"{base}delegations/", {"name": "X", "country": "KG"}, format="json")
    assert duplicate.status_code == 400 and "name" in duplicate.json()


def test_deleting_a_delegation_with_active_items_is_refused(protocol, base, event):
    delegation = make_delegation(event)
    make_item(event, delegation=delegation)
    response = protocol.delete(f"{base}delegations/{delegation.pk}/")
    assert response.status_code == 409 and response.json()["code"] == "has_itinerary"


def test_vehicle_itinerary_and_staff_itinerary(protocol, base, event):
    driver = make_staff(event, role=Staff.Role.DRIVER)
    vehicle = make_vehicle(event, driver=driver)
    make_item(event, at(1, 9), vehicle=vehicle)
    make_item(event, at(1, 8), vehicle=vehicle, driver=make_staff(event, role=Staff.Role.DRIVER))
    assert [e["start"] for e in protocol.get(f"{base}vehicles/{vehicle.pk}/itinerary/").json()["entries"]] == [
        "2023-11-01T00:00:00+00:00", "2023-11-01T01:00:00+00:00"]
    # The vehicle's usual driver drives unless an item names another.
    assert protocol.get(f"{base}staff/{driver.pk}/itinerary/").json()["count"] == 1
