"""What happens on one day of an event, read once: the itinerary items and programme sessions that
touch the day (in the event's time zone), who takes part in them, the delegations in protocol order
and the event's clashes (delegations.domain.conflicts, the one conflict check). A fixed number of
queries, however many delegations and items: the board, the print-out and the benchmark read this."""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from delegations.domain.conflicts import Clash, event_conflicts
from delegations.domain.itineraries import ITEM_RELATED, ItineraryEntry, entry_for_item, entry_for_session
from delegations.domain.precedence import precedence_order
from delegations.models import Delegation, ItineraryItem, Staff, Vehicle
from events.models import Guest, ProgrammeSession

# Columns read for the people on the day's items: enough for a name, never passport data.
PARTICIPANT_COLUMNS = ("itineraryitem_id", "guest_id", "guest__delegation_id", "guest__honorific", "guest__given_name",
                       "guest__family_name", "guest__chinese_name")


def event_days(event) -> list[datetime.date]:
    return [event.start_date + datetime.timedelta(days=n) for n in range((event.end_date - event.start_date).days + 1)]


def parse_day(event, text: str) -> datetime.date:
    """The day `text` (YYYY-MM-DD) names, if it is one of the event's days; Http404 otherwise."""
    try:
        day = datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise Http404 from None
    if len(text) != 10 or not event.start_date <= day <= event.end_date:
        raise Http404
    return day


def default_day(event, now: datetime.datetime) -> datetime.date:
    """Today on the event's clock if the event is on, else its first day."""
    today = now.astimezone(event.tzinfo).date()
    return today if event.start_date <= today <= event.end_date else event.start_date


def day_bounds(event, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Midnight to midnight on the event's clock (23 or 25 hours on a daylight-saving day)."""
    tz = event.tzinfo
    return (datetime.datetime.combine(day, datetime.time(0), tzinfo=tz),
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), tzinfo=tz))


@dataclass
class Participant:
    guest_id: int
    delegation_id: int | None
    name: str


@dataclass
class DayData:
    event: object
    day: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    items: list[ItineraryEntry]
    sessions: list[ItineraryEntry]
    participants: dict[int, list[Participant]]  # item id → guests named on the item
    attendance: dict[int, set[int]]  # session id → delegations attending
    delegations: list  # in protocol precedence
    clashes: list[Clash]  # the clashes any of the day's entries are part of
    clash_guest_delegations: dict[int, int | None] = field(default_factory=dict)  # guest id → delegation id
    vehicles: list = field(default_factory=list)
    staff: list = field(default_factory=list)

    def delegation_ids_of_item(self, entry: ItineraryEntry) -> set[int]:
        """The delegations an item concerns: its own, and those of the guests named on it."""
        ids = {p.delegation_id for p in self.participants.get(entry.pk, ()) if p.delegation_id}
        if entry.delegation is not None:
            ids.add(entry.delegation.pk)
        return ids


def _touches(start, end):
    """Entries overlapping [start, end), and those of no length starting in it."""
    return Q(start__lt=end) & (Q(end__gt=start) | Q(start__gte=start))


def _guest_name(row) -> str:
    return " ".join(part for part in (row["guest__given_name"], row["guest__family_name"]) if part)


def load_day(event, day: datetime.date, *, vehicles=False, staff=False) -> DayData:
    start, end = day_bounds(event, day)
    window = _touches(start, end)
    items_query = ItineraryItem.objects.filter(window, event=event).defer("internal_notes")
    items = [entry_for_item(item) for item in items_query.select_related(*ITEM_RELATED).order_by("start", "end", "id")]
    participants = defaultdict(list)
    through = ItineraryItem.guests.through.objects.filter(itineraryitem_id__in=items_query.values("pk"))
    for row in through.values(*PARTICIPANT_COLUMNS).order_by("guest__family_name", "guest__given_name", "guest_id"):
        participants[row["itineraryitem_id"]].append(
            Participant(row["guest_id"], row["guest__delegation_id"], _guest_name(row)))
    sessions_query = ProgrammeSession.objects.filter(window, event=event)
    sessions = [entry_for_session(s, event) for s in sessions_query.select_related("venue").order_by("start", "id")]
    attendance = defaultdict(set)
    for delegation_id, session_id in Delegation.sessions.through.objects.filter(
        programmesession_id__in=sessions_query.values("pk")
    ).values_list("delegation_id", "programmesession_id"):
        attendance[session_id].add(delegation_id)
    delegations = precedence_order(
        event, Delegation.objects.filter(event=event).select_related("liaison_officer", "interpreter")).delegations
    item_ids, session_ids = {e.pk for e in items}, {e.pk for e in sessions}
    clashes = [c for c in event_conflicts(event) if item_ids.intersection(c.items) or session_ids.intersection(c.sessions)]
    data = DayData(event=event, day=day, start=start, end=end, items=items, sessions=sessions,
                   participants=dict(participants), attendance=dict(attendance), delegations=delegations, clashes=clashes)
    data.clash_guest_delegations = dict(
        Guest.objects.filter(event=event, pk__in={g for c in clashes for g in c.guests}).values_list("pk", "delegation_id"))
    if vehicles:
        data.vehicles = list(Vehicle.objects.filter(event=event).select_related("driver").order_by("plate", "id"))
    if staff:
        data.staff = list(Staff.objects.filter(event=event).order_by("role", "full_name", "id"))
    return data
