"""Clashes in an event's itineraries, reported as warnings (an organizer may knowingly accept
one): the same guest, staff member or vehicle booked into overlapping items; too little time
to travel between consecutive items at different places; a vehicle carrying more people than
it has seats; an item before a guest's arrival or after their departure; an item outside the
event's dates. Cancelled items and cancelled sessions never conflict.

The whole event is checked with a fixed number of queries; the per-delegation and per-guest
views filter that result. The check for one item (run on every save) loads only the items
that share a person or vehicle with it around its time."""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from core.multilingual import localized
from events.models import Guest, ProgrammeSession

from ..models import Delegation, ItineraryItem, Staff
from .itineraries import ITEM_RELATED, ItineraryEntry, entry_for_item, entry_for_session

OVERLAP = "overlap"
TRANSFER_TIME = "transfer_time"
VEHICLE_CAPACITY = "vehicle_capacity"
BEFORE_ARRIVAL = "before_arrival"
AFTER_DEPARTURE = "after_departure"
OUTSIDE_EVENT = "outside_event"
CODES = (OVERLAP, TRANSFER_TIME, VEHICLE_CAPACITY, BEFORE_ARRIVAL, AFTER_DEPARTURE, OUTSIDE_EVENT)


@dataclass
class Clash:
    code: str
    message: str
    items: list[int] = field(default_factory=list)  # itinerary item ids involved
    sessions: list[int] = field(default_factory=list)  # programme session ids involved
    guests: list[int] = field(default_factory=list)
    staff: list[int] = field(default_factory=list)
    vehicles: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "code": self.code, "severity": "warning", "message": self.message, "items": self.items,
            "sessions": self.sessions, "guests": self.guests, "staff": self.staff, "vehicles": self.vehicles,
        }


def _title(entry: ItineraryEntry) -> str:
    return localized(entry.title, translation.get_language())


def _clock(moment: datetime.datetime, tz) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def _span(entry: ItineraryEntry, tz) -> str:
    """2023-11-01 09:30–10:30 on the event's clock (the end's date only when it differs)."""
    start, end = entry.start.astimezone(tz), entry.end.astimezone(tz)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}" if start.date() == end.date() else f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"


class _Collector:
    """Gathers clashes, merging those about the same entries (e.g. a delegation item that
    overlaps another for every member becomes one clash naming all the members). Messages are
    written at the end, in the active language, once the clash knows everyone it names."""

    def __init__(self):
        self.by_key: dict[tuple, Clash] = {}
        self.messages: dict[tuple, object] = {}

    def add(self, code, entries, message, *, detail="", guest=None, staff=None, vehicle=None):
        """`message(who, count)` returns the text naming `who` (`count` people or vehicles);
        `detail` separates clashes about the same entries that read differently (e.g. two guests
        with different arrival times)."""
        key = (code, tuple(sorted((e.source, e.obj.pk) for e in entries)), detail)
        clash = self.by_key.get(key)
        if clash is None:
            self.messages[key] = message
            clash = self.by_key[key] = Clash(
                code=code, message="",
                items=sorted(e.obj.pk for e in entries if e.source == "item"),
                sessions=sorted(e.obj.pk for e in entries if e.source == "session"),
            )
        for bucket, value in ((clash.guests, guest), (clash.staff, staff), (clash.vehicles, vehicle)):
            if value is not None and value not in bucket:
                bucket.append(value)


