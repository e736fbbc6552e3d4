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

from django.db.models import Q, QuerySet

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
    pk: int | None = None  # of the item or session
    programme_session_id: int | None = None  # an item's: the session it stands for
    invited_categories: Any = ()  # a session's: the guest categories invited (empty: all)
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def id(self) -> int:
        return self.pk

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
        return sort_key(self)


def sort_key(entry):
    """Chronological; an item before a session at the same time."""
    return (entry.start, entry.end, 0 if entry.source == "item" else 1, entry.pk)


def entry_for_item(item: ItineraryItem) -> ItineraryEntry:
    return ItineraryEntry(
        source="item", obj=item, uid=item.uid, sequence=item.sequence, calendar_changed_at=item.calendar_changed_at,
        start=item.start, end=item.end, start_timezone=item.start_timezone, end_timezone=item.end_timezone,
        status=item.status, kind=item.kind, title=item.title or {}, description=item.description or {},
        venue=item.venue, location_text=item.location_text, location_address=item.location_address,
        flight_number=item.flight_number, terminal=item.terminal, vehicle=item.vehicle,
        liaison_officer=item.liaison_officer, interpreter=item.interpreter,
        driver=item.driver or (item.vehicle.driver if item.vehicle else None), delegation=item.delegation,
        pk=item.pk, programme_session_id=item.programme_session_id,
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
        pk=session.pk, invited_categories=session.invited_categories or (),
    )


def merge(items, sessions, *, category=None) -> list:
    """The entries an itinerary shows, in order: the one place for these rules. `items` and
    `sessions` are ItineraryEntry objects or lighter rows with the attributes used here (source,
    pk, start, end; an item's programme_session_id; a session's invited_categories)."""
    # A session that also has its own itinerary item (e.g. with a car and an interpreter) appears once, as the item.
    linked = {item.programme_session_id for item in items if item.programme_session_id}
    shown = [
        session for session in sessions
        if session.pk not in linked and (category is None or ProgrammeSession.invites(session, category))
    ]
    return sorted([*items, *shown], key=sort_key)


@dataclass(frozen=True)
class ItinerarySources:
    """Where one itinerary's entries come from: items and programme sessions (querysets, None
    for none), and the guest category the sessions must invite (None: every session)."""

    event: Event
    items: QuerySet | None = None
    sessions: QuerySet | None = None
    category: str | None = None


def itinerary(sources: ItinerarySources, *, include_cancelled=True) -> list[ItineraryEntry]:
    items = [] if sources.items is None else [entry_for_item(item) for item in sources.items.select_related(*ITEM_RELATED)]
    sessions = [] if sources.sessions is None else [
        entry_for_session(session, sources.event) for session in sources.sessions.select_related("venue")
    ]
    entries = merge(items, sessions, category=sources.category)
    return entries if include_cancelled else [entry for entry in entries if not entry.is_cancelled]


def _sessions_of_delegation(delegation_id):
    return None if delegation_id is None else ProgrammeSession.objects.filter(delegations=delegation_id)


def guest_items_queryset(guest: Guest):
    """The guest's own items and those of their whole delegation."""
    personal = ItineraryItem.guests.through.objects.filter(guest_id=guest.pk).values("itineraryitem_id")
    condition = Q(pk__in=personal)
    if guest.delegation_id:
        condition |= Q(delegation_id=guest.delegation_id)
    return ItineraryItem.objects.filter(condition, event_id=guest.event_id)


def guest_sources(guest: Guest) -> ItinerarySources:
    """The guest's delegation's items, their personal items and the programme sessions their
    delegation attends to which the guest's category is invited."""
    return ItinerarySources(guest.event, guest_items_queryset(guest), _sessions_of_delegation(guest.delegation_id), guest.category)


def guest_itinerary(guest: Guest, *, include_cancelled=True) -> list[ItineraryEntry]:
    return itinerary(guest_sources(guest), include_cancelled=include_cancelled)


def delegation_items_queryset(delegation: Delegation):
    """Items for the delegation as a whole, and items of any of its members."""
    members = Guest.objects.filter(delegation_id=delegation.pk).values("pk")
    personal = ItineraryItem.guests.through.objects.filter(guest_id__in=members).values("itineraryitem_id")
    return ItineraryItem.objects.filter(Q(delegation_id=delegation.pk) | Q(pk__in=personal), event_id=delegation.event_id)


def delegation_sources(delegation: Delegation) -> ItinerarySources:
    return ItinerarySources(delegation.event, delegation_items_queryset(delegation), _sessions_of_delegation(delegation.pk))


def delegation_itinerary(delegation: Delegation, *, include_cancelled=True) -> list[ItineraryEntry]:
    return itinerary(delegation_sources(delegation), include_cancelled=include_cancelled)


def staff_items_queryset(staff: Staff):
    return staff.assigned_items()


def staff_sources(staff: Staff) -> ItinerarySources:
    return ItinerarySources(staff.event, staff_items_queryset(staff))


def staff_itinerary(staff: Staff, *, include_cancelled=True) -> list[ItineraryEntry]:
    return itinerary(staff_sources(staff), include_cancelled=include_cancelled)


def vehicle_sources(vehicle: Vehicle) -> ItinerarySources:
    return ItinerarySources(vehicle.event, ItineraryItem.objects.filter(vehicle_id=vehicle.pk, event_id=vehicle.event_id))


def vehicle_itinerary(vehicle: Vehicle, *, include_cancelled=True) -> list[ItineraryEntry]:
    return itinerary(vehicle_sources(vehicle), include_cancelled=include_cancelled)


def programme_sources(event: Event) -> ItinerarySources:
    """Every programme session of the event."""
    return ItinerarySources(event, sessions=ProgrammeSession.objects.filter(event_id=event.pk))


def programme_itinerary(event: Event) -> list[ItineraryEntry]:
    return itinerary(programme_sources(event))
