"""Merged itineraries: everything one guest, delegation, staff member or vehicle has to be at,
in chronological order, from itinerary items and the programme sessions a delegation attends.

Each function runs a fixed number of SQL queries, however many items there are. Cancelled
entries are included (calendar feeds must announce cancellations); pass
``include_cancelled=False`` to drop them."""
from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from events.models import Event, Guest, ProgrammeSession

from ..models import Delegation, ItineraryItem, Staff, Vehicle

ITEM_RELATED = ("venue", "vehicle", "vehicle__driver", "liaison_officer", "interpreter", "driver", "delegation")


@dataclass(frozen=True)
class ItineraryEntry:
    source: str  # "item" | "session"
    obj: Any  # the ItineraryItem or ProgrammeSession
    uid: Any
    sequence: int
    calendar_changed_at: datetime.datetime
    start: datetime.datetime
    end: datetime.datetime
    start_timezone: str
    end_timezone: str
    status: str  # "tentative" | "confirmed" | "cancelled"
    kind: str
    title: dict
    description: dict
    venue: Any = None
    location_text: str = ""
    location_address: str = ""
    flight_number: str = ""
    terminal: str = ""
    vehicle: Any = None
    liaison_officer: Any = None
    interpreter: Any = None
    driver: Any = None
    delegation: Any = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def id(self) -> int:
        return self.obj.pk

    @property
    def is_cancelled(self) -> bool:
        return self.status == ItineraryItem.Status.CANCELLED

    @property
    def local_start(self) -> datetime.datetime:
        """The start on the clock of the place where it happens."""
        return self.start.astimezone(zoneinfo.ZoneInfo(self.start_timezone))

    @property
    def local_end(self) -> datetime.datetime:
        return self.end.astimezone(zoneinfo.ZoneInfo(self.end_timezone))

    def place_key(self):
        """What identifies the place, for transfer-time checks; None when the place is unknown."""
        if self.venue is not None:
            return ("venue", self.venue.pk)
        text = (self.location_address or self.location_text).strip().casefold()
        return ("text", " ".join(text.split())) if text else None

    def sort_key(self):
        return (self.start, self.end, 0 if self.source == "item" else 1, self.obj.pk)


def entry_for_item(item: ItineraryItem) -> ItineraryEntry:
    return ItineraryEntry(
        source="item", obj=item, uid=item.uid, sequence=item.sequence, calendar_changed_at=item.calendar_changed_at,
        start=item.start, end=item.end, start_timezone=item.start_timezone, end_timezone=item.end_timezone,
        status=item.status, kind=item.kind, title=item.title or {}, description=item.description or {},
        venue=item.venue, location_text=item.location_text, location_address=item.location_address,
        flight_number=item.flight_number, terminal=item.terminal, vehicle=item.vehicle,
        liaison_officer=item.liaison_officer, interpreter=item.interpreter,
        driver=item.driver or (item.vehicle.driver if item.vehicle else None), delegation=item.delegation,
    )


def entry_for_session(session: ProgrammeSession, event: Event) -> ItineraryEntry:
    zone = session.venue.timezone if session.venue else event.timezone
    return ItineraryEntry(
        source="session", obj=session, uid=session.uid, sequence=session.sequence,
        calendar_changed_at=session.calendar_changed_at, start=session.start, end=session.end,
        start_timezone=zone, end_timezone=zone,
        status=ItineraryItem.Status.CANCELLED if session.is_cancelled else ItineraryItem.Status.CONFIRMED,
        kind=ItineraryItem.Kind.PROGRAMME_SESSION, title=session.title or {}, description=session.description or {},
        venue=session.venue, location_text="", location_address=session.venue.address if session.venue else "",
    )


def _items(queryset):
    return queryset.select_related(*ITEM_RELATED)


def _merge(items, sessions, event, include_cancelled) -> list[ItineraryEntry]:
    entries = [entry_for_item(item) for item in items]
    linked_sessions = {item.programme_session_id for item in items if item.programme_session_id}
    # A session that also has its own itinerary item (e.g. with a car and an interpreter) appears once, as the item.
    entries += [entry_for_session(session, event) for session in sessions if session.pk not in linked_sessions]
    if not include_cancelled:
        entries = [entry for entry in entries if not entry.is_cancelled]
    return sorted(entries, key=ItineraryEntry.sort_key)


def _sessions_of_delegation(delegation_id):
    if delegation_id is None:
        return []
    return list(ProgrammeSession.objects.filter(delegations=delegation_id).select_related("venue"))


def guest_items_queryset(guest: Guest):
    """The guest's own items and those of their whole delegation."""
    personal = ItineraryItem.guests.through.objects.filter(guest_id=guest.pk).values("itineraryitem_id")
    condition = Q(pk__in=personal)
    if guest.delegation_id:
        condition |= Q(delegation_id=guest.delegation_id)
    return ItineraryItem.objects.filter(condition, event_id=guest.event_id)


def guest_itinerary(guest: Guest, *, include_cancelled=True) -> list[ItineraryEntry]:
    """The guest's delegation's items, their personal items and the programme sessions their
    delegation attends to which the guest's category is invited."""
    event = guest.event
    items = list(_items(guest_items_queryset(guest)))
    sessions = [s for s in _sessions_of_delegation(guest.delegation_id) if s.invites(guest.category)]
    return _merge(items, sessions, event, include_cancelled)


def delegation_items_queryset(delegation: Delegation):
    """Items for the delegation as a whole, and items of any of its members."""
    members = Guest.objects.filter(delegation_id=delegation.pk).values("pk")
    personal = ItineraryItem.guests.through.objects.filter(guest_id__in=members).values("itineraryitem_id")
    return ItineraryItem.objects.filter(Q(delegation_id=delegation.pk) | Q(pk__in=personal), event_id=delegation.event_id)


def delegation_itinerary(delegation: Delegation, *, include_cancelled=True) -> list[ItineraryEntry]:
    event = delegation.event
    items = list(_items(delegation_items_queryset(delegation)))
    return _merge(items, _sessions_of_delegation(delegation.pk), event, include_cancelled)


def staff_items_queryset(staff: Staff):
    return staff.assigned_items()


def staff_itinerary(staff: Staff, *, include_cancelled=True) -> list[ItineraryEntry]:
    items = list(_items(staff_items_queryset(staff)))
    return _merge(items, [], staff.event, include_cancelled)


def vehicle_itinerary(vehicle: Vehicle, *, include_cancelled=True) -> list[ItineraryEntry]:
    items = list(_items(ItineraryItem.objects.filter(vehicle_id=vehicle.pk, event_id=vehicle.event_id)))
    return _merge(items, [], vehicle.event, include_cancelled)