def _check_timeline(collector, entries, buffer, tz, *, guest=None, staff=None, vehicle=None):
    """Overlaps and transfer times on one person's or vehicle's timeline."""
    entries = sorted(entries, key=ItineraryEntry.sort_key)
    who = {"guest": guest, "staff": staff, "vehicle": vehicle}
    for index, current in enumerate(entries):
        for later in entries[index + 1:]:
            if later.start >= current.end:
                break
            collector.add(
                OVERLAP, [current, later],
                lambda who, count, a=current, b=later: ngettext(
                    "%(who)s is booked into “%(first)s” (%(first_span)s) and “%(second)s” (%(second_span)s), "
                    "which overlap.",
                    "%(who)s are booked into “%(first)s” (%(first_span)s) and “%(second)s” (%(second_span)s), "
                    "which overlap.", count,
                ) % {"who": who, "first": _title(a), "first_span": _span(a, tz), "second": _title(b),
                     "second_span": _span(b, tz)},
                **who,
            )
    minimum = datetime.timedelta(minutes=buffer)
    for index, current in enumerate(entries):
        # The next entry that starts once this one has ended.
        following = next((e for e in entries[index + 1:] if e.start >= current.end), None)
        if following is None or following.start - current.end >= minimum:
            continue
        if ItineraryItem.Kind.TRANSFER in (current.kind, following.kind):
            continue  # a transfer item is itself the journey
        here, there = current.place_key(), following.place_key()
        if here is None or there is None or here == there:
            continue
        gap = int((following.start - current.end).total_seconds() // 60)
        collector.add(
            TRANSFER_TIME, [current, following],
            lambda who, count, a=current, b=following, gap=gap: ngettext(
                "%(who)s has only %(gap)s min to get from “%(first)s” to “%(second)s” at another place; "
                "the event's transfer buffer is %(buffer)s min.",
                "%(who)s have only %(gap)s min to get from “%(first)s” to “%(second)s” at another place; "
                "the event's transfer buffer is %(buffer)s min.", count,
            ) % {"who": who, "gap": gap, "first": _title(a), "second": _title(b), "buffer": buffer},
            **who,
        )


def _finish(collector, guest_names, staff_names, vehicle_names) -> list[Clash]:
    clashes = list(collector.by_key.values())
    for key, clash in collector.by_key.items():
        clash.guests.sort()
        clash.staff.sort()
        clash.vehicles.sort()
        who = [guest_names[g] for g in clash.guests] + [staff_names.get(s, f"#{s}") for s in clash.staff] + [
            gettext("vehicle %(plate)s") % {"plate": vehicle_names[v]} for v in clash.vehicles
        ]
        names = pgettext("between names in a list", ", ").join(who) or gettext("Someone")
        clash.message = collector.messages[key](names, max(len(who), 1))
    return sorted(clashes, key=lambda c: (CODES.index(c.code), c.items, c.sessions, c.guests, c.staff, c.vehicles))


def _neighbourhood(event, item):
    """Items and sessions that could clash with `item`: sharing a guest, a delegation, a staff
    member or the vehicle, and close enough in time (within the transfer buffer)."""
    margin = datetime.timedelta(minutes=event.transfer_buffer_minutes)
    people = set(item.guests.values_list("pk", flat=True))
    if item.delegation_id:
        people |= set(Guest.objects.filter(delegation_id=item.delegation_id).values_list("pk", flat=True))
    delegation_ids = set(Guest.objects.filter(pk__in=people, delegation__isnull=False).values_list("delegation_id", flat=True))
    driver_id = item.driver_id or (item.vehicle.driver_id if item.vehicle_id else None)
    staff_ids = {pk for pk in (item.liaison_officer_id, item.interpreter_id, driver_id) if pk}
    related = Q(pk=item.pk) | Q(delegation_id__in=delegation_ids) | Q(
        pk__in=ItineraryItem.guests.through.objects.filter(guest_id__in=people).values("itineraryitem_id")
    )
    if staff_ids:
        related |= (Q(liaison_officer_id__in=staff_ids) | Q(interpreter_id__in=staff_ids) | Q(driver_id__in=staff_ids)
                    | Q(driver__isnull=True, vehicle__driver_id__in=staff_ids))
    if item.vehicle_id:
        related |= Q(vehicle_id=item.vehicle_id)
    window = Q(start__lt=item.end + margin, end__gt=item.start - margin)
    return (related & window) | Q(pk=item.pk), window, delegation_ids


def event_conflicts(event, *, item: ItineraryItem | None = None) -> list[Clash]:
    """Every clash in the event, or — with `item` — only the clashes `item` is part of."""
    if item is not None and (item.pk is None or item.status == ItineraryItem.Status.CANCELLED):
        return []
    tz = event.tzinfo
    buffer = event.transfer_buffer_minutes
    items_query = ItineraryItem.objects.filter(event=event).exclude(status=ItineraryItem.Status.CANCELLED)
    sessions_query = ProgrammeSession.objects.filter(event=event, is_cancelled=False)
    attendance_query = Delegation.sessions.through.objects.filter(delegation__event=event)
    if item is not None:
        related, window, delegation_ids = _neighbourhood(event, item)
        items_query = items_query.filter(related)
        sessions_query = sessions_query.filter(window)
        attendance_query = attendance_query.filter(delegation_id__in=delegation_ids)
    items = list(items_query.select_related(*ITEM_RELATED))
    participants = defaultdict(set)
    for item_id, guest_id in ItineraryItem.guests.through.objects.filter(
        itineraryitem_id__in=[i.pk for i in items] if item is not None else items_query.values("pk")
    ).values_list("itineraryitem_id", "guest_id"):
        participants[item_id].add(guest_id)
    attended = defaultdict(set)
    for delegation_id, session_id in attendance_query.values_list("delegation_id", "programmesession_id"):
        attended[session_id].add(delegation_id)
    guest_rows = Guest.objects.filter(event=event)
    if item is not None:  # only the guests on the items and sessions found, not the whole event
        delegation_scope = {each.delegation_id for each in items if each.delegation_id}
        delegation_scope.update(*attended.values())
        guest_rows = guest_rows.filter(Q(pk__in=set().union(*participants.values())) | Q(delegation_id__in=delegation_scope))
    guests = {
        row["pk"]: row for row in guest_rows.values(
            "pk", "delegation_id", "category", "given_name", "family_name", "arrival_time", "departure_time"
        )
    }
    members = defaultdict(set)
    for guest in guests.values():
        if guest["delegation_id"]:
            members[guest["delegation_id"]].add(guest["pk"])
    sessions = list(sessions_query.filter(pk__in=list(attended)).select_related("venue"))
    staff_rows = Staff.objects.filter(event=event)
    if item is not None:
        staff_rows = staff_rows.filter(pk__in={s.pk for each in items for s in (
            each.liaison_officer, each.interpreter, each.driver, each.vehicle and each.vehicle.driver) if s is not None})
    staff_names = dict(staff_rows.values_list("pk", "full_name"))
    guest_names = {pk: " ".join(p for p in (g["given_name"], g["family_name"]) if p) for pk, g in guests.items()}

    guest_timelines = defaultdict(list)
    staff_timelines = defaultdict(list)
    vehicle_timelines = defaultdict(list)
    item_entries = []
    linked_sessions = defaultdict(set)  # guest → sessions already present through a linked item
    for each in items:
        entry = entry_for_item(each)
        item_entries.append(entry)
        people = set(participants[each.pk])
        if each.delegation_id:
            people |= members[each.delegation_id]
        entry.extra["guests"] = people
        for guest_id in people:
            guest_timelines[guest_id].append(entry)
            if each.programme_session_id:
                linked_sessions[guest_id].add(each.programme_session_id)
        for staff_id in {s.pk for s in (each.liaison_officer, each.interpreter, entry.driver) if s is not None}:
            staff_timelines[staff_id].append(entry)
        if each.vehicle_id:
            vehicle_timelines[each.vehicle_id].append(entry)
    for session in sessions:
        entry = entry_for_session(session, event)
        for delegation_id in attended[session.pk]:
            for guest_id in members[delegation_id]:
                if session.invites(guests[guest_id]["category"]) and session.pk not in linked_sessions[guest_id]:
                    guest_timelines[guest_id].append(entry)

    if item is not None:  # only the timelines the item is on
        def on_timeline(timelines):
            return {key: entries for key, entries in timelines.items() if any(e.obj is focus for e in entries)}

        focus = next(each for each in items if each.pk == item.pk)
        guest_timelines, staff_timelines, vehicle_timelines = map(
            on_timeline, (guest_timelines, staff_timelines, vehicle_timelines))
        item_entries = [e for e in item_entries if e.obj is focus]

    collector = _Collector()
    for guest_id, entries in guest_timelines.items():
        _check_timeline(collector, entries, buffer, tz, guest=guest_id)
        arrival, departure = guests[guest_id]["arrival_time"], guests[guest_id]["departure_time"]
        for entry in entries:
            if arrival and entry.kind != ItineraryItem.Kind.ARRIVAL and entry.start < arrival:
                collector.add(
                    BEFORE_ARRIVAL, [entry], detail=arrival,
                    message=lambda who, count, entry=entry, arrival=arrival: ngettext(
                        "%(who)s is booked into “%(item)s” at %(start)s, before arriving at %(arrival)s.",
                        "%(who)s are booked into “%(item)s” at %(start)s, before arriving at %(arrival)s.", count,
                    ) % {"who": who, "item": _title(entry), "start": _clock(entry.start, tz), "arrival": _clock(arrival, tz)},
                    guest=guest_id,
                )
            if departure and entry.kind != ItineraryItem.Kind.DEPARTURE and entry.end > departure:
                collector.add(
                    AFTER_DEPARTURE, [entry], detail=departure,
                    message=lambda who, count, entry=entry, departure=departure: ngettext(
                        "%(who)s is booked into “%(item)s” until %(end)s, after departing at %(departure)s.",
                        "%(who)s are booked into “%(item)s” until %(end)s, after departing at %(departure)s.", count,
                    ) % {"who": who, "item": _title(entry), "end": _clock(entry.end, tz),
                         "departure": _clock(departure, tz)},
                    guest=guest_id,
                )
    for staff_id, entries in staff_timelines.items():
        _check_timeline(collector, entries, buffer, tz, staff=staff_id)
    vehicle_names = {}
    for vehicle_id, entries in vehicle_timelines.items():
        vehicle = entries[0].vehicle
        vehicle_names[vehicle_id] = vehicle.plate
        _check_timeline(collector, entries, buffer, tz, vehicle=vehicle_id)
        for entry in entries:
            if item is not None and entry.obj.pk != item.pk:
                continue
            guests_aboard = len(entry.extra["guests"])
            staff_aboard = len({s.pk for s in (entry.liaison_officer, entry.interpreter) if s is not None and s != entry.driver})
            if guests_aboard + staff_aboard > vehicle.capacity:
                collector.add(
                    VEHICLE_CAPACITY, [entry],
                    lambda who, count, entry=entry, guests_aboard=guests_aboard, staff_aboard=staff_aboard, vehicle=vehicle: gettext(
                        "%(who)s has %(seats)s seats but “%(item)s” puts %(people)s people in it "
                        "(%(guests)s guests and %(staff)s staff).",
                    ) % {"who": who, "seats": vehicle.capacity, "item": _title(entry), "people": guests_aboard + staff_aboard,
                         "guests": guests_aboard, "staff": staff_aboard},
                    vehicle=vehicle_id,
                )
    for entry in item_entries:
        first_day, last_day = entry.start.astimezone(tz).date(), entry.end.astimezone(tz).date()
        if first_day < event.start_date or last_day > event.end_date:
            collector.add(
                OUTSIDE_EVENT, [entry],
                lambda who, count, entry=entry: gettext(
                    "“%(item)s” (%(span)s) falls outside the event's dates, %(first_day)s to %(last_day)s.",
                ) % {"item": _title(entry), "span": _span(entry, tz), "first_day": event.start_date.isoformat(),
                     "last_day": event.end_date.isoformat()},
            )
    clashes = _finish(collector, guest_names, staff_names, vehicle_names)
    if item is not None:
        clashes = [clash for clash in clashes if item.pk in clash.items]
    return clashes


def conflicts_for_guest(guest, clashes=None) -> list[Clash]:
    clashes = event_conflicts(guest.event) if clashes is None else clashes
    return [c for c in clashes if guest.pk in c.guests]


def conflicts_for_delegation(delegation, clashes=None) -> list[Clash]:
    clashes = event_conflicts(delegation.event) if clashes is None else clashes
    member_ids = set(Guest.objects.filter(delegation=delegation).values_list("pk", flat=True))
    own_items = set(ItineraryItem.objects.filter(delegation=delegation).values_list("pk", flat=True))
    return [c for c in clashes if member_ids.intersection(c.guests) or own_items.intersection(c.items)]


def conflicts_for_item(item, clashes=None) -> list[Clash]:
    """The clashes `item` is part of: the warnings shown when it is saved."""
    if item.pk is None or item.status == ItineraryItem.Status.CANCELLED:
        return []
    if clashes is None:
        return event_conflicts(item.event, item=item)
    return [c for c in clashes if item.pk in c.items]


def conflicts_for_staff(staff, clashes=None) -> list[Clash]:
    clashes = event_conflicts(staff.event) if clashes is None else clashes
    return [c for c in clashes if staff.pk in c.staff]


def conflicts_for_vehicle(vehicle, clashes=None) -> list[Clash]:
    clashes = event_conflicts(vehicle.event) if clashes is None else clashes
    return [c for c in clashes if vehicle.pk in c.vehicles]
