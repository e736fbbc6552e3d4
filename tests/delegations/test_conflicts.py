"""Every kind of clash, that cancelled items never clash, and where the warnings show up."""
import datetime

import pytest
from django.utils import translation

from delegations.domain.conflicts import (
    AFTER_DEPARTURE,
    BEFORE_ARRIVAL,
    OUTSIDE_EVENT,
    OVERLAP,
    TRANSFER_TIME,
    VEHICLE_CAPACITY,
    conflicts_for_delegation,
    conflicts_for_guest,
    event_conflicts,
)
from delegations.models import ItineraryItem, Staff
from tests import factories
from tests.delegations.helpers import at, make_delegation, make_item, make_member, make_staff, make_vehicle

pytestmark = pytest.mark.django_db


def codes(event):
    return [clash.code for clash in event_conflicts(event)]


def test_no_conflicts_in_a_clean_schedule(event, venue):
    guest = factories.make_guest(event)
    make_item(event, at(1, 9), at(1, 10), guests=[guest], venue=venue)
    make_item(event, at(1, 10), at(1, 11), guests=[guest], venue=venue)  # back to back, same place
    make_item(event, at(1, 11, 30), at(1, 12), guests=[guest], location_text="Villa 5")  # 30 min = the buffer
    assert event_conflicts(event) == []


def test_guest_overlap_through_delegation_and_personal_items(event):
    delegation = make_delegation(event)
    head = make_member(delegation, given_name="Aidos", family_name="NURLANULY")
    make_member(delegation)
    plenary = make_item(event, at(1, 9, 30), at(1, 10, 30), delegation=delegation,
                        title={"en": "Opening ceremony"})
    bilateral = make_item(event, at(1, 10), at(1, 10, 40), guests=[head], title={"en": "Bilateral"})
    [clash] = event_conflicts(event)
    assert clash.code == OVERLAP
    assert clash.items == sorted([plenary.pk, bilateral.pk]) and clash.guests == [head.pk]
    assert clash.message.startswith("Aidos NURLANULY is booked into “Opening ceremony” (2023-11-01 09:30–10:30)")
    assert conflicts_for_guest(head) == [clash]
    assert conflicts_for_delegation(delegation) == [clash]


def test_clash_reasons_are_written_in_the_reader_s_language(event):
    delegation = make_delegation(event)
    first = make_member(delegation, given_name="Aidos", family_name="NURLANULY")
    second = make_member(delegation, given_name="Li", family_name="Na")
    make_item(event, at(1, 9), at(1, 10), delegation=delegation, title={"en": "Opening ceremony", "zh-hans": "开幕式"})
    make_item(event, at(1, 9, 30), at(1, 11), delegation=delegation, title={"en": "Plenary", "zh-hans": "全体会议"})
    with translation.override("zh-hans"):
        [clash] = event_conflicts(event)
    assert clash.message == (f"{first.given_name} {first.family_name}、{second.given_name} {second.family_name}"
                             "同时被安排在“开幕式”（2023-11-01 09:00–10:00）和“全体会议”（2023-11-01 09:30–11:00），两者时间重叠。")
    with translation.override("en"):
        [clash] = event_conflicts(event)
    assert clash.message.startswith("Aidos NURLANULY, Li Na are booked into “Opening ceremony” (2023-11-01 09:00–10:00)")


def test_overlap_of_delegation_items_is_one_clash_naming_every_member(event):
    delegation = make_delegation(event)
    members = [make_member(delegation) for _ in range(3)]
    make_item(event, at(1, 9), at(1, 10), delegation=delegation)
    make_item(event, at(1, 9, 30), at(1, 11), delegation=delegation)
    [clash] = event_conflicts(event)
    assert clash.guests == [m.pk for m in members] and " are booked " in clash.message


def test_staff_and_vehicle_overlaps(event):
    interpreter = make_staff(event, role=Staff.Role.INTERPRETER, full_name="Li Na")
    driver = make_staff(event, role=Staff.Role.DRIVER, full_name="Huang Gang")
    vehicle = make_vehicle(event, plate="闽D·A8801", driver=driver)
    make_item(event, at(1, 9), at(1, 10), interpreter=interpreter)
    make_item(event, at(1, 9, 45), at(1, 10, 30), interpreter=interpreter)
    make_item(event, at(2, 9), at(2, 10), vehicle=vehicle)
    make_item(event, at(2, 9, 30), at(2, 10, 30), vehicle=vehicle)
    clashes = event_conflicts(event)
    assert [c.code for c in clashes] == [OVERLAP, OVERLAP]
    assert clashes[0].staff == [interpreter.pk] and "Li Na is booked" in clashes[0].message
    # The vehicle's driver is booked twice as well, so that clash names the driver and the car.
    assert clashes[1].vehicles == [vehicle.pk] and clashes[1].staff == [driver.pk]
    assert "vehicle 闽D·A8801" in clashes[1].message and "Huang Gang" in clashes[1].message


