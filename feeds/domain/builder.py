"""The data half of building a subscription feed quickly, from cached VEVENTs (the rendering half,
feeds.interfaces.calendars.build_feed, puts them together).

Serializing one VEVENT costs about 0.2 ms and loading an itinerary item with its venue, car and
staff as model instances about as much again, so a 2 000-item feed built from scratch takes
half a second. Most of a feed does not change between two fetches, so:

1. One query per source lists the feed's rows with only their version columns: id, updated_at,
   SEQUENCE, calendar_changed_at, start/end and zones, the venue's updated_at. Which rows belong
   to the feed, and which of them it shows in what order, is decided by
   delegations.domain.itineraries (its sources and its merge), as for every other itinerary.
2. Each row's VEVENT text is cached (Django's cache "feeds") under (renderer version, language,
   event row, the row's version columns). Any save of the row changes updated_at, and so does
   any change of what it shows of a venue, a person, a car or a delegation, or their deletion
   (core.calendar marks the entries that show them).
3. Only the rows missing from the cache are loaded in full (plain values, no model instances
   per item, load_entries) and serialized; then the calendar is assembled from the pieces.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches

from delegations.domain.itineraries import ItineraryEntry, ItinerarySources, merge
from delegations.models import Delegation, ItineraryItem, Staff, Vehicle
from events.models import ProgrammeSession, Venue

CACHE_ALIAS = "feeds"  # settings.CACHES: Redis shared by every web process when CACHE_URL is set
ITEM_VERSION_FIELDS = (
    "pk", "updated_at", "sequence", "calendar_changed_at", "start", "end", "start_timezone", "end_timezone",
    "venue__updated_at", "programme_session_id",
)
SESSION_VERSION_FIELDS = (
    "pk", "updated_at", "sequence", "calendar_changed_at", "start", "end", "venue__timezone", "venue__updated_at",
    "invited_categories",
)

ITEM_FIELDS = (
    "pk", "uid", "sequence", "calendar_changed_at", "start", "end", "start_timezone", "end_timezone", "status", "kind",
    "title", "description", "venue_id", "location_text", "location_address", "flight_number", "terminal",
    "vehicle_id", "liaison_officer_id", "interpreter_id", "driver_id", "delegation_id",
)
SESSION_FIELDS = ("pk", "uid", "sequence", "calendar_changed_at", "start", "end", "title", "description", "venue_id", "is_cancelled", "kind")
CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on query parameters


@dataclass(frozen=True)
class FeedRow:
    """One entry of a feed as its version columns: what delegations.domain.itineraries.merge reads."""

    source: str  # "item" | "session"
    pk: int
    version: str
    start: datetime.datetime
    end: datetime.datetime
    start_timezone: str
    end_timezone: str
    programme_session_id: int | None = None
    invited_categories: Any = ()


def entry_cache():
    return caches[CACHE_ALIAS]


def stamp(moment) -> str:
    return "-" if moment is None else f"{moment.timestamp():.6f}"


def _version(values) -> str:
    return "{}:{}:{}:{}".format(
        stamp(values["updated_at"]), values["sequence"], stamp(values["calendar_changed_at"]),
        stamp(values["venue__updated_at"]),
    )


def feed_rows(sources: ItinerarySources) -> list[FeedRow]:
    """The feed's entries in calendar order, as version columns only (one query per source)."""
    items = [] if sources.items is None else [
        FeedRow("item", v["pk"], _version(v), v["start"], v["end"], v["start_timezone"],
                v["end_timezone"] or v["start_timezone"], programme_session_id=v["programme_session_id"])
        for v in sources.items.order_by().values(*ITEM_VERSION_FIELDS)
    ]
    sessions = []
    for v in [] if sources.sessions is None else sources.sessions.order_by().values(*SESSION_VERSION_FIELDS):
        zone = v["venue__timezone"] or sources.event.timezone
        sessions.append(FeedRow("session", v["pk"], _version(v), v["start"], v["end"], zone, zone,
                                invited_categories=v["invited_categories"] or ()))
    return merge(items, sessions, category=sources.category)


def _chunks(ids) -> list[list[int]]:
    ids = sorted({pk for pk in ids if pk is not None})
    return [ids[offset: offset + CHUNK] for offset in range(0, len(ids), CHUNK)]


def _values(queryset, ids, fields) -> list[dict]:
    return [values for chunk in _chunks(ids) for values in queryset.filter(pk__in=chunk).values(*fields)]


def _by_pk(queryset, ids) -> dict:
    return {obj.pk: obj for chunk in _chunks(ids) for obj in queryset.filter(pk__in=chunk)}


def load_entries(event, rows: list[FeedRow]) -> dict[tuple[str, int], ItineraryEntry]:
    """Full entries for these rows, built like delegations.domain.itineraries.entry_for_item /
    entry_for_session but from plain values and one query per related table (no model
    instances: `obj` is None, the renderer reads only the entry's attributes)."""
    item_values = _values(ItineraryItem.objects.all(), [r.pk for r in rows if r.source == "item"], ITEM_FIELDS)
    session_values = _values(ProgrammeSession.objects.all(), [r.pk for r in rows if r.source == "session"], SESSION_FIELDS)
    venues = _by_pk(Venue.objects.all(), [v["venue_id"] for v in item_values + session_values])
    vehicles = _by_pk(Vehicle.objects.all(), [v["vehicle_id"] for v in item_values])
    staff = _by_pk(
        Staff.objects.all(),
        [v[name] for v in item_values for name in ("liaison_officer_id", "interpreter_id", "driver_id")]
        + [vehicle.driver_id for vehicle in vehicles.values()],
    )
    delegations = _by_pk(Delegation.objects.only("pk", "name"), [v["delegation_id"] for v in item_values])
    entries = {}
    for v in item_values:
        vehicle = vehicles.get(v["vehicle_id"])
        driver = staff.get(v["driver_id"]) or (staff.get(vehicle.driver_id) if vehicle is not None else None)
        entries[("item", v["pk"])] = ItineraryEntry(
            source="item", obj=None, uid=v["uid"], sequence=v["sequence"], calendar_changed_at=v["calendar_changed_at"],
            start=v["start"], end=v["end"], start_timezone=v["start_timezone"], end_timezone=v["end_timezone"],
            status=v["status"], kind=v["kind"], title=v["title"] or {}, description=v["description"] or {},
            venue=venues.get(v["venue_id"]), location_text=v["location_text"], location_address=v["location_address"],
            flight_number=v["flight_number"], terminal=v["terminal"], vehicle=vehicle,
            liaison_officer=staff.get(v["liaison_officer_id"]), interpreter=staff.get(v["interpreter_id"]),
            driver=driver, delegation=delegations.get(v["delegation_id"]), pk=v["pk"],
        )
    for v in session_values:
        venue = venues.get(v["venue_id"])
        zone = venue.timezone if venue is not None else event.timezone
        entries[("session", v["pk"])] = ItineraryEntry(
            source="session", obj=None, uid=v["uid"], sequence=v["sequence"], calendar_changed_at=v["calendar_changed_at"],
            start=v["start"], end=v["end"], start_timezone=zone, end_timezone=zone,
            status=ItineraryItem.Status.CANCELLED if v["is_cancelled"] else ItineraryItem.Status.CONFIRMED,
            kind=ItineraryItem.Kind.PROGRAMME_SESSION, title=v["title"] or {}, description=v["description"] or {},
            venue=venue, location_address=venue.address if venue is not None else "", pk=v["pk"],
        )
    return entries
