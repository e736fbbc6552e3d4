"""The lists that leave for hotels, drivers and the airport team: the rooming list (per hotel and
night), the transport manifest (per vehicle and day) and the arrivals and departures (per day), as
tables in the event's local time. Cancelled items are left out; internal notes never appear."""
from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict

from django.db.models import Prefetch, Q

from core.multilingual import localized
from delegations.models import HotelStay, ItineraryItem
from events.models import Guest

from .exports import announce, person
from .tables import DATE, DATETIME, NUMBER, Column, Table

GUEST_FIELDS = ("id", "family_name", "given_name", "chinese_name", "delegation_id")


def guest_name(guest, language) -> str:
    name = guest.full_name
    if language == "zh-hans" and guest.chinese_name:
        return f"{guest.chinese_name} {name}"
    return name


def rooming_table(event, language, *, hotel=None, night=None, by=None) -> Table:
    names = ["hotel", "room", "guest", "delegation", "check_in", "check_out", "nights", "sharing"]
    kinds = {"check_in": DATE, "check_out": DATE, "nights": NUMBER}
    table = Table("rooming-list", language, event.timezone, [Column(n, kinds.get(n, "text")) for n in names])
    stays = (HotelStay.objects.filter(hotel__event=event).select_related("hotel", "guest", "guest__delegation")
             .prefetch_related(Prefetch("shared_with", queryset=Guest.objects.only(*GUEST_FIELDS)))
             .order_by("hotel_id", "check_in", "room_number", "guest__family_name", "id"))
    if hotel is not None:
        stays = stays.filter(hotel_id=hotel)
    if night is not None:
        stays = stays.filter(check_in__lte=night, check_out__gt=night)
    current, start = None, 0
    for stay in stays:
        hotel_name = localized(stay.hotel.name, language)
        if stay.hotel_id != current:
            if current is not None:
                table.groups.append((table.rows[start][0], start, len(table.rows)))
            current, start = stay.hotel_id, len(table.rows)
        guest = stay.guest
        table.rows.append([
            hotel_name, stay.room_number, guest_name(guest, language),
            guest.delegation.name if guest.delegation_id else "", stay.check_in, stay.check_out,
            (stay.check_out - stay.check_in).days,
            "; ".join(guest_name(other, language) for other in stay.shared_with.all()),
        ])
    if current is not None:
        table.groups.append((table.rows[start][0], start, len(table.rows)))
    announce(event, "rooming-list", names, by)
    return table


def _items(event, kinds=None, *, day=None):
    items = (ItineraryItem.objects.filter(event=event).exclude(status=ItineraryItem.Status.CANCELLED)
             .select_related("venue", "vehicle", "vehicle__driver", "driver", "liaison_officer", "delegation")
             .prefetch_related(Prefetch("guests", queryset=Guest.objects.only(*GUEST_FIELDS)),
                               Prefetch("delegation__members", queryset=Guest.objects.only(*GUEST_FIELDS)))
             .order_by("start", "id"))
    if kinds:
        items = items.filter(kind__in=kinds)
    return items


def _passengers(item) -> list:
    people = {guest.pk: guest for guest in item.guests.all()}
    if item.delegation_id:
        people.update({guest.pk: guest for guest in item.delegation.members.all()})
    return sorted(people.values(), key=lambda g: (g.family_name, g.given_name, g.pk))


def _place(item, language) -> str:
    if item.venue_id:
        return localized(item.venue.name, language)
    return item.location_text


def manifest_table(event, language, *, vehicle=None, day=None, by=None) -> Table:
    names = ["date", "vehicle", "driver", "driver_phone", "time", "until", "what", "from", "to", "flight",
             "passengers", "count"]
    kinds = {"date": DATE, "time": DATETIME, "until": DATETIME, "count": NUMBER}
    table = Table("transport-manifest", language, event.timezone, [Column(n, kinds.get(n, "text")) for n in names])
    items = _items(event).filter(vehicle__isnull=False)
    if vehicle is not None:
        items = items.filter(vehicle_id=vehicle)
    by_vehicle_day = defaultdict(list)
    for item in items:
        start = table.local(item.start)
        if day is None or start.date() == day:
            by_vehicle_day[(item.vehicle.plate, start.date(), item.vehicle_id)].append(item)
    for (plate, date, _pk), day_items in sorted(by_vehicle_day.items()):
        first, previous_place = len(table.rows), ""
        for item in day_items:
            driver = item.driver or item.vehicle.driver
            passengers = _passengers(item)
            place = _place(item, language)
            table.rows.append([
                date, plate, person(driver, language), driver.phone if driver else "", table.local(item.start),
                table.local(item.end), localized(item.title, language), previous_place, place, item.flight_number,
                "; ".join(guest_name(g, language) for g in passengers), len(passengers),
            ])
            previous_place = place
        table.groups.append((f"{plate} · {date.isoformat()}", first, len(table.rows)))
    announce(event, "transport-manifest", names, by)
    return table


def flights_table(event, language, direction, *, day=None, by=None) -> Table:
    """Arrivals (direction "arrivals": landing time in the arrival zone) or departures, per day:
    the itinerary's arrival/departure items, and guests whose own record names a flight no item holds."""
    names = ["date", "time", "flight", "terminal", "delegation", "guests", "count", "greeter", "greeter_phone"]
    kinds = {"date": DATE, "time": DATETIME, "count": NUMBER}
    table = Table(direction, language, event.timezone, [Column(n, kinds.get(n, "text")) for n in names])
    arriving = direction == "arrivals"
    kind = ItineraryItem.Kind.ARRIVAL if arriving else ItineraryItem.Kind.DEPARTURE
    rows, covered = [], set()
    for item in _items(event, [kind]):
        moment = item.end if arriving else item.start
        zone = item.end_timezone if arriving else item.start_timezone
        local = datetime_in(moment, zone)
        passengers = _passengers(item)
        covered.update(g.pk for g in passengers)
        officer = item.liaison_officer or (item.delegation.liaison_officer if item.delegation_id else None)
        delegations = item.delegation.name if item.delegation_id else ""
        rows.append((local, item.flight_number, item.terminal, delegations, passengers, officer))
    flight_field, time_field = ("arrival_flight", "arrival_time") if arriving else ("departure_flight", "departure_time")
    own = defaultdict(list)
    guests = (Guest.objects.filter(event=event).filter(~Q(**{flight_field: ""}) | Q(**{f"{time_field}__isnull": False}))
              .exclude(pk__in=covered).select_related("delegation", "delegation__liaison_officer"))
    for guest in guests:
        moment = getattr(guest, time_field)
        own[(getattr(guest, flight_field), moment)].append(guest)
    for (flight, moment), people in own.items():
        local = table.local(moment) if moment else None
        delegations = sorted({g.delegation.name for g in people if g.delegation_id})
        officers = [g.delegation.liaison_officer for g in people if g.delegation_id and g.delegation.liaison_officer]
        rows.append((local, flight, "", "; ".join(delegations),
                     sorted(people, key=lambda g: (g.family_name, g.given_name, g.pk)), officers[0] if officers else None))
    rows.sort(key=lambda row: (row[0] is None, row[0] or datetime.datetime.min, row[1]))
    for local, flight, terminal, delegations, passengers, officer in rows:
        if day is not None and (local is None or local.date() != day):
            continue
        table.rows.append([local.date() if local else None, local, flight, terminal, delegations,
                           "; ".join(guest_name(g, language) for g in passengers), len(passengers),
                           person(officer, language), officer.phone if officer else ""])
    announce(event, direction, names, by)
    return table


def datetime_in(moment, zone):
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)
