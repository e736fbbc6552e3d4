"""Deleting an event tells its calendars once, not once per row it takes with it."""
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.calendar import mark_calendar_changed, one_calendar_change
from events.domain.deletion import delete_event, delete_guests
from events.models import Event
from feeds.models import CalendarVersion
from tests import factories

pytestmark = pytest.mark.django_db


def _event_with_items(count):
    event = factories.make_event()
    venue = factories.make_venue(event)
    delegation = factories.DelegationFactory(event=event)
    driver = factories.StaffFactory(event=event, role="driver")
    vehicle = factories.VehicleFactory(event=event, driver=driver)
    officer = factories.StaffFactory(event=event)
    guest = factories.make_guest(event, delegation=delegation)
    for _ in range(count):
        item = factories.ItineraryItemFactory(event=event, venue=venue, delegation=delegation, vehicle=vehicle,
                                              driver=driver, liaison_officer=officer)
        item.guests.add(guest)
    factories.make_session(event, venue=venue)
    return event


def _deletion_queries(event):
    with CaptureQueriesContext(connection) as queries:
        delete_event(event, confirm=event.slug)
    return [q["sql"] for q in queries.captured_queries]


def _updates_of(sql, table):
    return [q for q in sql if q.startswith(f'UPDATE "{table}"')]


def test_deleting_an_event_with_50_items_updates_its_calendar_version_once():
    event = _event_with_items(50)
    other = factories.make_event()
    other_version = CalendarVersion.objects.get(event=other).version
    sql = _deletion_queries(event)
    assert len(_updates_of(sql, "feeds_calendarversion")) == 1
    # Nor are the entries that are about to go marked changed one venue, car or person at a time.
    bumps = [q for q in sql if q.startswith("UPDATE") and '"sequence" = ' in q]
    assert bumps == []
    assert not Event.objects.filter(pk=event.pk).exists()
    assert not CalendarVersion.objects.filter(event_id=event.pk).exists()
    assert CalendarVersion.objects.get(event=other).version == other_version


def test_the_deletion_costs_the_same_queries_for_5_items_as_for_50():
    assert len(_deletion_queries(_event_with_items(5))) == len(_deletion_queries(_event_with_items(50)))


def test_deleting_guests_advances_the_calendar_version_once():
    event = _event_with_items(2)
    guests = [factories.make_guest(event) for _ in range(4)]
    owner = factories.make_member(event, "owner")
    before = CalendarVersion.objects.get(event=event).version
    with CaptureQueriesContext(connection) as queries:
        delete_guests(guests, by=owner)
    assert len(_updates_of([q["sql"] for q in queries.captured_queries], "feeds_calendarversion")) == 1
    assert CalendarVersion.objects.get(event=event).version == before + 1


def test_a_block_that_raises_counts_no_change_and_nested_blocks_count_once():
    event = factories.make_event()
    before = CalendarVersion.objects.get(event=event).version
    with pytest.raises(RuntimeError), transaction.atomic(), one_calendar_change():
        mark_calendar_changed(event.pk)
        raise RuntimeError
    assert CalendarVersion.objects.get(event=event).version == before
    with transaction.atomic(), one_calendar_change():
        with one_calendar_change():
            mark_calendar_changed(event.pk)
        mark_calendar_changed(event.pk)
    assert CalendarVersion.objects.get(event=event).version == before + 1
