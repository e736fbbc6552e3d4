"""The day's arrivals and departures board: flight, local time, terminal, delegation, who meets them
and which car, from the day's arrival and departure items (office.domain.day.DayData; no queries)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from delegations.models import ItineraryItem

from .board import staff_name
from .day import DayData

# A car is "the car" of an arrival when a transfer of the same people leaves within this time of landing
# (of a departure: when a transfer reaches the airport within this time before take-off).
CAR_WINDOW = datetime.timedelta(hours=3)


@dataclass
class Movement:
    entry: object
    direction: str  # "arrival" | "departure"
    flight: str
    time: datetime.datetime  # on the event's clock
    other_place: str  # where the flight comes from / goes to, as its zone's city and clock
    terminal: str
    delegations: str
    guests: str  # names, only for viewers who may see guests
    greeter: str
    car: str
    status: str

    @property
    def key(self) -> str:
        return f"item-{self.entry.pk}"


def _city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _car(entry, transfers, direction) -> str:
    if entry.vehicle is not None:
        vehicle = entry.vehicle
    else:
        if direction == "arrival":
            candidates = [t for t in transfers if entry.end <= t.start <= entry.end + CAR_WINDOW]
        else:
            candidates = [t for t in reversed(transfers) if entry.start - CAR_WINDOW <= t.end <= entry.start]
        vehicle = next((t.vehicle for t in candidates if t.vehicle is not None), None)
    if vehicle is None:
        return ""
    return vehicle.plate + (f" · {vehicle.description}" if vehicle.description else "")


def day_movements(data: DayData, *, show_guests: bool) -> list[Movement]:
    """Arrivals landing and departures leaving on the day, by time."""
    tz = data.event.tzinfo
    names = {d.pk: d for d in data.delegations}
    transfers_by_delegations = {}
    for entry in data.items:
        if entry.kind == ItineraryItem.Kind.TRANSFER and not entry.is_cancelled:
            key = frozenset(data.delegation_ids_of_item(entry))
            transfers_by_delegations.setdefault(key, []).append(entry)
    rows = []
    for entry in data.items:
        if entry.kind == ItineraryItem.Kind.ARRIVAL:
            direction, moment, far = "arrival", entry.end, entry.local_start
            zone = entry.start_timezone
        elif entry.kind == ItineraryItem.Kind.DEPARTURE:
            direction, moment, far = "departure", entry.start, entry.local_end
            zone = entry.end_timezone
        else:
            continue
        if not data.start <= moment < data.end:
            continue
        delegation_ids = data.delegation_ids_of_item(entry)
        delegations = [names[pk] for pk in sorted(delegation_ids) if pk in names]
        greeter = entry.liaison_officer or next((d.liaison_officer for d in delegations if d.liaison_officer), None)
        transfers = transfers_by_delegations.get(frozenset(delegation_ids), [])
        rows.append(Movement(
            entry=entry, direction=direction, flight=entry.flight_number, time=moment.astimezone(tz),
            other_place=f"{_city(zone)} {far:%H:%M}" if zone != data.event.timezone else "",
            terminal=entry.terminal, delegations=", ".join(d.name for d in delegations),
            guests=", ".join(p.name for p in data.participants.get(entry.pk, ())) if show_guests else "",
            greeter=staff_name(greeter, show_guests), car=_car(entry, transfers, direction), status=entry.status,
        ))
    return sorted(rows, key=lambda row: (row.time, row.direction, row.entry.pk))