def test_transfer_time(event, venue):
    event.transfer_buffer_minutes = 45
    event.save()
    guest = factories.make_guest(event)
    make_item(event, at(1, 9), at(1, 10), guests=[guest], venue=venue)
    make_item(event, at(1, 10, 30), at(1, 11), guests=[guest], location_text="State Guesthouse, Villa 5")
    [clash] = event_conflicts(event)
    assert clash.code == TRANSFER_TIME and "only 30 min" in clash.message and "45 min" in clash.message
    # The same place, or a transfer item in between, is fine.
    ItineraryItem.objects.filter(location_text__startswith="State").update(location_text="", venue=venue)
    assert event_conflicts(event) == []


def test_a_transfer_item_is_the_journey(event, venue):
    guest = factories.make_guest(event)
    make_item(event, at(1, 9), at(1, 10), guests=[guest], venue=venue)
    make_item(event, at(1, 10), at(1, 10, 30), guests=[guest], kind="transfer", location_text="Villa 5")
    make_item(event, at(1, 10, 30), at(1, 11), guests=[guest], location_text="Villa 5")
    assert event_conflicts(event) == []


def test_vehicle_capacity(event):
    vehicle = make_vehicle(event, capacity=3)
    delegation = make_delegation(event)
    for _ in range(3):
        make_member(delegation)
    liaison = make_staff(event)
    item = make_item(event, vehicle=vehicle, delegation=delegation, liaison_officer=liaison)
    [clash] = event_conflicts(event)
    assert clash.code == VEHICLE_CAPACITY and clash.items == [item.pk] and clash.vehicles == [vehicle.pk]
    assert "3 seats" in clash.message and "4 people" in clash.message
    vehicle.capacity = 4
    vehicle.save()
    assert event_conflicts(event) == []


def test_before_arrival_and_after_departure(event):
    guest = factories.make_guest(event, arrival_time=at(1, 14), departure_time=at(2, 18), given_name="Bakyt",
                                 family_name="ASANOV")
    arrival = make_item(event, at(1, 8, 0), at(1, 14), guests=[guest], kind="arrival")  # the flight itself is fine
    early = make_item(event, at(1, 7), at(1, 7, 30), guests=[guest])
    late = make_item(event, at(2, 17, 30), at(2, 19), guests=[guest], location_text="Theatre")
    departure = make_item(event, at(2, 18), at(2, 22), guests=[guest], kind="departure")
    clashes = event_conflicts(event)
    by_code = {c.code: c for c in clashes}
    assert by_code[BEFORE_ARRIVAL].items == [early.pk] and "before arriving at 2023-11-01 14:00" in by_code[BEFORE_ARRIVAL].message
    assert by_code[AFTER_DEPARTURE].items == [late.pk]
    # …and the theatre overlaps the departure flight.
    assert by_code[OVERLAP].items == sorted([late.pk, departure.pk])
    assert arrival.pk not in {pk for c in clashes for pk in c.items}


def test_outside_the_event_dates_in_the_event_timezone(event):
    # The event runs 31 October – 3 November on Shanghai time.
    make_item(event, at(30, 23, 30, month=10), at(31, 0, 30, month=10))
    inside = make_item(event, at(3, 23), at(3, 23, 59))
    # 22:30 UTC on 3 November is already 4 November in Shanghai.
    after = make_item(event, datetime.datetime(2023, 11, 3, 22, 30, tzinfo=datetime.UTC),
                      datetime.datetime(2023, 11, 3, 23, 0, tzinfo=datetime.UTC))
    clashes = event_conflicts(event)
    assert [c.code for c in clashes] == [OUTSIDE_EVENT, OUTSIDE_EVENT]
    assert after.pk in clashes[1].items and inside.pk not in {pk for c in clashes for pk in c.items}


def test_sessions_a_delegation_attends_can_clash(event, venue):
    session = factories.make_session(event, venue=venue)  # 09:30–10:30
    delegation = make_delegation(event)
    guest = make_member(delegation)
    delegation.sessions.add(session)
    make_item(event, at(1, 10), at(1, 11), guests=[guest], venue=venue)
    [clash] = event_conflicts(event)
    assert clash.code == OVERLAP and clash.sessions == [session.pk]
    session.is_cancelled = True
    session.save()
    assert event_conflicts(event) == []


def test_cancelled_items_never_conflict(event):
    vehicle = make_vehicle(event, capacity=1)
    guests = [factories.make_guest(event, arrival_time=at(2, 9)) for _ in range(3)]
    make_item(event, at(1, 9), at(1, 10), guests=guests, vehicle=vehicle, status="cancelled")
    make_item(event, at(1, 9), at(1, 10), guests=guests, status="cancelled", location_text="Elsewhere")
    make_item(event, at(10, 9), at(10, 10), status="cancelled")
    assert event_conflicts(event) == []


