"""Merged itineraries: what is in them, in what order, and how many queries they cost."""
import pytest

from delegations.domain.itineraries import (
    delegation_itinerary,
    guest_itinerary,
    staff_itinerary,
    vehicle_itinerary,
)
from delegations.models import Staff
from tests import factories
from tests.delegations.helpers import at, make_delegation, make_item, make_member, make_staff, make_vehicle

pytestmark = pytest.mark.django_db


def titles(entries):
    return [entry.title["en"] for entry in entries]


def test_guest_itinerary_merges_delegation_personal_and_session_entries(event, venue, other_event):
    delegation = make_delegation(event)
    guest = make_member(delegation, category="delegate")
    colleague = make_member(delegation, category="media")
    opening = factories.make_session(event, venue=venue, title={"en": "Opening ceremony"})  # 09:30
    banquet = factories.make_session(event, venue=venue, title={"en": "Banquet"}, start=at(1, 18), end=at(1, 20),
                                     invited_categories=["delegate"])
    factories.make_session(event, title={"en": "Not attended"}, start=at(2, 9), end=at(2, 10))
    delegation.sessions.add(opening, banquet)
    make_item(event, at(1, 8), delegation=delegation, title={"en": "Coach"})
    make_item(event, at(1, 11), guests=[guest], title={"en": "Bilateral"})
    make_item(event, at(1, 12), guests=[colleague], title={"en": "Interview"})
    make_item(event, at(1, 13), title={"en": "Someone else's lunch"}, guests=[factories.make_guest(event)])
    make_item(event, at(1, 14), guests=[guest], status="cancelled", title={"en": "Cancelled tea"})

    assert titles(guest_itinerary(guest)) == ["Coach", "Opening ceremony", "Bilateral", "Cancelled tea", "Banquet"]
    assert titles(guest_itinerary(guest, include_cancelled=False)) == ["Coach", "Opening ceremony", "Bilateral", "Banquet"]
    # The media colleague is not invited to the banquet.
    assert titles(guest_itinerary(colleague)) == ["Coach", "Opening ceremony", "Interview"]
    entries = guest_itinerary(guest)
    session_entry = entries[1]
    assert session_entry.source == "session" and session_entry.status == "confirmed"
    assert session_entry.kind == "programme_session" and session_entry.venue == venue
    assert session_entry.start_timezone == venue.timezone and session_entry.uid == opening.uid
    assert entries[0].source == "item" and entries[0].status == "confirmed"


def test_a_session_with_its_own_item_appears_once(event, venue):
    delegation = make_delegation(event)
    guest = make_member(delegation)
    session = factories.make_session(event, venue=venue)
    delegation.sessions.add(session)
    make_item(event, session.start, session.end, delegation=delegation, programme_session=session,
              kind="programme_session", title={"en": "Opening (with interpreter)"})
    assert titles(guest_itinerary(guest)) == ["Opening (with interpreter)"]


def test_delegation_itinerary_includes_members_items(event):
    delegation = make_delegation(event)
    head = make_member(delegation)
    make_item(event, at(1, 9), delegation=delegation, title={"en": "Coach"})
    make_item(event, at(1, 11), guests=[head], title={"en": "Head's bilateral"})
    make_item(event, at(1, 12), guests=[factories.make_guest(event)], title={"en": "Other"})
    assert titles(delegation_itinerary(delegation)) == ["Coach", "Head's bilateral"]


def test_staff_and_vehicle_itineraries(event):
    liaison = make_staff(event)
    interpreter = make_staff(event, role=Staff.Role.INTERPRETER)
    driver = make_staff(event, role=Staff.Role.DRIVER)
    vehicle = make_vehicle(event, driver=driver)
    make_item(event, at(1, 9), liaison_officer=liaison, title={"en": "A"})
    make_item(event, at(1, 10), interpreter=interpreter, liaison_officer=liaison, title={"en": "B"})
    make_item(event, at(1, 11), vehicle=vehicle, title={"en": "C"})
    assert titles(staff_itinerary(liaison)) == ["A", "B"]
    assert titles(staff_itinerary(interpreter)) == ["B"]
    assert titles(staff_itinerary(driver)) == ["C"]
    assert titles(vehicle_itinerary(vehicle)) == ["C"]
    assert vehicle_itinerary(vehicle)[0].driver == driver


def _guest_with_items(event, count):
    delegation = make_delegation(event)
    guest = make_member(delegation)
    venue = factories.make_venue(event)
    staff = make_staff(event)
    vehicle = make_vehicle(event, driver=make_staff(event, role=Staff.Role.DRIVER))
    sessions = [factories.make_session(event, venue=venue, start=at(2, 8), end=at(2, 9)) for _ in range(2)]
    delegation.sessions.add(*sessions)
    for index in range(count):
        kwargs = {"delegation": delegation} if index % 2 else {"guests": [guest]}
        make_item(event, at(1, 0, index), venue=venue, liaison_officer=staff, vehicle=vehicle, **kwargs)
    return guest


@pytest.mark.parametrize("count", [5, 50])
def test_guest_itinerary_runs_a_constant_number_of_queries(event, count, django_assert_max_num_queries):
    guest = _guest_with_items(event, count)
    guest = type(guest).objects.get(pk=guest.pk)
    with django_assert_max_num_queries(3):  # the event, the items (with everything joined), the sessions
        entries = guest_itinerary(guest)
        assert len(entries) == count + 2
        # Reading what a calendar or the booklet reads costs nothing more.
        for entry in entries:
            _ = (entry.venue, entry.vehicle, entry.driver, entry.liaison_officer, entry.title, entry.local_start)


@pytest.mark.parametrize("count", [5, 50])
def test_guest_itinerary_endpoint_runs_a_constant_number_of_queries(protocol, base, event, count,
                                                                     django_assert_max_num_queries):
    guest = _guest_with_items(event, count)
    protocol.get(f"{base}guests/{guest.pk}/itinerary/")  # warm the token lookup path
    with django_assert_max_num_queries(8):
        response = protocol.get(f"{base}guests/{guest.pk}/itinerary/")
    assert response.status_code == 200 and response.json()["count"] == count + 2


@pytest.mark.parametrize("count", [5, 50])
def test_delegation_staff_vehicle_itineraries_constant_queries(event, count, django_assert_max_num_queries):
    guest = _guest_with_items(event, count)
    delegation = guest.delegation
    item = delegation.itinerary_items.select_related("liaison_officer", "vehicle").first()
    for function, subject in ((delegation_itinerary, delegation), (staff_itinerary, item.liaison_officer),
                              (vehicle_itinerary, item.vehicle)):
        subject = type(subject).objects.get(pk=subject.pk)
        with django_assert_max_num_queries(3):
            assert function(subject)


def test_itinerary_api_shape_and_language(protocol, base, event, venue):
    delegation = make_delegation(event)
    guest = make_member(delegation)
    make_item(event, at(1, 9), delegation=delegation, venue=venue, internal_notes="secret: VIP entrance",
              title={"en": "Visit", "zh-hans": "参观", "ru": "Визит"})
    data = protocol.get(f"{base}delegations/{delegation.pk}/itinerary/?lang=ru").json()
    assert data["event_timezone"] == "Asia/Shanghai" and data["count"] == 1
    [entry] = data["entries"]
    assert entry["display_title"] == "Визит" and entry["venue"]["id"] == venue.pk
    assert "secret" not in str(data) and "internal_notes" not in entry
    assert protocol.get(f"{base}guests/{guest.pk}/itinerary/?lang=zh").json()["entries"][0]["display_title"] == "参观"
    assert protocol.get(f"{base}guests/999999/itinerary/").status_code == 404