def test_api_conflicts_endpoints_and_warnings_on_save(protocol, base, event, venue):
    delegation = make_delegation(event)
    guest = make_member(delegation)
    make_item(event, at(1, 9), at(1, 10), delegation=delegation, venue=venue)
    body = {"title": {"en": "Bilateral"}, "start": "2023-11-01T09:30:00+08:00", "end": "2023-11-01T10:30:00+08:00",
            "guests": [guest.pk], "status": "confirmed"}
    response = protocol.post(f"{base}itinerary-items/", body, format="json")
    assert response.status_code == 201  # a warning, not an error
    [warning] = response.json()["warnings"]
    assert warning["code"] == "overlap" and warning["severity"] == "warning" and warning["guests"] == [guest.pk]
    item_id = response.json()["id"]

    everything = protocol.get(f"{base}conflicts/").json()
    assert everything["count"] == 1
    assert protocol.get(f"{base}conflicts/?code=overlap").json()["count"] == 1
    assert protocol.get(f"{base}conflicts/?code=vehicle_capacity").json()["count"] == 0
    assert protocol.get(f"{base}conflicts/?code=nonsense").status_code == 400
    assert protocol.get(f"{base}conflicts/?delegation={delegation.pk}").json()["count"] == 1
    assert protocol.get(f"{base}conflicts/?guest={guest.pk}").json()["count"] == 1
    assert protocol.get(f"{base}conflicts/?guest=abc").status_code == 400
    assert protocol.get(f"{base}delegations/{delegation.pk}/conflicts/").json()["count"] == 1
    assert protocol.get(f"{base}guests/{guest.pk}/conflicts/").json()["count"] == 1
    assert protocol.get(f"{base}itinerary-items/{item_id}/conflicts/").json()["count"] == 1

    # Cancelling (deleting a confirmed item) clears the clash.
    assert protocol.delete(f"{base}itinerary-items/{item_id}/").status_code == 200
    assert protocol.get(f"{base}conflicts/").json()["count"] == 0


def test_conflicts_of_another_event_are_not_visible(protocol, base, other_event):
    guest = factories.make_guest(other_event)
    make_item(other_event, at(1, 9), at(1, 10), guests=[guest])
    make_item(other_event, at(1, 9), at(1, 10), guests=[guest])
    assert protocol.get(f"{base}conflicts/").json()["count"] == 0
    assert protocol.get(f"{base}conflicts/?guest={guest.pk}").status_code == 400
    assert protocol.get(f"{base}guests/{guest.pk}/conflicts/").status_code == 404


def test_event_conflicts_runs_a_fixed_number_of_queries(event, django_assert_max_num_queries):
    delegation = make_delegation(event)
    guests = [make_member(delegation) for _ in range(5)]
    vehicle = make_vehicle(event)
    for hour in range(8, 20):
        make_item(event, at(1, hour), at(1, hour, 50), guests=guests[:2], vehicle=vehicle, delegation=delegation,
                  liaison_officer=make_staff(event))
    with django_assert_max_num_queries(6):
        assert event_conflicts(event) == []


def test_the_check_for_one_item_agrees_with_the_whole_event(event, venue):
    """The fast per-item check (run on every save) finds exactly the event-wide clashes of that item."""
    import random

    rng = random.Random(3)
    event.transfer_buffer_minutes = 20
    event.save()
    delegations = [make_delegation(event, name=f"D{i}") for i in range(3)]
    guests = [make_member(d, arrival_time=at(1, 8), departure_time=at(2, 20)) for d in delegations for _ in range(3)]
    staff = [make_staff(event, role=role) for role in (Staff.Role.LIAISON, Staff.Role.INTERPRETER, Staff.Role.DRIVER)]
    vehicles = [make_vehicle(event, capacity=rng.choice([2, 4]), driver=staff[2]) for _ in range(2)]
    session = factories.make_session(event, venue=venue, start=at(1, 10), end=at(1, 11))
    delegations[0].sessions.add(session)
    places = [{"venue": venue}, {"location_text": "Villa 5"}, {"location_text": "Port"}, {}]
    items = []
    for _ in range(60):
        start = at(31, 6, month=10) + datetime.timedelta(minutes=15 * rng.randrange(4 * 24 * 5))
        items.append(make_item(
            event, start, start + datetime.timedelta(minutes=rng.choice([0, 15, 45, 90])),
            guests=rng.sample(guests, rng.randrange(3)), delegation=rng.choice(delegations + [None, None]),
            liaison_officer=rng.choice([staff[0], None]), interpreter=rng.choice([staff[1], None]),
            vehicle=rng.choice(vehicles + [None]), kind=rng.choice(["meeting", "meeting", "transfer"]),
            status=rng.choice(["confirmed", "confirmed", "tentative", "cancelled"]), **rng.choice(places),
        ))
    everything = event_conflicts(event)
    assert {c.code for c in everything} >= {OVERLAP, TRANSFER_TIME, VEHICLE_CAPACITY, BEFORE_ARRIVAL, AFTER_DEPARTURE,
                                            OUTSIDE_EVENT}
    for item in items:
        expected = [c.as_dict() for c in everything if item.pk in c.items]
        assert [c.as_dict() for c in event_conflicts(event, item=item)] == expected, item.pk
